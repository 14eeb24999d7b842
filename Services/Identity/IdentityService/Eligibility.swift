import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme

/// Who may lead a studio or be a subject leader, from the mirrored title and honours. Each check answers with the
/// rule and what satisfied it, or with the rule and what is missing.
enum Eligibility {
    enum Outcome: Equatable {
        case eligible(String)
        case ineligible(rule: Rule, reason: String)

        /// What made the applicant eligible, or `FAILED_PRECONDITION` naming the rule they do not meet.
        func basis(field: String? = nil) throws -> String {
            switch self {
            case .eligible(let basis): return basis
            case .ineligible(let rule, let reason): throw RPCError.failedPrecondition(reason, rule: rule, field: field)
            }
        }
    }

    /// R-APP-1 (``Account/provincialLeaderBasis(kind:)``, shared with membership's check on promotion).
    static func provincialLeader(_ account: Account, kind: StudioKind) -> Outcome {
        if let basis = account.provincialLeaderBasis(kind: kind) { return .eligible(basis) }
        return .ineligible(rule: .app1, reason: Account.provincialLeaderRequirement(kind: kind))
    }

    /// R-APP-4: a city's own minimum title and honour for its city and county studio leaders.
    static func localLeader(_ account: Account, rule: LocalLeaderRule) -> Outcome {
        guard account.title >= rule.minimumTitle else {
            return .ineligible(rule: .app4, reason: "\(rule.city.chineseName) asks for a title of \(rule.minimumTitle.rawValue) or above")
        }
        if rule.requiresCityHonour, !Self.hasCityHonourOrAbove(account) {
            return .ineligible(rule: .app4, reason: "\(rule.city.chineseName) asks for a city-level honour or above")
        }
        return .eligible("R-APP-4: \(rule.city.chineseName)'s rule")
    }

    /// R-APP-5: 中学一级 or above AND a city-level honour; R-APP-6: a rural applicant needs only one of the two.
    static func subjectLeader(_ account: Account) -> Outcome {
        let title = account.title >= .first
        let honour = Self.hasCityHonourOrAbove(account)
        if title && honour { return .eligible("R-APP-5: first-grade title or above and a city-level honour") }
        if account.rural, title || honour {
            return .eligible("R-APP-6: rural applicant with \(title ? "a first-grade title or above" : "a city-level honour")")
        }
        if account.rural {
            return .ineligible(rule: .app6, reason: "a rural applicant needs a first-grade title or above, or a city-level honour")
        }
        return .ineligible(
            rule: .app5,
            reason: "a subject leader needs a first-grade title or above and a city-level honour"
                + (title ? " (no city-level honour on record)" : " (title below first grade)")
        )
    }

    /// Provincial honours rank above city-level ones.
    static func hasCityHonourOrAbove(_ account: Account) -> Bool { account.hasCityHonourOrAbove }
}
