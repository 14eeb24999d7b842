import Auth
import JSONRPC
import MembershipAPI
import Programme
import ResourcesAPI

/// Who may see, publish, edit and decide on resources.
///
/// Seeing: a public resource anyone; a signed-in one every account; a studio-members one the studio's leader and
/// roster, its author, the admins over the studio (the province office everywhere, a city admin in their city, a
/// county admin in their county), workstations (R-MGT-1) and services. Publishing: the studio's leader, subject
/// leaders and core members. Editing: the author and the leader. Premium and outcome decisions: the studio's
/// workstation or the province office (R-TASK-5, R-FEAT-4).
struct ResourceAccess: Sendable {
    let membership: any RPCTransport

    /// What the server knows of one caller, gathered once per call.
    struct Viewer: Sendable {
        let principal: Principal?
        /// For a teacher: the studios they lead or are on the roster of now.
        let studios: Set<String>

        var seesEverything: Bool {
            guard let principal else { return false }
            return principal.has(.provinceOffice) || principal.has(.workstation) || principal.has(.service)
        }

        func mayView(_ record: ResourceRecord) -> Bool {
            switch record.visibility {
            case .public: return true
            case .signedIn: return self.principal != nil
            case .studioMembers:
                guard let principal else { return false }
                if self.seesEverything || record.authorID == principal.subject || self.studios.contains(record.studioID) {
                    return true
                }
                if principal.has(.cityAdmin), principal.city == record.city { return true }
                if principal.has(.countyAdmin), principal.city == record.city, principal.county == record.county {
                    return true
                }
                return false
            }
        }
    }

    /// The caller as a viewer: for teachers, their studios are asked of membership on their behalf.
    func viewer(_ principal: Principal?) async throws -> Viewer {
        guard let principal, principal.has(.teacher) else { return Viewer(principal: principal, studios: []) }
        let mine = try await self.membership.call(Membership.listMyMemberships, Empty())
        return Viewer(principal: principal, studios: mine.studioIDs)
    }

    /// Publishing in `studio`: its leader, subject leaders and core members.
    func checkPublish(_ caller: Principal, in studio: Studio) async throws {
        guard studio.status == .active else {
            throw ResourcesError.studioClosed(id: studio.id)
        }
        if studio.leaderID == caller.subject { return }
        let mine = try await self.membership.call(Membership.listMyMemberships, Empty())
        let roles = mine.memberships.filter { $0.studioID == studio.id }.map(\.role)
        guard roles.contains(where: { $0 == .subjectLeader || $0 == .coreMember }) else {
            let detail = roles.contains(.networkMember) ? "network members do not publish" : "the caller is not on its roster"
            throw RPCError(
                .permissionDenied,
                "only the leader, subject leaders and core members publish in studio \(studio.id): \(detail)",
                field: "studioID"
            )
        }
    }

    /// Editing: the author or the studio's leader.
    func checkEdit(_ caller: Principal, _ record: ResourceRecord, studio: Studio) throws {
        guard caller.subject == record.authorID || caller.subject == studio.leaderID else {
            throw RPCError.permissionDenied("only the author or the studio's leader edits resource \(record.id)")
        }
    }

    /// The leader's own acts on the studio's resources (series completion, micro-course entry).
    func checkLeader(_ caller: Principal, studio: Studio, rule: Rule) throws {
        guard caller.subject == studio.leaderID else {
            throw RPCError.permissionDenied("only the leader of studio \(studio.id) does this", rule: rule)
        }
    }

    /// Premium and outcome decisions: the province office, or the workstation the studio is assigned to.
    func checkDecide(_ caller: Principal, studio: Studio, rule: Rule) throws {
        if caller.has(.provinceOffice) { return }
        guard caller.has(.workstation), let workstation = caller.workstation, workstation == studio.workstation else {
            throw RPCError.permissionDenied(
                "only the province office or the workstation of studio \(studio.id) decides this",
                rule: rule
            )
        }
    }
}
