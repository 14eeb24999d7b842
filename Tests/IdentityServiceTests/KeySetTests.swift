import Auth
import Foundation
import IdentityAPI
import IdentityService
import JSONRPC
import Programme
import RPCTesting
import Testing

@Suite("Identity: signing keys and tokens", .timeLimit(.minutes(10)))
struct KeySetTests {
    @Test("the published key set verifies tokens minted from identity's database; whoAmI names the caller")
    func keySetVerifiesMintedTokens() async throws {
        try await withTemporaryDirectory { directory in
            let principal = Principal(subject: "ops", roles: [.provinceOffice])
            let token = try await IdentityService.mintToken(dataDirectory: directory.path, principal: principal, lifetime: .seconds(60))
            try await withRunningService(IdentityService.definition, dataDirectory: directory, jwksFile: nil) { server in
                let jwks = try await Identity.keySetJSON(over: server.transport())
                #expect(try await TokenVerifier(jwks: jwks).verify(token) == principal)
                let me = try await server.transport(token: token).call(Identity.whoAmI)
                #expect(me.subject == "ops")
                #expect(me.roles == [.provinceOffice])
                let anonymous = await #expect(throws: RPCError.self) { try await server.transport().call(Identity.whoAmI) }
                #expect(anonymous?.status == .unauthenticated)
            }
        }
    }

    @Test("the signing key survives a restart: tokens minted before stay valid")
    func keyPersists() async throws {
        try await withTemporaryDirectory { directory in
            let first = try await withRunningService(IdentityService.definition, dataDirectory: directory, jwksFile: nil) { server in
                try await Identity.keySetJSON(over: server.transport())
            }
            let second = try await withRunningService(IdentityService.definition, dataDirectory: directory, jwksFile: nil) { server in
                try await Identity.keySetJSON(over: server.transport())
            }
            #expect(first == second)
        }
    }
}
