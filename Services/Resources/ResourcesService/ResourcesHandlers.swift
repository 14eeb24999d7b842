import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import RPCServer
import ResourcesAPI
import ServiceKit

/// The resources methods.
struct ResourcesHandlers: Sendable {
    let database: any DatabaseWriter
    let membership: any RPCTransport

    func register(in methods: inout RPCMethods) {
        methods.register(Resources.createResource, self.createResource)
        methods.register(Resources.getResource, self.getResource)
    }

    func createResource(_ request: CreateResourceRequest, context: RPCContext) async throws -> Resource {
        let author = try context.requirePrincipal()
        let studio = try await Membership.requireStudio(request.studioID, over: self.membership)
        guard studio.status == .active else {
            throw RPCError.failedPrecondition("studio \(studio.id) is closed", field: "studioID")
        }
        let resource = Resource(
            id: "rs-" + UUID().uuidString.lowercased(), studioID: studio.id, title: request.title, type: request.type,
            year: request.year, visibility: request.visibility, authorID: author.subject, createdAt: Date())
        return try await self.database.writeIdempotent(context) { db in
            try ResourceRecord(resource).insert(db)
            return resource
        }
    }

    func getResource(_ request: GetResourceRequest, context: RPCContext) async throws -> Resource {
        let record = try await self.database.read { db in try ResourceRecord.fetchOne(db, key: request.id) }
        guard let record else { throw RPCError.notFound("resource \(request.id) does not exist", field: "id") }
        return try record.resource()
    }
}
