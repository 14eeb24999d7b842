import AssessmentAPI
import Foundation
import Hummingbird
import JSONRPC
import MembershipAPI

/// A teacher's own page: the studios they lead or joined (each opening onto its report, live checklist and, for a
/// leader, its join requests), and their credits and badges across frozen years.
extension Pages {
    /// A teacher's own studios: those they lead and those they belong to.
    func mine(session: ConsoleSession) async throws -> Response {
        let mine = try await self.peers.membership.call(Membership.listMyMemberships, Empty(), as: session)
        var studios: [[String: Any]] = []
        for id in mine.studioIDs.sorted() {
            let studio = try await self.peers.membership.call(Membership.getStudio, .init(id: id), as: session)
            studios.append([
                "id": studio.id, "name": studio.name, "role": mine.leads.contains(id) ? "主持人" : "成员", "leads": mine.leads.contains(id),
                "year": Self.currentYear(),
            ])
        }
        // Their own credits (R-MGT-6) and badges (R-MGT-4) across frozen years.
        let record = try await Self.optional { try await self.peers.assessment.call(Assessment.getMyRecord, .init(), as: session) }
        let roles = ["leader": "主持人", "subjectLeader": "学科带头人"]
        let object: [String: Any] = [
            "studios": studios, "none": studios.isEmpty,
            "credits": (record?.credits ?? []).map { entry -> [String: Any] in
                ["year": entry.year, "studioID": entry.studioID, "role": roles[entry.role] ?? entry.role, "credits": entry.credits]
            },
            "badges": (record?.badges ?? []).map { badge -> [String: Any] in
                ["year": badge.year, "studioName": badge.studioName, "role": roles[badge.role] ?? badge.role]
            },
            "hasRecord": !(record?.credits.isEmpty ?? true) || !(record?.badges.isEmpty ?? true),
            "totalCredits": (record?.credits ?? []).reduce(0) { $0 + $1.credits },
        ]
        return self.renderer.page("mine", object, title: "我的工作室", session: session)
    }
}
