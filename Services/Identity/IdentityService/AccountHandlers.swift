import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import Programme
import RPCServer
import ServiceKit

/// Teacher accounts: reads and the roster import.
struct AccountHandlers: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Identity.getAccount, self.getAccount)
        methods.register(Identity.getAccounts, self.getAccounts)
        methods.register(Identity.importAccounts, self.importAccounts)
    }

    func getAccount(_ request: GetAccountRequest, context: RPCContext) async throws -> Account {
        let caller = try context.requirePrincipal()
        if caller.roles == [.teacher], caller.subject != request.id {
            throw RPCError.permissionDenied("teachers see their own account only")
        }
        let record = try await self.database.read { db in try AccountRecord.fetchOne(db, key: request.id) }
        guard let record else { throw RPCError.notFound("account \(request.id) does not exist", field: "id") }
        return try record.account()
    }

    func getAccounts(_ request: GetAccountsRequest, context: RPCContext) async throws -> AccountList {
        let records = try await self.database.read { db in try AccountRecord.fetchAll(db, keys: request.ids) }
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return AccountList(accounts: try request.ids.compactMap { try byID[$0]?.account() })
    }

    func importAccounts(_ request: ImportAccountsRequest, context: RPCContext) async throws -> ImportReport {
        try await AccountImport.run(request, database: self.database)
    }
}
