import Auth
import Crypto
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import Testing

/// Subject-leader applications: eligibility, the form upload, the leader's review and membership's roster.
@Suite("Identity: subject-leader applications", .timeLimit(.minutes(10)))
struct SubjectLeaderApplicationTests {
    typealias Fixture = ApplicationFixture
    static let year = Fixture.year
    /// The first bytes of a PNG, then filler: what a phone photo of the stamped form starts with.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 2_000)

    /// A provincial studio in membership, led by a teacher signed in through the training system.
    static func studio(_ fixture: Fixture, _ membership: RunningServer) async throws -> (Studio, HTTP2Transport) {
        let (leader, leaderTransport) = try await fixture.teacher(Fixture.teacher("3000", honours: ["省特级教师"]))
        let office = try membership.transport(token: fixture.officeToken)
        let studio = try await office.call(
            Membership.importStudio,
            .init(
                studio: .init(
                    name: "杭州市初中英语名师网络工作室",
                    level: .province,
                    city: .hangzhou,
                    stage: .juniorSecondary,
                    subject: "英语",
                    kind: .subject,
                    leaderID: leader.subject
                ),
                createdAt: Date(),
                source: "测试"
            )
        )
        return (studio, leaderTransport)
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    static func apply(_ studio: Studio, form: Data = Self.png) -> ApplyAsSubjectLeaderRequest {
        ApplyAsSubjectLeaderRequest(year: Self.year, studioID: studio.id, phone: "13700002222", formBase64: form.base64EncodedString())
    }

    @Test("R-APP-5, R-APP-7: an eligible teacher applies with the form; the leader downloads it, approves, and membership has the subject leader")
    func approval() async throws {
        try await Fixture.run { fixture, membership in
            let membership = membership!
            try await fixture.openCalendar(Self.year)
            let (studio, leader) = try await Self.studio(fixture, membership)
            let (applicant, teacher) = try await fixture.teacher(Fixture.teacher("3001", title: "中学一级", honours: ["杭州市学科带头人:2017"]))
            let application = try await teacher.call(Identity.applyAsSubjectLeader, Self.apply(studio))
            #expect(application.status == .submitted)
            #expect(application.formType == "image/png")
            #expect(application.eligibility.contains("R-APP-5"))

            let listed = try await leader.call(Identity.listSubjectLeaderApplications, .init(year: Self.year, studioID: studio.id))
            #expect(listed.applications.map(\.id) == [application.id])
            let form = try await leader.call(Identity.getApplicationForm, .init(id: application.id))
            #expect(Data(base64Encoded: form.base64) == Self.png)

            let (_, stranger) = try await fixture.teacher(Fixture.teacher("3009"))
            #expect(
                await failure { try await stranger.call(Identity.reviewSubjectLeaderApplication, .init(id: application.id, approve: true)) }?.status
                    == .permissionDenied
            )
            #expect(await failure { try await stranger.call(Identity.getApplicationForm, .init(id: application.id)) }?.status == .permissionDenied)

            let approved = try await leader.call(Identity.reviewSubjectLeaderApplication, .init(id: application.id, approve: true))
            #expect(approved.status == .approved)
            let roster = try await membership.transport(token: fixture.officeToken).call(Membership.getRoster, .init(studioID: studio.id))
            #expect(roster.members.map(\.profile.teacherID) == [applicant.subject])
            #expect(roster.members.first?.role == .subjectLeader)
            let trail = try await teacher.call(Identity.getApplicationHistory, .init(id: application.id))
            #expect(trail.entries.map(\.action) == ["submitted", "approved"])

            let hangzhou = try await fixture.admin("hz-admin", role: .cityAdmin, city: .hangzhou)
            let attachment3 = try await hangzhou.call(Identity.exportAttachment3, .init(year: Self.year, city: .hangzhou))
            let lines = attachment3.csv.dropFirst().split(separator: "\r\n")
            #expect(lines.first == "姓名,学科/专业,职称,荣誉,联系手机,所在单位")
            #expect(lines.dropFirst().first == "教师3001,初中英语,一级,杭州市学科带头人(2017),13700002222,杭州市西湖区文三街小学")
        }
    }

    @Test("R-APP-5, R-APP-6, R-APP-7: a first-grade title alone is enough only for a rural teacher; applications close on the calendar's date")
    func eligibility() async throws {
        try await Fixture.run { fixture, membership in
            let membership = membership!
            try await fixture.openCalendar(Self.year)
            let (studio, _) = try await Self.studio(fixture, membership)
            let (_, urban) = try await fixture.teacher(Fixture.teacher("3002", title: "中学一级"))
            let refused = await failure { try await urban.call(Identity.applyAsSubjectLeader, Self.apply(studio)) }
            #expect(refused?.status == .failedPrecondition)
            #expect(refused?.rule == "R-APP-5")
            let (_, rural) = try await fixture.teacher(Fixture.teacher("3003", title: "中学一级", rural: true))
            let application = try await rural.call(Identity.applyAsSubjectLeader, Self.apply(studio))
            #expect(application.eligibility.contains("R-APP-6"))
            let past = Date().addingTimeInterval(-60)
            _ = try await fixture.office.call(
                Identity.setCalendar,
                .init(
                    year: Self.year,
                    leaderApplicationsClose: past,
                    cityListsClose: past,
                    subjectLeaderApplicationsClose: past
                )
            )
            let (_, late) = try await fixture.teacher(Fixture.teacher("3006", title: "高级", honours: ["省特级教师"]))
            let closed = await failure { try await late.call(Identity.applyAsSubjectLeader, Self.apply(studio)) }
            #expect(closed?.rule == "R-APP-7")
            // Naming next year does not dodge the deadline: its calendar is not open.
            let dodge = await failure {
                try await late.call(
                    Identity.applyAsSubjectLeader,
                    .init(
                        year: Self.year + 1,
                        studioID: studio.id,
                        phone: "13700002222",
                        formBase64: Self.png.base64EncodedString()
                    )
                )
            }
            #expect(dodge?.rule == "R-APP-7")
            #expect(dodge?.field == "year")
            // Once the office opens next year's round, an application names a studio that exists.
            let future = Date().addingTimeInterval(86_400)
            _ = try await fixture.office.call(
                Identity.setCalendar,
                .init(
                    year: Self.year + 1,
                    leaderApplicationsClose: future,
                    cityListsClose: future,
                    subjectLeaderApplicationsClose: future
                )
            )
            let cityStudio = await failure {
                try await late.call(
                    Identity.applyAsSubjectLeader,
                    .init(
                        year: Self.year + 1,
                        studioID: "st-none",
                        phone: "13700002222",
                        formBase64: Self.png.base64EncodedString()
                    )
                )
            }
            #expect(cityStudio?.status == .notFound)
            #expect(cityStudio?.field == "studioID")
        }
    }

    @Test("the form must be a JPEG, PNG or PDF by its content, at most 5 MiB; a decline needs a reason")
    func forms() async throws {
        try await Fixture.run { fixture, membership in
            let membership = membership!
            try await fixture.openCalendar(Self.year)
            let (studio, leader) = try await Self.studio(fixture, membership)
            let (_, teacher) = try await fixture.teacher(Fixture.teacher("3004", title: "高级", honours: ["省特级教师"]))
            let text = await failure {
                try await teacher.call(Identity.applyAsSubjectLeader, Self.apply(studio, form: Data("申请表.png but text".utf8)))
            }
            #expect(text?.field == "formBase64")
            // A JSON-RPC body is at most 1 MiB: a large scan cannot travel inline…
            let huge = Data([0x25, 0x50, 0x44, 0x46, 0x2D]) + Data(repeating: 0, count: 5 << 20)
            let inline = await failure { try await teacher.call(Identity.applyAsSubjectLeader, Self.apply(studio, form: huge)) }
            #expect(inline?.status == .resourceExhausted)
            // …it is uploaded first, streamed, and refused beyond 5 MiB.
            let tooBig = try await teacher.send("PUT", path: "/forms/\(Self.sha256(huge))", body: DataBodySource(huge))
            #expect(tooBig.status == 413)
            #expect(String(decoding: tooBig.body, as: UTF8.self).contains("5 MiB"))
            let scan = Data([0x25, 0x50, 0x44, 0x46, 0x2D]) + Data(repeating: 7, count: (5 << 20) - 5)
            let wrongDigest = try await teacher.send("PUT", path: "/forms/\(Self.sha256(huge))", body: DataBodySource(scan))
            #expect(wrongDigest.status == 400)
            // The same scan uploaded twice at once: stored once, both told so (201 for the first, 200 for the other).
            async let first = teacher.send("PUT", path: "/forms/\(Self.sha256(scan))", body: DataBodySource(scan))
            async let second = teacher.send("PUT", path: "/forms/\(Self.sha256(scan))", body: DataBodySource(scan))
            let statuses = [try await first.status, try await second.status].sorted()
            #expect(statuses == [200, 201], "\(statuses)")
            let uploaded = try await teacher.send("PUT", path: "/forms/\(Self.sha256(scan))", body: DataBodySource(scan))
            #expect(uploaded.status == 200, "\(String(decoding: uploaded.body, as: UTF8.self))")
            let (_, other) = try await fixture.teacher(Fixture.teacher("3007", title: "高级", honours: ["省特级教师"]))
            let notTheirs = await failure {
                try await other.call(
                    Identity.applyAsSubjectLeader,
                    .init(
                        year: Self.year,
                        studioID: studio.id,
                        phone: "13700002222",
                        formSHA256: Self.sha256(scan)
                    )
                )
            }
            #expect(notTheirs?.field == "formSHA256")
            let streamed = try await teacher.call(
                Identity.applyAsSubjectLeader,
                .init(
                    year: Self.year,
                    studioID: studio.id,
                    phone: "13700002222",
                    formSHA256: Self.sha256(scan)
                )
            )
            #expect(streamed.formType == "application/pdf")
            let fetched = try await leader.call(Identity.getApplicationForm, .init(id: streamed.id))
            #expect(Data(base64Encoded: fetched.base64) == scan)
            _ = try await leader.call(Identity.reviewSubjectLeaderApplication, .init(id: streamed.id, approve: false, reason: "重复申请"))
            let pdf = Data("%PDF-1.7\n".utf8) + Data(repeating: 1, count: 100)
            let application = try await teacher.call(Identity.applyAsSubjectLeader, Self.apply(studio, form: pdf))
            #expect(application.formType == "application/pdf")
            let noReason = await failure { try await leader.call(Identity.reviewSubjectLeaderApplication, .init(id: application.id, approve: false)) }
            #expect(noReason?.field == "reason")
            let declined = try await leader.call(Identity.reviewSubjectLeaderApplication, .init(id: application.id, approve: false, reason: "名额已满"))
            #expect(declined.status == .declined)
            #expect(
                await failure { try await leader.call(Identity.reviewSubjectLeaderApplication, .init(id: application.id, approve: true)) }?.status
                    == .failedPrecondition
            )
        }
    }

    @Test("with membership down an approval is refused and nothing is recorded; approved once it is back, the roster gets one entry")
    func membershipOutage() async throws {
        try await Fixture.run(membershipRunning: false) { fixture, _ in
            try await fixture.openCalendar(Self.year)
            let (studio, leader, applicationID) = try await fixture.withMembership { membership in
                let (studio, leader) = try await Self.studio(fixture, membership)
                let (_, teacher) = try await fixture.teacher(Fixture.teacher("3005", title: "高级", honours: ["省特级教师"]))
                let application = try await teacher.call(Identity.applyAsSubjectLeader, Self.apply(studio))
                return (studio, leader, application.id)
            }
            // Membership is stopped now.
            let down = await failure { try await leader.call(Identity.reviewSubjectLeaderApplication, .init(id: applicationID, approve: true)) }
            #expect(down?.status == .unavailable)
            let pending = try await fixture.office.call(Identity.listSubjectLeaderApplications, .init(year: Self.year, city: .hangzhou))
            #expect(pending.applications.map(\.status) == [.submitted])
            try await fixture.withMembership { membership in
                let approved = try await leader.call(Identity.reviewSubjectLeaderApplication, .init(id: applicationID, approve: true))
                #expect(approved.status == .approved)
                let roster = try await membership.transport(token: fixture.officeToken).call(Membership.getRoster, .init(studioID: studio.id))
                #expect(roster.members.count == 1)
            }
        }
    }
}
