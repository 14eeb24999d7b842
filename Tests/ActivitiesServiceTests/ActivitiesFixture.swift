import ActivitiesAPI
import ActivitiesService
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

/// Membership, resources and activities on real ports and SQLite files; a provincial studio with a paired school,
/// workstation ws-east and four subject leaders (sl-0…sl-3) since last year, a core member, and a city studio.
struct ActivitiesFixture: Sendable {
    let activities: RunningServer
    let resources: RunningServer
    let membership: RunningServer
    let identity: TestIdentity
    let keys: TestKeys
    let studio: Studio
    let cityStudio: Studio
    /// The services' data directory (activities.sqlite is there).
    let directory: URL

    static let subjectLeaders = (0..<4).map { "t-sl-\($0)" }

    static func run(_ body: (ActivitiesFixture) async throws -> Void) async throws {
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
                    let studio = try await office.call(
                        Membership.importStudio,
                        .init(
                            studio: .init(
                                name: "高中物理名师网络工作室",
                                level: .province,
                                city: .wenzhou,
                                stage: .seniorSecondary,
                                subject: "物理",
                                kind: .subject,
                                leaderID: "t-leader"
                            ),
                            createdAt: Date().addingTimeInterval(-400 * 86_400),
                            source: "测试"
                        )
                    )
                    _ = try await office.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-east"))
                    _ = try await office.call(
                        Membership.setPairedSchool,
                        .init(
                            studioID: studio.id,
                            school: .init(
                                name: "泰顺县罗阳镇中心小学",
                                city: .wenzhou,
                                county: "泰顺县",
                                kind: .townSchool
                            )
                        )
                    )
                    let lastYear = Date().addingTimeInterval(-365 * 86_400)
                    try await identity.addAccounts(Self.subjectLeaders + ["t-core-1", "t-leader", "t-city-leader", "t-guest"], city: .wenzhou)
                    let entries =
                        Self.subjectLeaders.map { id in
                            ImportMembersRequest.Entry(studioID: studio.id, role: .subjectLeader, teacherID: id, joinedAt: lastYear)
                        } + [ImportMembersRequest.Entry(studioID: studio.id, role: .coreMember, teacherID: "t-core-1", joinedAt: lastYear)]
                    _ = try await office.call(Membership.importMembers, .init(entries: entries))
                    _ = try await office.call(Membership.setQuota, .init(city: .wenzhou, level: .city, limit: 1))
                    let cityStudio = try await office.call(
                        Membership.createStudio,
                        .init(
                            name: "温州市初中数学名师网络工作室",
                            level: .city,
                            city: .wenzhou,
                            stage: .juniorSecondary,
                            subject: "数学",
                            kind: .subject,
                            leaderID: "t-city-leader"
                        )
                    )
                    try await withRunningService(
                        ResourcesService.definition,
                        dataDirectory: directory,
                        jwksFile: jwks,
                        peers: [.membership: membership.url]
                    ) { resources in
                        try await withRunningService(
                            ActivitiesService.definition,
                            dataDirectory: directory,
                            jwksFile: jwks,
                            peers: [
                                .membership: membership.url, .resources: resources.url,
                                .identity: identity.server.url,
                            ],
                            serviceTokenFile: identity.serviceTokenFile
                        ) { activities in
                            try await body(
                                ActivitiesFixture(
                                    activities: activities,
                                    resources: resources,
                                    membership: membership,
                                    identity: identity,
                                    keys: keys,
                                    studio: studio,
                                    cityStudio: cityStudio,
                                    directory: directory
                                )
                            )
                        }
                    }
                }
            }
        }
    }

    func caller(_ principal: Principal?, on server: RunningServer? = nil) async throws -> HTTP2Transport {
        let server = server ?? self.activities
        guard let principal else { return try server.transport() }
        return try server.transport(token: try await self.keys.token(principal))
    }

    func teacher(_ subject: String, on server: RunningServer? = nil) async throws -> HTTP2Transport {
        try await self.caller(Principal(subject: subject, name: "教师\(subject)", roles: [.teacher]), on: server)
    }

    var leader: HTTP2Transport { get async throws { try await self.teacher("t-leader") } }
    var office: HTTP2Transport {
        get async throws { try await self.caller(Principal(subject: "office", name: "项目办", roles: [.provinceOffice])) }
    }

    func workstation(_ name: String, on server: RunningServer? = nil) async throws -> HTTP2Transport {
        try await self.caller(Principal(subject: "ws-\(name)", roles: [.workstation], workstation: name), on: server)
    }

    /// An activity request; by default running now (started a minute ago, ends in an hour).
    func request(
        _ title: String = "课堂观察与诊断",
        kind: ActivityKind = .research,
        studio: Studio? = nil,
        startsIn: TimeInterval = -60,
        host: String? = nil,
        projectID: String? = nil
    ) -> ScheduleActivityRequest {
        let start = Date().addingTimeInterval(startsIn)
        return ScheduleActivityRequest(
            studioID: (studio ?? self.studio).id,
            title: title,
            mode: .both,
            kind: kind,
            place: "温州中学报告厅",
            link: "https://live.zjer.cn/room/1",
            startsAt: start,
            endsAt: start.addingTimeInterval(3_600),
            hostID: host,
            projectID: projectID
        )
    }

    func schedule(_ request: ScheduleActivityRequest? = nil, by caller: HTTP2Transport? = nil) async throws -> Activity {
        let leader = try await self.leader
        return try await (caller ?? leader).call(Activities.scheduleActivity, request ?? self.request())
    }

    /// Drafts its notice and has the office publish it (R-MGT-7).
    func publishNotice(_ activity: Activity, by caller: HTTP2Transport? = nil) async throws -> Notice {
        let leader = try await self.leader
        let draft = try await (caller ?? leader).call(Activities.draftNotice, .init(activityID: activity.id, body: "请各成员准时参加。"))
        return try await self.office.call(Activities.reviewNotice, .init(id: draft.id, approve: true))
    }

    /// A running provincial activity taken through notice, held, attendance of `participants`, records closed.
    func closedActivity(_ participants: [String], request: ScheduleActivityRequest? = nil) async throws -> Activity {
        let leader = try await self.leader
        let activity = try await self.schedule(request)
        if activity.studioID == self.studio.id { _ = try await self.publishNotice(activity) }
        let manager = activity.studioID == self.studio.id ? leader : try await self.teacher("t-city-leader")
        _ = try await manager.call(Activities.markHeld, .init(id: activity.id))
        if !participants.isEmpty {
            _ = try await manager.call(Activities.recordAttendance, .init(id: activity.id, teacherIDs: participants))
        }
        return try await manager.call(Activities.closeRecords, .init(id: activity.id))
    }

    /// This year in China time, the year of the fixture's activities.
    static var year: Int { Self.year(of: Date().addingTimeInterval(-60)) }

    static func year(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar.component(.year, from: date)
    }

    /// The day `days` days before today, China time, as `YYYY-MM-DD` (negative: after today).
    static func day(daysAgo days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let date = Date().addingTimeInterval(-Double(days) * 86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    func metrics(year: Int = Self.year) async throws -> ActivityMetrics {
        try await self.office.call(Activities.studioMetrics, .init(year: year, studioIDs: [self.studio.id])).metrics[0]
    }

    /// `count` outside teachers, each with an identity account.
    func outsiders(_ count: Int, prefix: String = "guest") async throws -> [String] {
        let ids = (0..<count).map { "t-\(prefix)-\($0)" }
        try await self.identity.addAccounts(ids, city: .wenzhou)
        return ids
    }

    static func pdf(_ text: String) -> (Data, String) {
        let data = Data("%PDF-1.4\n% \(text)\n%%EOF\n".utf8)
        return (data, SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
    }
}
