import Auth
import Foundation
import IdentityAPI
import IdentityService
import JSONRPC
import Programme
import RPCClient
import RPCTesting

/// Identity on a real port and SQLite file, trusting a stand-in teacher-training system, with a province-office
/// admin created by `bootstrap-admin` and an operator token for it.
struct IdentityFixture: Sendable {
    static let officePassword = "correct horse battery staple"

    let server: RunningServer
    let training: TrainingSystemStandIn
    let directory: URL
    /// The province office, signed in with an operator token.
    let office: HTTP2Transport

    static func run(jwksOverURL: String? = nil, _ body: (IdentityFixture) async throws -> Void) async throws {
        let training = try await TrainingSystemStandIn()
        try await withTemporaryDirectory { directory in
            let admin = try await IdentityService.bootstrapAdmin(
                dataDirectory: directory.path,
                username: "office",
                password: Self.officePassword,
                name: "项目办"
            )
            let officeToken = try await IdentityService.mintToken(
                dataDirectory: directory.path,
                principal: Principal(subject: admin.id, roles: [.provinceOffice]),
                lifetime: .seconds(600)
            )
            let system = TrainingSystem(
                jwksFile: jwksOverURL == nil ? try training.writeJWKS(in: directory) : nil,
                jwksURL: jwksOverURL
            )
            try await withRunningService(
                IdentityService.definition(training: system),
                dataDirectory: directory,
                jwksFile: nil
            ) { server in
                try await body(
                    IdentityFixture(
                        server: server,
                        training: training,
                        directory: directory,
                        office: try server.transport(token: officeToken)
                    )
                )
            }
        }
    }

    /// A transport carrying `session`'s access token.
    func transport(_ session: Session) throws -> HTTP2Transport { try self.server.transport(token: session.accessToken) }

    /// Signs `teacher` in through the training system.
    func signIn(_ teacher: TrainingSystemStandIn.Teacher = .init(), kid: String = "rsa-1") async throws -> Session {
        let token = try await self.training.token(teacher, kid: kid)
        return try await self.server.transport().call(Identity.signInWithTrainingToken, .init(token: token))
    }
}
