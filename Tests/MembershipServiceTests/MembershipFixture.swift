import Auth
import Foundation
import JSONRPC
import MembershipAPI
import MembershipService
import RPCClient
import RPCTesting

/// A membership service on a real port and a real SQLite file, with callers in each role.
struct MembershipFixture: Sendable {
    let server: RunningServer
    let keys: TestKeys
    let office: HTTP2Transport

    static func run(_ body: (MembershipFixture) async throws -> Void) async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            try await withRunningService(MembershipService.definition, dataDirectory: directory,
                                         jwksFile: try keys.writeJWKS(in: directory)) { server in
                let office = try server.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
                try await body(MembershipFixture(server: server, keys: keys, office: office))
            }
        }
    }

    /// A transport whose calls carry a token for `subject` in `roles`.
    func caller(_ subject: String, _ roles: Role..., city: String? = nil, county: String? = nil) async throws -> HTTP2Transport {
        try self.server.transport(token: try await self.keys.token(
            Principal(subject: subject, roles: Set(roles), city: city, county: county)))
    }

    /// A teacher account.
    func teacher(_ subject: String) async throws -> HTTP2Transport { try await self.caller(subject, .teacher) }

    /// Creates a studio as the province office (setting a quota first for city and county studios).
    func studio(level: StudioLevel = .province, city: City = .hangzhou, county: String? = nil,
                leader: String = "leader") async throws -> Studio
    {
        if level != .province {
            let quotas = try await self.office.call(Membership.listQuotas, .init(city: city)).quotas
            let current = quotas.first { $0.level == level && $0.county == county }
            _ = try await self.office.call(Membership.setQuota, .init(
                city: city, county: county, level: level, limit: (current?.limit ?? 0) + 1))
        }
        return try await self.office.call(Membership.createStudio, Self.studioRequest(level: level, city: city,
                                                                                      county: county, leader: leader))
    }

    static func studioRequest(level: StudioLevel = .province, city: City = .hangzhou, county: String? = nil,
                              leader: String = "leader") -> CreateStudioRequest
    {
        CreateStudioRequest(name: "初中英语名师网络工作室", level: level, city: city, county: county,
                            stage: .juniorSecondary, subject: "英语", kind: .subject, leaderID: leader)
    }

    /// A teacher's profile: a school in `city`, rural or not.
    static func profile(_ id: String, city: City = .hangzhou, rural: Bool = false, pairedRegion: Bool = false) -> MemberProfile {
        MemberProfile(teacherID: id, name: "教师\(id)", school: "\(city.chineseName)第一中学", schoolCity: city,
                      rural: rural, pairedRegion: pairedRegion)
    }

    /// Imports `count` members of `role` named `prefix-0…` into the studio, as the province office.
    func fill(_ studio: Studio, role: MemberRole, count: Int, prefix: String, city: City = .hangzhou,
              rural: Bool = false, joinedAt: Date? = nil) async throws
    {
        guard count > 0 else { return }
        let entries = (0..<count).map { index in
            ImportMembersRequest.Entry(studioID: studio.id, role: role,
                                       profile: Self.profile("\(prefix)-\(index)", city: city, rural: rural),
                                       joinedAt: joinedAt)
        }
        _ = try await self.office.call(Membership.importMembers, .init(entries: entries))
    }
}
