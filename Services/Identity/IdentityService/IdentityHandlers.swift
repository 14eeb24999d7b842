import Auth
import IdentityAPI
import JSONRPC
import RPCServer

/// The identity methods.
struct IdentityHandlers: Sendable {
    let keys: SigningKeys

    func register(in methods: inout RPCMethods) {
        let keySet = try! Encoded(self.keys.keySet)  // a JSON value always encodes
        methods.registerInline(Identity.getKeySet) { _ in keySet }
        methods.register(Identity.whoAmI, self.whoAmI)
    }

    func whoAmI(_ request: Empty, context: RPCContext) async throws -> WhoAmI {
        let principal = try context.requirePrincipal()
        return WhoAmI(subject: principal.subject, name: principal.name,
                      roles: principal.roles.sorted { $0.rawValue < $1.rawValue }, city: principal.city,
                      county: principal.county, workstation: principal.workstation)
    }
}
