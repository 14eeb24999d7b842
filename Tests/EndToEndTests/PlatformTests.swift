import ActivitiesAPI
import AssessmentAPI
import Crypto
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI
import Testing

/// The five executables as separate processes on localhost, wired by their peer URLs, each on its own SQLite file.
@Suite("End to end: the platform as five processes", .timeLimit(.minutes(10)))
struct PlatformTests {
    /// This year in China time.
    static let year: Int = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        return calendar.component(.year, from: Date())
    }()

    @Test("a studio created in membership is used by resources and activities; tokens are verified with identity's keys; SIGTERM stops each cleanly")
    func platform() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.path
            let identity = try await ServiceProcess(
                "identity",
                arguments: ["--http-port", "0", "--data-dir", "\(data)/identity"],
                logDirectory: directory
            )
            let peers = ["--peers-identity-url", identity.url]
            let membership = try await ServiceProcess(
                "membership",
                arguments: ["--http-port", "0", "--data-dir", "\(data)/membership"] + peers,
                logDirectory: directory
            )
            let withMembership = peers + ["--peers-membership-url", membership.url]
            let resources = try await ServiceProcess(
                "resources",
                arguments: ["--http-port", "0", "--data-dir", "\(data)/resources"] + withMembership,
                logDirectory: directory
            )
            let activities = try await ServiceProcess(
                "activities",
                arguments: ["--http-port", "0", "--data-dir", "\(data)/activities"] + withMembership,
                logDirectory: directory
            )
            let assessment = try await ServiceProcess(
                "assessment",
                arguments: [
                    "--http-port", "0", "--data-dir", "\(data)/assessment",
                    "--peers-resources-url", resources.url, "--peers-activities-url", activities.url,
                ]
                    + withMembership,
                logDirectory: directory
            )
            let all = [identity, membership, resources, activities, assessment]

            func mint(_ subject: String, _ role: String) async throws -> String {
                try await ServiceProcess.run("identity", ["mint-token", "--data-dir", "\(data)/identity", "--subject", subject, "--role", role])
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let office = try await mint("office-1", "provinceOffice")
            let teacher = try await mint("t-42", "teacher")

            // Every service answers discovery and health.
            for service in all {
                #expect(try await service.transport().call(Reserved.healthCheck).status == .serving, "\(service.name)")
                let document = try await service.transport().call(Reserved.discover)
                #expect(document["info"]?["title"] == .string(service.name))
            }

            let studio = try await membership.transport(token: office).call(
                Membership.importStudio,
                .init(
                    studio: .init(
                        name: "初中数学名师网络工作室",
                        level: .province,
                        city: .jiaxing,
                        stage: .juniorSecondary,
                        subject: "数学",
                        kind: .subject,
                        leaderID: "t-42"
                    ),
                    createdAt: Date(),
                    source: "测试"
                )
            )
            let pdf = Data("%PDF-1.4\n% 函数单元整体教学\n%%EOF\n".utf8)
            let sha256 = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
            let upload = try await resources.transport(token: teacher).send(
                "PUT",
                path: "/files/\(sha256)",
                body: DataBodySource(pdf)
            )
            #expect(upload.status == 201)
            let resource = try await resources.transport(token: teacher).call(
                Resources.createResource,
                .init(
                    studioID: studio.id,
                    title: "函数单元整体教学",
                    type: .lessonDesign,
                    stage: .juniorSecondary,
                    subject: "数学",
                    year: Self.year,
                    visibility: .public,
                    files: [.init(sha256: sha256, fileName: "函数.pdf")]
                )
            )
            #expect(resource.studioID == studio.id)
            #expect(try await resources.transport().send("GET", path: "/files/\(sha256)").body == pdf)
            let start = Date().addingTimeInterval(7 * 86_400)  // next week: a coming activity is scheduled freely
            let activity = try await activities.transport(token: teacher).call(
                Activities.scheduleActivity,
                .init(
                    studioID: studio.id,
                    title: "同课异构研讨",
                    mode: .offline,
                    kind: .research,
                    place: "嘉兴一中",
                    startsAt: start,
                    endsAt: start.addingTimeInterval(5400)
                )
            )
            #expect(activity.hostID == "t-42")
            let rules = try await assessment.transport(token: office).call(
                Assessment.loadRuleSet,
                .init(
                    ruleSet: .default2019(year: Self.year)
                )
            )
            #expect(rules.version == 1)

            // A teacher cannot act as the province office anywhere.
            let refusal = await #expect(throws: RPCError.self) {
                try await membership.transport(token: teacher).call(
                    Membership.createStudio,
                    .init(
                        name: "x",
                        level: .province,
                        city: .jiaxing,
                        stage: .primary,
                        subject: "x",
                        kind: .subject,
                        leaderID: "t"
                    )
                )
            }
            #expect(refusal?.status == .permissionDenied)

            for service in [assessment, activities, resources, membership] {
                let status = await service.terminate()
                #expect(status == 0, "\(service.name) exited \(status): \(service.log())")
            }

            // What membership acknowledged survives its restart.
            let again = try await ServiceProcess(
                "membership",
                arguments: ["--http-port", "0", "--data-dir", "\(data)/membership"] + peers,
                logDirectory: directory
            )
            #expect(try await again.transport(token: office).call(Membership.getStudio, .init(id: studio.id)) == studio)
            #expect(await again.terminate() == 0)
            #expect(await identity.terminate() == 0)
        }
    }

    @Test(
        "each executable serves TLS with ALPN h2 when given a certificate and key",
        arguments: [
            "identity", "membership", "resources", "activities", "assessment",
        ]
    )
    func tls(service: String) async throws {
        try await withTemporaryDirectory { directory in
            let certificate = try SelfSignedCertificate(in: directory)
            let process = try await ServiceProcess(
                service,
                arguments: [
                    "--http-port", "0", "--data-dir", directory.appendingPathComponent("data").path,
                    "--tls-cert", certificate.certificatePath, "--tls-key", certificate.keyPath,
                ],
                logDirectory: directory
            )
            let client = try HTTP2Transport(
                configuration: .init(
                    host: "127.0.0.1",
                    port: process.port,
                    useTLS: true,
                    trustRootsPath: certificate.certificatePath
                )
            )
            #expect(try await client.call(Reserved.healthCheck).status == .serving)
            #expect(await process.terminate() == 0)
        }
    }

    @Test("bad configuration is a clear message and a non-zero exit")
    func badConfiguration() async throws {
        try await withTemporaryDirectory { directory in
            let blocker = directory.appendingPathComponent("not-a-directory")
            try "x".write(to: blocker, atomically: true, encoding: .utf8)
            do {
                _ = try await ServiceProcess.run("membership", ["--http-port", "0", "--data-dir", blocker.path])
                Issue.record("membership started on a data directory that is a file")
            } catch let error as InteropError {
                #expect(error.description.contains("data directory"))
            }
            do {
                _ = try await ServiceProcess.run("membership", ["--http-port", "99999"])
                Issue.record("membership accepted port 99999")
            } catch let error as InteropError {
                #expect(error.description.contains("port"))
            }
        }
    }
}
