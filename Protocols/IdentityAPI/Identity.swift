import Foundation
import JSONRPC

/// Methods of the identity service: accounts, tokens, applications. Its own error codes are 1000–1999.
public enum Identity {
    /// The public keys that verify platform access tokens, as a JWKS document (`{"keys": [...]}`).
    /// Caller: anyone (every service fetches it at start and on key rotation).
    public static let getKeySet = RPCMethod<Empty, JSONValue>(
        "identity.getKeySet", summary: "The JWKS of the keys that sign platform access tokens.", access: .anyone)

    /// Who the caller's access token says they are. Caller: any signed-in account.
    public static let whoAmI = RPCMethod<Empty, WhoAmI>(
        "identity.whoAmI", summary: "The caller as the access token names them.", access: .signedIn)

    /// Every method, for completeness checks.
    public static let all: [RPCMethodDescriptor] = [getKeySet.descriptor, whoAmI.descriptor]

    /// The key set as JSON text, fetched over `transport`: what other services give their token verifier.
    public static func keySetJSON(over transport: any RPCTransport) async throws -> String {
        let keySet = try await transport.call(Self.getKeySet)
        return String(decoding: try JSONCoding.encoder.encode(keySet), as: UTF8.self)
    }
}

/// The result of `identity.whoAmI`.
public struct WhoAmI: Codable, Sendable, Equatable {
    public var subject: String
    public var name: String?
    public var roles: [Role]
    public var city: String?
    public var county: String?
    public var workstation: String?

    public init(subject: String, name: String?, roles: [Role], city: String?, county: String?, workstation: String?) {
        self.subject = subject
        self.name = name
        self.roles = roles
        self.city = city
        self.county = county
        self.workstation = workstation
    }
}
