import Crypto
import Foundation
import JSONRPC
import JWTKit

/// Mints platform access tokens with an ES256 key and publishes the matching public key set (JWKS).
public struct TokenSigner: Sendable {
    public let keyID: String
    private let keys: JWTKeyCollection
    private let publicJWK: JSONValue

    /// - Parameters:
    ///   - privateKeyPEM: a P-256 private key in PEM form.
    ///   - keyID: the `kid` put in every token's header and in the key set.
    public init(privateKeyPEM: String, keyID: String) async throws {
        let key = try ES256PrivateKey(pem: privateKeyPEM)
        guard let parameters = key.parameters else { throw RPCError.internalError("signing key has no public part") }
        self.keyID = keyID
        self.keys = JWTKeyCollection()
        await self.keys.add(ecdsa: key, kid: JWKIdentifier(string: keyID))
        self.publicJWK = [
            "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": .string(keyID),
            "x": .string(parameters.x), "y": .string(parameters.y),
        ]
    }

    /// A new random P-256 private key in PEM form.
    public static func generatePrivateKeyPEM() -> String {
        P256.Signing.PrivateKey().pemRepresentation
    }

    /// A signed access token for `principal`, valid for `lifetime`.
    public func mint(
        for principal: Principal,
        lifetime: Duration = .seconds(3600),
        now: Date = Date()
    ) async throws
        -> String
    {
        let expiry = now.addingTimeInterval(Double(lifetime.components.seconds))
        let claims = AccessClaims(principal: principal, issuedAt: now, expiresAt: expiry)
        // The kid in the header lets verifiers pick the key, and fetch the key set again after a rotation.
        return try await self.keys.sign(claims, kid: JWKIdentifier(string: self.keyID))
    }

    /// This signer's public key as a JWK.
    public var jwk: JSONValue { self.publicJWK }

    /// A key set holding `jwks` (current key first, then keys still accepted during rotation).
    public static func keySet(_ jwks: [JSONValue]) -> JSONValue { ["keys": .array(jwks)] }
}
