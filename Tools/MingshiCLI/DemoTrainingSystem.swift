import ArgumentParser
import Foundation
import JWTKit

/// A stand-in for the teacher-training system (师训平台) on a demo machine: its own ES256 key and published JWKS,
/// and identity tokens signed with it — the same contract identity trusts in production, so a newcomer can try the
/// real sign-in. Never point a production identity at these keys.
struct DemoTrainingSystem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-training-system",
        abstract: "Create (once) a demo training system's signing key and JWKS in a directory."
    )

    @Option(help: "Where the key and training-jwks.json go.") var dir: String

    func run() async throws {
        let key = try Self.loadOrCreateKey(in: self.dir)
        let parameters = key.parameters!
        let jwks =
            #"{"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"demo-training-1","x":"\#(parameters.x)","y":"\#(parameters.y)"}]}"#
        try jwks.write(toFile: self.dir + "/training-jwks.json", atomically: true, encoding: .utf8)
        print(self.dir + "/training-jwks.json")
    }

    static func loadOrCreateKey(in dir: String) throws -> ES256PrivateKey {
        let path = dir + "/training-key.pem"
        if let pem = try? String(contentsOfFile: path, encoding: .utf8) { return try ES256PrivateKey(pem: pem) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let key = ES256PrivateKey()
        try key.pemRepresentation.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return key
    }
}

/// `mingshi demo-training-token`: an identity token from the demo training system for one teacher.
struct DemoTrainingToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-training-token",
        abstract: "Print a demo training-system identity token for a teacher (for identity.signInWithTrainingToken)."
    )

    @Option(help: "The demo training system's directory.") var dir: String
    @Option var trainingId: String
    @Option var name = "王芳"
    @Option var school = "杭州市文三街小学"
    @Option var city = "杭州"
    @Option var county = "西湖区"
    @Flag var rural = false
    @Option var stage = "初中"
    @Option var subject = "英语"
    @Option var title = "高级教师"
    @Option(help: "Honours, e.g. 省特级教师 or 杭州市学科带头人:2018; repeat for several.") var honour: [String] = []

    struct Claims: JWTPayload {
        var sub: SubjectClaim, iss: IssuerClaim, aud: AudienceClaim, exp: ExpirationClaim
        var name: String, school: String, city: String, county: String, rural: Bool, paired_region: Bool
        var stage: String, subject: String, title: String, honours: [String]
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    func run() async throws {
        print(
            try await Self.sign(
                dir: self.dir,
                trainingID: self.trainingId,
                name: self.name,
                school: self.school,
                city: self.city,
                county: self.county,
                rural: self.rural,
                stage: self.stage,
                subject: self.subject,
                title: self.title,
                honours: self.honour
            )
        )
    }

    /// A token of the demo training system for one teacher, valid 10 minutes.
    static func sign(
        dir: String,
        trainingID: String,
        name: String,
        school: String,
        city: String,
        county: String,
        rural: Bool,
        stage: String,
        subject: String,
        title: String,
        honours: [String]
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try DemoTrainingSystem.loadOrCreateKey(in: dir), kid: "demo-training-1")
        let claims = Claims(
            sub: .init(value: trainingID),
            iss: .init(value: "shixun.zjer.cn"),
            aud: .init(value: ["mingshi"]),
            exp: .init(value: Date().addingTimeInterval(600)),
            name: name,
            school: school,
            city: city,
            county: county,
            rural: rural,
            paired_region: false,
            stage: stage,
            subject: subject,
            title: title,
            honours: honours
        )
        return try await keys.sign(claims, kid: "demo-training-1")
    }
}
