import AssessmentAPI
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import Testing

/// R-MGT-5 on the five processes: a studio new in the assessed year is ranked but not proposed for closure, and
/// the report says why; with the grace turned off, the same idle studio is proposed for closure.
@Suite("End to end: the new-studio grace", .timeLimit(.minutes(10)))
struct NewStudioGraceTests {
    @Test("an idle studio created in the year's grace is kept with the reason; without the grace it is proposed for closure")
    func grace() async throws {
        try await withTemporaryDirectory { directory in
            try await Platform.with(in: directory) { platform in try await Self.check(platform) }
        }
    }

    static func check(_ platform: Platform) async throws {
        do {
            let office = try await platform.mint("office-1", "provinceOffice")
            let membership = try platform.membership.transport(token: office)
            let assessment = try platform.assessment.transport(token: office)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
            let year = calendar.component(.year, from: Date())
            _ = try await membership.call(Membership.setQuota, .init(city: .lishui, level: .city, limit: 1))
            let studio = try await membership.call(
                Membership.createStudio,
                .init(
                    name: "丽水市小学科学名师网络工作室",
                    level: .city,
                    city: .lishui,
                    county: "莲都区",
                    stage: .primary,
                    subject: "科学",
                    kind: .subject,
                    leaderID: "t-lishui"
                )
            )

            // A grace from 1 January: a studio created today is new whatever the date of the test.
            var rules = RuleSet.default2019(year: year)
            rules.newStudios = .init(graceFromMonth: 1, graceFromDay: 1)
            _ = try await assessment.call(Assessment.loadRuleSet, .init(ruleSet: rules))
            _ = try await assessment.call(Assessment.runAssessment, .init(year: year), options: .init(timeout: .seconds(60)))
            let kept = try await assessment.call(Assessment.getStudioReport, .init(year: year, studioID: studio.id)).result
            #expect(kept.idle)
            #expect(kept.proposal == .keep)
            #expect(kept.proposalNote?.contains("R-MGT-5") == true)

            rules.newStudios = .off
            _ = try await assessment.call(Assessment.loadRuleSet, .init(ruleSet: rules))
            _ = try await assessment.call(Assessment.runAssessment, .init(year: year), options: .init(timeout: .seconds(60)))
            let judged = try await assessment.call(Assessment.getStudioReport, .init(year: year, studioID: studio.id)).result
            #expect(judged.proposal == .close)
            #expect(judged.proposalNote == nil)
        }
    }
}
