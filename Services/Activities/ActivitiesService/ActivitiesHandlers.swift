import Auth
import ActivitiesAPI
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import RPCServer
import ServiceKit

/// The activities methods.
struct ActivitiesHandlers: Sendable {
    let database: any DatabaseWriter
    let membership: any RPCTransport

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.scheduleActivity, self.scheduleActivity)
        methods.register(Activities.getActivity, self.getActivity)
    }

    func scheduleActivity(_ request: ScheduleActivityRequest, context: RPCContext) async throws -> Activity {
        let host = try context.requirePrincipal()
        let studio = try await Membership.requireStudio(request.studioID, over: self.membership)
        guard studio.status == .active else {
            throw RPCError.failedPrecondition("studio \(studio.id) is closed", field: "studioID")
        }
        let activity = Activity(
            id: "ac-" + UUID().uuidString.lowercased(), studioID: studio.id, title: request.title, mode: request.mode,
            kind: request.kind, startsAt: request.startsAt, endsAt: request.endsAt, hostID: host.subject,
            status: .planned)
        return try await self.database.writeIdempotent(context) { db in
            try ActivityRecord(activity).insert(db)
            return activity
        }
    }

    func getActivity(_ request: GetActivityRequest, context: RPCContext) async throws -> Activity {
        let record = try await self.database.read { db in try ActivityRecord.fetchOne(db, key: request.id) }
        guard let record else { throw RPCError.notFound("activity \(request.id) does not exist", field: "id") }
        return try record.activity()
    }
}
