import Auth
import Crypto
import Foundation
import JSONRPC
import MembershipAPI
import MembershipService
import PlatformTesting
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI
import ResourcesService

/// Membership and resources on real ports and SQLite files, a provincial studio with a roster, and callers in
/// each role: the leader, a subject leader, a core member, a network member, an outsider, the studio's
/// workstation and another one, city admins, the province office, anonymous.
struct ResourcesFixture: Sendable {
    let resources: RunningServer
    let membership: RunningServer
    let keys: TestKeys
    let studio: Studio
    let otherStudio: Studio
    let dataDirectory: URL

    /// This year in China time: resources count for the year they are made in.
    static var year: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        return calendar.component(.year, from: Date())
    }

    /// Small limits so "too big" needs no large upload: images 4 KiB, the rest 1 MiB.
    static let limits = FileLimits(bytes: [.document: 1 << 20, .image: 4 << 10, .audio: 1 << 20, .video: 1 << 20])

    static func run(_ body: (ResourcesFixture) async throws -> Void) async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            let jwks = try keys.writeJWKS(in: directory)
            try await TestIdentity.run(keys: keys, directory: directory) { identity in
                try await withRunningService(
                    MembershipService.definition,
                    dataDirectory: directory,
                    jwksFile: jwks,
                    peers: identity.peers,
                    serviceTokenFile: identity.serviceTokenFile
                ) { membership in
                    let office = try membership.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
                    let studio = try await Self.makeStudio(office, leader: "leader", city: .ningbo)
                    let otherStudio = try await Self.makeStudio(office, leader: "other-leader", city: .wenzhou)
                    _ = try await office.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-east"))
                    try await Self.addRoster(studio, office: office, identity: identity)
                    try await Self.runResources(directory: directory, jwks: jwks, membership: membership) { resources in
                        try await body(
                            ResourcesFixture(
                                resources: resources,
                                membership: membership,
                                keys: keys,
                                studio: studio,
                                otherStudio: otherStudio,
                                dataDirectory: directory
                            )
                        )
                    }
                }
            }
        }
    }

    /// A subject leader, a core member and a network member, each an identity account at a Ningbo school.
    static func addRoster(_ studio: Studio, office: HTTP2Transport, identity: TestIdentity) async throws {
        let roles = [("t-sl-1", MemberRole.subjectLeader), ("t-core-1", .coreMember), ("t-net-1", .networkMember)]
        try await identity.addAccounts(roles.map(\.0), city: .ningbo)
        let entries = roles.map { ImportMembersRequest.Entry(studioID: studio.id, role: $0.1, teacherID: $0.0) }
        _ = try await office.call(Membership.importMembers, .init(entries: entries))
    }

    /// Starts (or restarts) resources on `directory`.
    static func runResources(
        directory: URL,
        jwks: String,
        membership: RunningServer,
        _ body: (RunningServer) async throws -> Void
    ) async throws {
        try await withRunningService(
            ResourcesService.definition(limits: Self.limits),
            dataDirectory: directory,
            jwksFile: jwks,
            peers: [.membership: membership.url]
        ) { resources in
            try await body(resources)
        }
    }

    static func makeStudio(_ office: HTTP2Transport, leader: String, city: City) async throws -> Studio {
        try await office.call(
            Membership.importStudio,
            .init(
                studio: .init(
                    name: "小学数学名师网络工作室",
                    level: .province,
                    city: city,
                    stage: .primary,
                    subject: "数学",
                    kind: .subject,
                    leaderID: leader
                ),
                createdAt: Date(),
                source: "测试"
            )
        )
    }

    func caller(_ principal: Principal?) async throws -> HTTP2Transport {
        guard let principal else { return try self.resources.transport() }
        return try self.resources.transport(token: try await self.keys.token(principal))
    }

    func teacher(_ subject: String) async throws -> HTTP2Transport {
        try await self.caller(Principal(subject: subject, name: "教师\(subject)", roles: [.teacher]))
    }

    var leader: HTTP2Transport { get async throws { try await self.teacher("leader") } }
    var office: HTTP2Transport { get async throws { try await self.caller(Principal(subject: "office", roles: [.provinceOffice])) } }
    var anonymous: HTTP2Transport { get throws { try self.resources.transport() } }

    func workstation(_ name: String) async throws -> HTTP2Transport {
        try await self.caller(Principal(subject: "ws-user-\(name)", roles: [.workstation], workstation: name))
    }

    func cityAdmin(_ city: City) async throws -> HTTP2Transport {
        try await self.caller(Principal(subject: "admin-\(city.rawValue)", roles: [.cityAdmin], city: city.rawValue))
    }

    // MARK: Files

    /// A small valid PDF whose text makes it unique.
    static func pdf(_ text: String) -> Data { Data("%PDF-1.4\n% \(text)\n%%EOF\n".utf8) }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// Uploads `data` as `as`; answers the HTTP response.
    func upload(_ data: Data, as transport: HTTP2Transport, name: String? = nil) async throws -> HTTP2Transport.PlainResponse {
        try await transport.send("PUT", path: "/files/\(name ?? Self.sha256(data))", body: DataBodySource(data))
    }

    /// Uploads a fresh PDF as the leader and answers the file reference to publish with.
    func uploadedPDF(_ text: String) async throws -> ResourceFile {
        let data = Self.pdf(text)
        let response = try await self.upload(data, as: try await self.leader)
        guard response.status == 201 || response.status == 200 else {
            throw RPCError.internalError("upload answered \(response.status)")
        }
        return ResourceFile(sha256: Self.sha256(data), fileName: "\(text).pdf")
    }

    /// Publishes a resource as `author` with one fresh file.
    func publish(
        _ title: String,
        by author: HTTP2Transport? = nil,
        type: ResourceType = .lessonDesign,
        visibility: Visibility = .public,
        tags: [String] = [],
        description: String = "",
        studio: Studio? = nil,
        year: Int = ResourcesFixture.year
    ) async throws -> Resource {
        let file = try await self.uploadedPDF(title + UUID().uuidString)
        let leader = try await self.leader
        return try await (author ?? leader).call(
            Resources.createResource,
            .init(
                studioID: (studio ?? self.studio).id,
                title: title,
                type: type,
                stage: .primary,
                subject: "数学",
                description: description,
                tags: tags,
                year: year,
                visibility: visibility,
                files: [file],
                outcome: type == .researchOutcome
                    ? OutcomeRecognition(kind: .published, venue: "浙江教育科学", level: .province, date: "\(ResourcesFixture.year)-01-01") : nil
            )
        )
    }

    /// The stored files' paths under the data directory.
    func storedFiles() throws -> [String] {
        let root = self.dataDirectory.appendingPathComponent("files")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.split(separator: "/").count == 2 }
    }
}
