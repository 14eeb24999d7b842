import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import MembershipAPI
import Programme

/// A studio leader's join requests (R-APP-8): teachers asking to become core members, approved within the studio's
/// 100 (R-COMP-5) or declined with a reason. Membership decides who may read and decide them; the page only asks.
extension Pages {
    func joinRequestsPage(_ request: Request, context: ConsoleContext, session: ConsoleSession, error: String? = nil) async throws -> Response {
        let studioID = try context.parameters.require("id")
        async let studio = self.peers.membership.call(Membership.getStudio, .init(id: studioID), as: session)
        let pending = try await self.peers.membership.call(Membership.listJoinRequests, .init(studioID: studioID, status: .pending), as: session)
        var object: [String: Any] = [
            "studioID": studioID, "name": try await studio.name, "none": pending.requests.isEmpty, "count": pending.requests.count,
            "year": Self.year(request),
            "requests": pending.requests.map { join -> [String: Any] in
                var row: [String: Any] = [
                    "id": join.id, "name": join.profile.name, "school": join.profile.school, "city": join.profile.schoolCity.chineseName,
                    "rural": join.profile.rural, "createdAt": Self.chinaTime(join.createdAt), "csrf": session.csrf, "studioID": studioID,
                ]
                row.setIfPresent("message", join.message)
                return row
            },
        ]
        if let error { object["error"] = error }
        return self.renderer.page("joinRequests", object, title: "入室申请", session: session, status: error == nil ? .ok : .badRequest)
    }

    func decideJoinRequest(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(ReviewForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        let studioID = try context.parameters.require("id")
        let requestID = try context.parameters.require("requestID")
        guard let decision = form.decision, decision == "accept" || decision == "refuse" else {
            return try await self.joinRequestsPage(request, context: context, session: session, error: "请选择同意或不同意。")
        }
        // Only a pending request of this studio, as membership lists it to the caller.
        let pending = try await self.peers.membership.call(Membership.listJoinRequests, .init(studioID: studioID, status: .pending), as: session)
        guard pending.requests.contains(where: { $0.id == requestID }) else {
            return self.renderer.page(
                "error",
                ["heading": "未找到", "message": "入室申请 \(requestID) 不是本工作室待处理的申请。"],
                title: "未找到",
                session: session,
                status: .notFound
            )
        }
        let reason = form.reason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        do {
            _ = try await self.peers.membership.call(
                Membership.decideJoinRequest,
                .init(
                    requestID: requestID,
                    approve: decision == "accept",
                    reason: reason
                ),
                as: session
            )
            return Self.redirect("/studios/\(studioID)/join-requests")
        } catch let error as RPCError where error.status == .invalidArgument || error.status == .failedPrecondition {
            return try await self.joinRequestsPage(request, context: context, session: session, error: Self.describe(error))
        }
    }
}
