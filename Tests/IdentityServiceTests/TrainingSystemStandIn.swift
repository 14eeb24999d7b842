import Foundation
import JWTKit
import _CryptoExtras

/// Stands in for the teacher-training system (师训平台) through its real contract: it signs identity tokens with
/// its own keys (RS256 and ES256) and publishes them as a JWKS document. Nothing of identity is faked.
struct TrainingSystemStandIn: Sendable {
    static let issuer = "shixun.zjer.cn"
    static let audience = "mingshi"

    let keys = JWTKeyCollection()
    let jwks: String

    /// One RSA key for the whole test run: generating a 2048-bit key takes seconds in a debug build.
    static let sharedRSAKey = Result { try Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048)) }

    /// A training system with the shared RSA key ("rsa-1") and a fresh P-256 key ("ec-1").
    init() async throws {
        let rsa = try Self.sharedRSAKey.get()
        let ec = ES256PrivateKey()
        await self.keys.add(rsa: rsa, digestAlgorithm: .sha256, kid: "rsa-1")
        await self.keys.add(ecdsa: ec, kid: "ec-1")
        let (modulus, exponent) = try rsa.publicKey.getKeyPrimitives()
        let ecParameters = ec.parameters!
        let jwks: [String: Any] = [
            "keys": [
                ["kty": "RSA", "alg": "RS256", "use": "sig", "kid": "rsa-1", "n": Self.base64URL(modulus), "e": Self.base64URL(exponent)],
                ["kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": "ec-1", "x": ecParameters.x, "y": ecParameters.y],
            ]
        ]
        self.jwks = String(decoding: try JSONSerialization.data(withJSONObject: jwks), as: UTF8.self)
    }

    func writeJWKS(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("training-jwks.json").path
        try self.jwks.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An identity token for `teacher`, signed with the key `kid`.
    func token(
        _ teacher: Teacher,
        kid: String = "rsa-1",
        issuer: String = Self.issuer,
        audience: String = Self.audience,
        expiresIn: TimeInterval = 300
    ) async throws -> String {
        let claims = Claims(
            sub: .init(value: teacher.trainingID),
            iss: .init(value: issuer),
            aud: .init(value: [audience]),
            exp: .init(value: Date().addingTimeInterval(expiresIn)),
            name: teacher.name,
            school: teacher.school,
            city: teacher.city,
            county: teacher.county,
            rural: teacher.rural,
            paired_region: false,
            stage: teacher.stage,
            subject: teacher.subject,
            title: teacher.title,
            honours: teacher.honours
        )
        return try await self.keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    /// A teacher's record in the training system.
    struct Teacher: Sendable {
        var trainingID = "330106198001011234"
        var name = "王芳"
        var school = "杭州市西湖区文三街小学"
        var city = "杭州"
        var county = "西湖区"
        var rural = false
        var stage = "小学"
        var subject = "数学"
        var title = "高级教师"
        var honours = ["杭州市学科带头人:2018"]
    }

    /// The claims the training system puts in its identity tokens (the contract identity reads).
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var name: String
        var school: String
        var city: String
        var county: String
        var rural: Bool
        var paired_region: Bool
        var stage: String
        var subject: String
        var title: String
        var honours: [String]

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
