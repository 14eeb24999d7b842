import Auth
import Foundation
import JSONRPC
import MembershipAPI
import MembershipService
import PlatformTesting
import Programme
import RPCClient
import RPCTesting

/// A membership service on a real port and a real SQLite file, with callers in each role, asking the real identity
/// service (in-process) who each teacher is.
struct MembershipFixture: Sendable {
    let server: RunningServer
    let identity: TestIdentity
    let keys: TestKeys
    let office: HTTP2Transport
    /// The services' data directory (membership.sqlite is there).
    let directory: URL

    static func run(_ body: (MembershipFixture) async throws -> Void) async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            try await TestIdentity.run(keys: keys, directory: directory) { identity in
                try await withRunningService(
                    MembershipService.definition,
                    dataDirectory: directory,
                    jwksFile: try keys.writeJWKS(in: directory),
                    peers: identity.peers,
                    serviceTokenFile: identity.serviceTokenFile
                ) { server in
                    let office = try server.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
                    try await body(
                        MembershipFixture(server: server, identity: identity, keys: keys, office: office, directory: directory)
                    )
                }
            }
        }
    }

    /// Teacher accounts in identity (ids `t-…`), at a school in `city`.
    func accounts(_ ids: String..., city: City = .hangzhou, rural: Bool = false, pairedRegion: Bool = false) async throws {
        try await self.identity.addAccounts(ids, city: city, rural: rural, pairedRegion: pairedRegion)
    }

    /// A transport whose calls carry a token for `subject` in `roles`.
    func caller(_ subject: String, _ roles: Role..., city: String? = nil, county: String? = nil) async throws -> HTTP2Transport {
        try self.server.transport(
            token: try await self.keys.token(
                Principal(subject: subject, roles: Set(roles), city: city, county: county)
            )
        )
    }

    /// A teacher account.
    func teacher(_ subject: String) async throws -> HTTP2Transport { try await self.caller(subject, .teacher) }

    /// Creates a studio as the province office (setting a quota first for city and county studios).
    /// A provincial studio is the office's import, founded on the day of the 2019 notice's Attachment 1 unless
    /// `foundedAt` says otherwise, so rosters can be dated in 2019.
    func studio(
        level: StudioLevel = .province,
        city: City = .hangzhou,
        county: String? = nil,
        leader: String = "leader",
        foundedAt: Date = MembershipFixture.attachment1Day
    ) async throws -> Studio {
        if level != .province {
            let quotas = try await self.office.call(Membership.listQuotas, .init(city: city)).quotas
            let current = quotas.first { $0.level == level && $0.county == county }
            _ = try await self.office.call(
                Membership.setQuota,
                .init(
                    city: city,
                    county: county,
                    level: level,
                    limit: (current?.limit ?? 0) + 1
                )
            )
        }
        let request = Self.studioRequest(level: level, city: city, county: county, leader: leader)
        guard level == .province else { return try await self.office.call(Membership.createStudio, request) }
        // A provincial studio without an application on the platform is the office's import (R-APP-2).
        return try await self.office.call(Membership.importStudio, Self.imported(request, at: foundedAt))
    }

    /// 2019-01-28 00:00 China time.
    static let attachment1Day = Date(timeIntervalSince1970: 1_548_604_800)

    /// A studio founded before the platform, as the office imports it (the path for a provincial studio without a
    /// shortlisted application on the platform).
    static func imported(_ request: CreateStudioRequest = studioRequest(), at: Date = attachment1Day) -> ImportStudioRequest {
        ImportStudioRequest(studio: request, createdAt: at, source: "2019年通知附件1")
    }

    static func studioRequest(
        level: StudioLevel = .province,
        city: City = .hangzhou,
        county: String? = nil,
        leader: String = "leader"
    ) -> CreateStudioRequest {
        CreateStudioRequest(
            name: "初中英语名师网络工作室",
            level: level,
            city: city,
            county: county,
            stage: .juniorSecondary,
            subject: "英语",
            kind: .subject,
            leaderID: leader
        )
    }

    /// Imports `count` members of `role`, accounts `t-prefix-0…` at schools in `city`, into the studio, as the
    /// province office.
    func fill(
        _ studio: Studio,
        role: MemberRole,
        count: Int,
        prefix: String,
        city: City = .hangzhou,
        rural: Bool = false,
        joinedAt: Date? = nil
    ) async throws {
        guard count > 0 else { return }
        let ids = (0..<count).map { "t-\(prefix)-\($0)" }
        try await self.identity.addAccounts(ids, city: city, rural: rural)
        let entries = ids.map { ImportMembersRequest.Entry(studioID: studio.id, role: role, teacherID: $0, joinedAt: joinedAt) }
        _ = try await self.office.call(Membership.importMembers, .init(entries: entries))
    }
}
