import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import RPCServer
import ServiceKit

/// The membership methods.
struct MembershipHandlers: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Membership.createStudio, self.createStudio)
        methods.register(Membership.getStudio, self.getStudio)
    }

    func createStudio(_ request: CreateStudioRequest, context: RPCContext) async throws -> Studio {
        try StudioScope.check(caller: context.requirePrincipal(), mayCreate: request)
        let studio = Studio(
            id: "st-" + UUID().uuidString.lowercased(), name: request.name.trimmingCharacters(in: .whitespacesAndNewlines),
            level: request.level, city: request.city, county: request.county, stage: request.stage,
            subject: request.subject, kind: request.kind, leaderID: request.leaderID, status: .active,
            createdAt: Date())
        return try await self.database.writeIdempotent(context) { db in
            try StudioRecord(studio).insert(db)
            return studio
        }
    }

    func getStudio(_ request: GetStudioRequest, context: RPCContext) async throws -> Studio {
        let record = try await self.database.read { db in try StudioRecord.fetchOne(db, key: request.id) }
        guard let record else { throw RPCError.notFound("studio \(request.id) does not exist", field: "id") }
        return try record.studio()
    }
}
