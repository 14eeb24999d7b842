import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ResourcesAPI
import ServiceKit

/// The research outcomes a decider has to decide (R-FEAT-4): the same scope `ResourceAccess.checkDecide` allows, so
/// the queue lists exactly what its reader may approve or reject.
extension SelectionHandlers {
    func listOutcomesToDecide(_ request: OutcomeQueueRequest, context: RPCContext) async throws -> ResourcePage {
        let caller = try context.requirePrincipal()
        let studios = try await self.decidedStudios(caller)
        let size = request.pageSize ?? 50
        let after = try request.pageToken.map { try PageToken.decodeString($0) }
        return try await self.database.read { db in
            var sql = "SELECT * FROM resource WHERE outcomeStatus = 'pending'"
            var arguments: StatementArguments = []
            if let studios {
                sql += " AND studioID IN (SELECT value FROM json_each(?))"
                arguments += [String(decoding: try JSONEncoder().encode(studios), as: UTF8.self)]
            }
            if let after {
                sql += " AND (createdAt, id) > (SELECT createdAt, id FROM resource WHERE id = ?)"
                arguments += [after]
            }
            let records = try ResourceRecord.fetchAll(db, sql: sql + " ORDER BY createdAt, id LIMIT ?", arguments: arguments + [size + 1])
            let page = Array(records.prefix(size))
            let next = records.count > size ? page.last.map { PageToken.encode($0.id) } : nil
            return ResourcePage(resources: try ResourceReader.load(db, records: page), nextPageToken: next)
        }
    }

    /// The studios whose outcomes `caller` decides: nil for the office (every studio), the studios assigned to a
    /// workstation, none for anyone else.
    private func decidedStudios(_ caller: Principal) async throws -> [String]? {
        if caller.has(.provinceOffice) { return nil }
        guard caller.has(.workstation), let workstation = caller.workstation else { return [] }
        var request = ListStudiosRequest(workstation: workstation)
        request.pageSize = 200
        var ids: [String] = []
        repeat {
            let page = try await self.membership.call(Membership.listStudios, request)
            ids += page.studios.map(\.id)
            request.pageToken = page.nextPageToken
        } while request.pageToken != nil && ids.count < 10_000
        return ids.sorted()
    }
}
