import Auth
import Foundation
import IdentityAPI
import IdentityService
import JSONRPC
import MembershipAPI
import MembershipService
import NIOCore
import Programme
import RPCClient
import RPCServer
import RPCTesting

/// Identity and membership, both really running: identity calls membership for studios and rosters; membership
/// verifies tokens with identity's published keys. Membership listens on a port chosen up front, so a test can
/// stop it and start it again while identity keeps running.
struct ApplicationFixture: Sendable {
    let identity: RunningServer
    let training: TrainingSystemStandIn
    let office: HTTP2Transport
    let officeToken: String
    let membershipPort: Int
    let membershipDirectory: URL
    /// Where identity keeps its database, for tests that look at or spoil the stored rows.
    let identityDirectory: URL
    let jwksFile: String

    /// Runs identity, and membership around `body` unless `membershipRunning` is false (the test then starts it
    /// with ``withMembership(_:)`` when it wants it).
    static func run(membershipRunning: Bool = true, _ body: (ApplicationFixture, RunningServer?) async throws -> Void) async throws {
        // Membership's port is chosen before identity starts (each names the other), so a test running beside this
        // one may take it in between: then the whole fixture starts again, fresh, on another port.
        for attempt in 1...3 {
            do {
                return try await Self.runOnce(membershipRunning: membershipRunning, body)
            } catch  where attempt < 3 && Self.portTaken(error) {
                continue
            }
        }
    }

    /// Whether `error` is a bind refused because the port is in use (however the server's start wrapped it).
    static func portTaken(_ error: any Error) -> Bool {
        if let error = error as? IOError, error.errnoCode == EADDRINUSE { return true }
        return String(describing: error).contains("Address already in use")
    }

    private static func runOnce(membershipRunning: Bool, _ body: (ApplicationFixture, RunningServer?) async throws -> Void) async throws {
        let training = try await TrainingSystemStandIn()
        try await withTemporaryDirectory { directory in
            let identityDirectory = directory.appendingPathComponent("identity")
            let membershipDirectory = directory.appendingPathComponent("membership")
            let admin = try await IdentityService.bootstrapAdmin(
                dataDirectory: identityDirectory.path,
                username: "office",
                password: IdentityFixture.officePassword,
                name: "项目办"
            )
            let officeToken = try await IdentityService.mintToken(
                dataDirectory: identityDirectory.path,
                principal: Principal(subject: admin.id, roles: [.provinceOffice]),
                lifetime: .seconds(600)
            )
            let jwksFile = directory.appendingPathComponent("identity-jwks.json").path
            try await IdentityService.keySetJSON(dataDirectory: identityDirectory.path).write(toFile: jwksFile, atomically: true, encoding: .utf8)
            let port = try await freeLocalPort()
            let system = TrainingSystem(jwksFile: try training.writeJWKS(in: directory))
            // The limits every service has by default: 1 MiB JSON-RPC bodies; forms stream on PUT /forms/.
            let limits = RPCLimits()
            try await withRunningService(
                IdentityService.definition(training: system),
                dataDirectory: identityDirectory,
                jwksFile: nil,
                peers: [.membership: "http://127.0.0.1:\(port)"],
                server: .init(limits: limits)
            ) { identity in
                let fixture = ApplicationFixture(
                    identity: identity,
                    training: training,
                    office: try identity.transport(token: officeToken),
                    officeToken: officeToken,
                    membershipPort: port,
                    membershipDirectory: membershipDirectory,
                    identityDirectory: identityDirectory,
                    jwksFile: jwksFile
                )
                if membershipRunning {
                    try await fixture.withMembership { membership in try await body(fixture, membership) }
                } else {
                    try await body(fixture, nil)
                }
            }
        }
    }

    /// Runs membership on its fixed port until `body` returns.
    func withMembership<T: Sendable>(_ body: (RunningServer) async throws -> T) async throws -> T {
        try await withRunningService(
            MembershipService.definition,
            dataDirectory: self.membershipDirectory,
            jwksFile: self.jwksFile,
            peers: [.identity: self.identity.url],
            server: .init(port: self.membershipPort),
            body
        )
    }

    /// Signs a teacher in through the training system; the session's transport to identity.
    func teacher(_ teacher: TrainingSystemStandIn.Teacher) async throws -> (Session, HTTP2Transport) {
        let token = try await self.training.token(teacher)
        let session = try await self.identity.transport().call(Identity.signInWithTrainingToken, .init(token: token))
        return (session, try self.identity.transport(token: session.accessToken))
    }

    /// An admin created by the office and signed in with its password.
    func admin(_ username: String, role: Role, city: City) async throws -> HTTP2Transport {
        let password = "\(username) password long enough"
        _ = try await self.office.call(
            Identity.createAdmin,
            .init(
                username: username,
                password: password,
                name: username,
                role: role,
                city: city,
                unit: "\(city.chineseName)市教育局",
                phone: "13800000000"
            )
        )
        let session = try await self.identity.transport().call(Identity.signInWithPassword, .init(username: username, password: password))
        return try self.identity.transport(token: session.accessToken)
    }

    /// This year's calendar with every deadline a day ahead.
    func openCalendar(_ year: Int) async throws {
        let tomorrow = Date().addingTimeInterval(86_400)
        _ = try await self.office.call(
            Identity.setCalendar,
            .init(
                year: year,
                leaderApplicationsClose: tomorrow,
                cityListsClose: tomorrow,
                subjectLeaderApplicationsClose: tomorrow
            )
        )
    }

    static let year = Calendar(identifier: .gregorian).component(.year, from: Date())

    static func teacher(
        _ id: String,
        city: String = "杭州",
        title: String = "高级教师",
        honours: [String] = [],
        rural: Bool = false,
        stage: String = "初中",
        subject: String = "英语"
    ) -> TrainingSystemStandIn.Teacher {
        var teacher = TrainingSystemStandIn.Teacher()
        teacher.trainingID = id
        teacher.name = "教师\(id)"
        teacher.city = city
        teacher.county = city == "杭州" ? "西湖区" : "海曙区"
        teacher.title = title
        teacher.honours = honours
        teacher.rural = rural
        teacher.stage = stage
        teacher.subject = subject
        return teacher
    }
}
