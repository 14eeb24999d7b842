import Auth
import Foundation
import JSONRPC
import JWTKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The teacher-training system (师训平台) as identity trusts it: the issuer and audience of its identity tokens
/// and where its public keys are published (a JWKS file or URL). RS256 and ES256 keys are accepted.
public struct TrainingSystem: Sendable {
    public var jwksFile: String?
    public var jwksURL: String?
    public var issuer: String
    public var audience: String

    public init(
        jwksFile: String? = nil,
        jwksURL: String? = nil,
        issuer: String = "shixun.zjer.cn",
        audience: String = "mingshi"
    ) {
        self.jwksFile = jwksFile
        self.jwksURL = jwksURL
        self.issuer = issuer
        self.audience = audience
    }

    public var isConfigured: Bool { self.jwksFile != nil || self.jwksURL != nil }

    /// The key set's JSON, read from the file or fetched from the URL each time it is asked for (on start and on
    /// an unknown key id, so the training system can rotate its keys).
    func loadKeySet() async throws -> String {
        if let path = self.jwksFile {
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        guard let text = self.jwksURL, let url = URL(string: text) else {
            throw RPCError.failedPrecondition("the teacher-training system's key set is not configured (--training-jwks-file or --training-jwks-url)")
        }
        let (data, response) = try await URLSession.shared.data(from: url)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw RPCError.unavailable("the training system's key set at \(text) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The claims of a training-system identity token: the teacher's record as the training system holds it.
struct TrainingClaims: JWTPayload {
    var sub: SubjectClaim
    var iss: IssuerClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var name: String?
    var school: String?
    var city: String?
    var county: String?
    var rural: Bool?
    var paired_region: Bool?
    var stage: String?
    var subject: String?
    var title: String?
    var honours: [String]?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try self.exp.verifyNotExpired()
    }

    /// The record as profile fields, for the same checks a roster row gets.
    var fields: [String: String] {
        var fields: [String: String] = ["trainingID": self.sub.value]
        fields["name"] = self.name
        fields["school"] = self.school
        fields["city"] = self.city
        fields["county"] = self.county
        fields["rural"] = self.rural.map { $0 ? "是" : "否" }
        fields["pairedRegion"] = self.paired_region.map { $0 ? "是" : "否" }
        fields["stage"] = self.stage
        fields["subject"] = self.subject
        fields["title"] = self.title
        return fields
    }
}

/// Verifies training-system identity tokens against its published keys.
final class TrainingTokenVerifier: Sendable {
    let system: TrainingSystem
    private let keys: KeySetCache

    init(system: TrainingSystem) {
        self.system = system
        self.keys = KeySetCache { try await system.loadKeySet() }
    }

    /// The claims of `token`, or `UNAUTHENTICATED` saying what is wrong with it.
    func verify(_ token: String) async throws -> TrainingClaims {
        guard self.system.isConfigured else {
            throw RPCError.failedPrecondition("sign-in through the teacher-training system is not configured on this identity service")
        }
        let claims: TrainingClaims
        do {
            claims = try await self.keys.verify(token, as: TrainingClaims.self)
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError.unauthenticated("training-system token rejected: \(KeySetCache.describe(error))")
        }
        guard claims.iss.value == self.system.issuer else {
            throw RPCError.unauthenticated("training-system token rejected: wrong issuer '\(claims.iss.value)', expected '\(self.system.issuer)'")
        }
        guard claims.aud.value.contains(self.system.audience) else {
            throw RPCError.unauthenticated("training-system token rejected: wrong audience \(claims.aud.value), expected '\(self.system.audience)'")
        }
        return claims
    }
}
