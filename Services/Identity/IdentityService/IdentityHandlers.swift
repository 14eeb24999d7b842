import Auth
import GRDB
import IdentityAPI
import JSONRPC
import Programme
import RPCServer

/// Keys and the caller's identity.
struct KeyHandlers: Sendable {
    let keys: KeyRing
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        let keys = self.keys
        methods.registerInline(Identity.getKeySet) { _, _ in keys.keySet }
        // Where JWT libraries look for keys by convention.
        methods.publish(path: "/.well-known/jwks.json") { keys.keySetData }
        methods.register(Identity.whoAmI, self.whoAmI)
        methods.register(Identity.rotateSigningKey, self.rotateSigningKey)
    }

    func whoAmI(_ request: Empty, context: RPCContext) async throws -> WhoAmI {
        let principal = try context.requirePrincipal()
        return WhoAmI(
            subject: principal.subject,
            name: principal.name,
            roles: principal.roles.sorted { $0.rawValue < $1.rawValue },
            city: principal.city,
            county: principal.county,
            workstation: principal.workstation
        )
    }

    func rotateSigningKey(_ request: Empty, context: RPCContext) async throws -> KeyRotation {
        try await self.keys.rotate(in: self.database)
    }
}
