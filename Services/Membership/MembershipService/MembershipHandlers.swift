import GRDB
import IdentityAPI
import JSONRPC
import RPCServer

/// Every membership method, grouped by what it acts on.
struct MembershipHandlers: Sendable {
    let database: any DatabaseWriter
    let inlineReader: any DatabaseReader
    let identity: any RPCTransport
    /// Who a teacher is, as identity records it: every person put on a roster is looked up here.
    let accounts: AccountDirectory
    let studioCache: StudioCache

    func register(in methods: inout RPCMethods) {
        StudioHandlers(
            database: self.database,
            inlineReader: self.inlineReader,
            identity: self.identity,
            accounts: self.accounts,
            cache: self.studioCache
        ).register(in: &methods)
        RosterHandlers(database: self.database, accounts: self.accounts).register(in: &methods)
        ReportHandlers(database: self.database, accounts: self.accounts).register(in: &methods)
    }
}
