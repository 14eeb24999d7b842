import Foundation
import JSONRPC
import JWTKit
import Programme

/// The claims of a platform access token (issued by identity, verified by every service).
public struct AccessClaims: JWTPayload, Equatable {
    public static let issuer = "mingshi-identity"
    public static let audience = "mingshi"

    public var sub: SubjectClaim
    public var iss: IssuerClaim
    public var aud: AudienceClaim
    public var exp: ExpirationClaim
    public var iat: IssuedAtClaim
    public var name: String?
    public var roles: [Role]
    public var city: String?
    public var county: String?
    public var workstation: String?

    public init(principal: Principal, issuedAt: Date, expiresAt: Date) {
        self.sub = SubjectClaim(value: principal.subject)
        self.iss = IssuerClaim(value: Self.issuer)
        self.aud = AudienceClaim(value: [Self.audience])
        self.exp = ExpirationClaim(value: expiresAt)
        self.iat = IssuedAtClaim(value: issuedAt)
        self.name = principal.name
        self.roles = principal.roles.sorted { $0.rawValue < $1.rawValue }
        self.city = principal.city
        self.county = principal.county
        self.workstation = principal.workstation
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try self.exp.verifyNotExpired()
        guard self.iss.value == Self.issuer else { throw TokenError.wrongIssuer(self.iss.value) }
        try self.aud.verifyIntendedAudience(includes: Self.audience)
    }

    public var principal: Principal {
        Principal(
            subject: self.sub.value,
            name: self.name,
            roles: Set(self.roles),
            city: self.city,
            county: self.county,
            workstation: self.workstation
        )
    }
}

enum TokenError: Error {
    case wrongIssuer(String)
}
