import Auth
import Foundation
import JSONRPC
import Programme

/// Stands in for identity in runtime tests: a signing key of the test's own, its JWKS, and tokens it mints,
/// verified through the same path as in production.
public struct TestKeys: Sendable {
    public let signer: TokenSigner
    public let jwks: String

    public init(keyID: String = "test-key") async throws {
        self.signer = try await TokenSigner(privateKeyPEM: TokenSigner.generatePrivateKeyPEM(), keyID: keyID)
        self.jwks = String(decoding: try JSONCoding.encoder.encode(TokenSigner.keySet([self.signer.jwk])), as: UTF8.self)
    }

    public func token(_ principal: Principal, lifetime: Duration = .seconds(600), now: Date = Date()) async throws -> String {
        try await self.signer.mint(for: principal, lifetime: lifetime, now: now)
    }

    public func token(subject: String, roles: Role..., city: String? = nil, county: String? = nil) async throws -> String {
        try await self.token(Principal(subject: subject, roles: Set(roles), city: city, county: county))
    }

    /// A `service` token written to a file, for `--service-token-file`: what a service presents to its peers.
    public func writeServiceToken(in directory: URL, subject: String = "svc-test") async throws -> String {
        let path = directory.appendingPathComponent("service-\(subject).token").path
        try await self.token(subject: subject, roles: .service).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The JWKS written to a file, for `--jwks-file`.
    public func writeJWKS(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("jwks.json").path
        try self.jwks.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
