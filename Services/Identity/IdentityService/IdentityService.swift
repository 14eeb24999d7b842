import Auth
import Foundation
import GRDB
import JSONRPC
import RPCServer
import ServiceKit

/// The identity service: accounts, tokens and applications. It verifies tokens with its own published keys.
public enum IdentityService {
    public static let definition = ServiceDefinition(
        name: "identity", migrator: .identity,
        keySetSource: { environment in
            let keys = try await SigningKeys.load(from: environment.database)
            let json = String(decoding: try JSONCoding.encoder.encode(keys.keySet), as: UTF8.self)
            return { json }
        },
        register: { environment, methods in
            IdentityHandlers(keys: try await SigningKeys.load(from: environment.database)).register(in: &methods)
        })

    /// Mints an access token with the newest signing key of the database in `dataDirectory`: the operator's way in
    /// before accounts exist (`identity mint-token`).
    public static func mintToken(dataDirectory: String, principal: Principal, lifetime: Duration) async throws -> String {
        let database = try ServiceDatabase.open(directory: dataDirectory, service: "identity", migrator: .identity)
        defer { try? database.close() }
        return try await SigningKeys.load(from: database).signer.mint(for: principal, lifetime: lifetime)
    }
}
