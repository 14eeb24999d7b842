import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCTesting
import Testing

/// Studio-leader applications: eligibility, the city → province chain, deadlines, exports, refusals.
@Suite("Identity: studio-leader applications", .timeLimit(.minutes(10)))
struct LeaderApplicationTests {
    typealias Fixture = ApplicationFixture
    static let year = Fixture.year

    static func apply(kind: StudioKind = .subject, level: StudioLevel = .province) -> ApplyAsLeaderRequest {
        ApplyAsLeaderRequest(
            year: Self.year,
            level: level,
            kind: kind,
            stage: .juniorSecondary,
            subject: "英语",
            phone: "13900001111",
            qq: "10001"
        )
    }

    @Test("R-APP-1, R-APP-2: an eligible teacher applies, the city recommends, the province office shortlists; every step is audited")
    func chain() async throws {
        try await Fixture.run { fixture, membership in
            try await fixture.openCalendar(Self.year)
            let (session, teacher) = try await fixture.teacher(Fixture.teacher("2001", honours: ["省特级教师"]))
            let application = try await teacher.call(Identity.applyAsLeader, Self.apply())
            #expect(application.status == .submitted)
            #expect(application.eligibility.contains("R-APP-1"))
            #expect(await failure { try await teacher.call(Identity.applyAsLeader, Self.apply()) }?.status == .alreadyExists)

            let ningbo = try await fixture.admin("nb-admin", role: .cityAdmin, city: .ningbo)
            let foreign = await failure { try await ningbo.call(Identity.decideLeaderApplication, .init(id: application.id, decision: .recommend)) }
            #expect(foreign?.status == .permissionDenied)
            let hangzhou = try await fixture.admin("hz-admin", role: .cityAdmin, city: .hangzhou)
            let early = await failure {
                try await fixture.office.call(Identity.decideLeaderApplication, .init(id: application.id, decision: .shortlist))
            }
            #expect(early?.status == .failedPrecondition)
            #expect(early?.rule == "R-APP-2")
            #expect(try await hangzhou.call(Identity.decideLeaderApplication, .init(id: application.id, decision: .recommend)).status == .recommended)
            let notYet = await failure {
                try await membership!.transport(token: fixture.officeToken).call(
                    Membership.createStudio,
                    .init(
                        name: "杭州市初中英语名师网络工作室",
                        level: .province,
                        city: .hangzhou,
                        stage: .juniorSecondary,
                        subject: "英语",
                        kind: .subject,
                        leaderID: session.subject,
                        leaderApplicationID: application.id
                    )
                )
            }
            #expect(notYet?.rule == "R-APP-2")
            let shortlisted = try await fixture.office.call(Identity.decideLeaderApplication, .init(id: application.id, decision: .shortlist))
            #expect(shortlisted.status == .shortlisted)

            // Membership creates the provincial studio from the shortlisted application, asking identity.
            let officeAtMembership = try membership!.transport(token: fixture.officeToken)
            var studio = CreateStudioRequest(
                name: "杭州市初中英语名师网络工作室",
                level: .province,
                city: .hangzhou,
                stage: .juniorSecondary,
                subject: "英语",
                kind: .subject,
                leaderID: "t-someone-else",
                leaderApplicationID: application.id
            )
            let wrongLeader = await failure { try await officeAtMembership.call(Membership.createStudio, studio) }
            #expect(wrongLeader?.rule == "R-APP-2")
            #expect(wrongLeader?.field == "leaderID")
            studio.leaderID = session.subject
            #expect(try await officeAtMembership.call(Membership.createStudio, studio).leaderID == session.subject)
            studio.leaderApplicationID = "la-none"
            #expect(await failure { try await officeAtMembership.call(Membership.createStudio, studio) }?.field == "leaderApplicationID")

            let trail = try await teacher.call(Identity.getApplicationHistory, .init(id: application.id))
            #expect(trail.entries.map(\.action) == ["submitted", "recommend", "shortlist"])
            #expect(trail.entries.first?.actor == session.subject)
            #expect(try await teacher.call(Identity.listLeaderApplications, .init(year: Self.year)).applications.map(\.id) == [application.id])
            #expect(try await ningbo.call(Identity.listLeaderApplications, .init(year: Self.year)).applications.isEmpty)

            let attachment2 = try await hangzhou.call(Identity.exportAttachment2, .init(year: Self.year, city: .hangzhou))
            #expect(attachment2.csv.hasPrefix("\u{FEFF}姓名,学科/专业,职称、荣誉,联系手机,所在单位,QQ号\r\n"))
            #expect(attachment2.csv.contains("教师2001,初中英语,高级；省特级教师,13900001111,杭州市西湖区文三街小学,10001\r\n"))
            #expect(
                await failure { try await ningbo.call(Identity.exportAttachment2, .init(year: Self.year, city: .hangzhou)) }?.status
                    == .permissionDenied
            )
            let balance = try await hangzhou.call(Identity.cityBalance, .init(year: Self.year, city: .hangzhou))
            #expect(balance.total == 1)
            #expect(balance.favouredSubjects["英语"] == 1)
            #expect(balance.byStage["juniorSecondary"] == 1)
        }
    }

    @Test("R-APP-1: without a provincial honour a subject studio is refused; a class-teacher studio leader qualifies for a class-teacher studio")
    func eligibility() async throws {
        try await Fixture.run { fixture, _ in
            try await fixture.openCalendar(Self.year)
            let (_, teacher) = try await fixture.teacher(Fixture.teacher("2002", honours: ["杭州市学科带头人:2015", "班主任工作室领衔人"]))
            let refused = await failure { try await teacher.call(Identity.applyAsLeader, Self.apply()) }
            #expect(refused?.status == .failedPrecondition)
            #expect(refused?.rule == "R-APP-1")
            let classTeacher = try await teacher.call(Identity.applyAsLeader, Self.apply(kind: .classTeacher))
            #expect(classTeacher.eligibility.contains("班主任工作室领衔人"))
        }
    }

    @Test("R-APP-3: closed applications and city lists are refused; the province office extends the date")
    func deadlines() async throws {
        try await Fixture.run { fixture, _ in
            let past = Date().addingTimeInterval(-86_400)
            let future = Date().addingTimeInterval(86_400)
            _ = try await fixture.office.call(
                Identity.setCalendar,
                .init(
                    year: Self.year,
                    leaderApplicationsClose: past,
                    cityListsClose: past,
                    subjectLeaderApplicationsClose: past
                )
            )
            let (_, teacher) = try await fixture.teacher(Fixture.teacher("2003", honours: ["省正高级教师"]))
            let late = await failure { try await teacher.call(Identity.applyAsLeader, Self.apply()) }
            #expect(late?.rule == "R-APP-3")
            // Naming next year, whose calendar nobody opened, does not dodge the deadline.
            var nextYear = Self.apply()
            nextYear.year = Self.year + 1
            let dodge = await failure { try await teacher.call(Identity.applyAsLeader, nextYear) }
            #expect(dodge?.rule == "R-APP-3")
            #expect(dodge?.field == "year")
            #expect(try await teacher.call(Identity.listLeaderApplications, .init(year: Self.year + 1)).applications.isEmpty)
            _ = try await fixture.office.call(
                Identity.setCalendar,
                .init(
                    year: Self.year,
                    leaderApplicationsClose: future,
                    cityListsClose: past,
                    subjectLeaderApplicationsClose: past
                )
            )
            let application = try await teacher.call(Identity.applyAsLeader, Self.apply())
            let hangzhou = try await fixture.admin("hz-admin", role: .cityAdmin, city: .hangzhou)
            let lateList = await failure {
                try await hangzhou.call(Identity.decideLeaderApplication, .init(id: application.id, decision: .recommend))
            }
            #expect(lateList?.rule == "R-APP-3")
            #expect(
                await failure {
                    try await teacher.call(
                        Identity.setCalendar,
                        .init(
                            year: Self.year,
                            leaderApplicationsClose: future,
                            cityListsClose: future,
                            subjectLeaderApplicationsClose: future
                        )
                    )
                }?.status == .permissionDenied
            )
            let defaults = try await teacher.call(Identity.getCalendar, .init(year: 2019))
            #expect(defaults.leaderApplicationsClose == ISO8601DateFormatter().date(from: "2019-04-16T23:59:59+08:00"))
        }
    }

    @Test("a returned application names its reason, and the teacher may apply again")
    func returned() async throws {
        try await Fixture.run { fixture, _ in
            try await fixture.openCalendar(Self.year)
            let (_, teacher) = try await fixture.teacher(Fixture.teacher("2004", honours: ["省特级教师"]))
            let first = try await teacher.call(Identity.applyAsLeader, Self.apply())
            let hangzhou = try await fixture.admin("hz-admin", role: .cityAdmin, city: .hangzhou)
            let noReason = await failure { try await hangzhou.call(Identity.decideLeaderApplication, .init(id: first.id, decision: .return)) }
            #expect(noReason?.field == "reason")
            _ = try await hangzhou.call(Identity.decideLeaderApplication, .init(id: first.id, decision: .return, reason: "学科与推荐计划不符"))
            let trail = try await teacher.call(Identity.getApplicationHistory, .init(id: first.id))
            #expect(trail.entries.last?.reason == "学科与推荐计划不符")
            let second = try await teacher.call(Identity.applyAsLeader, Self.apply())
            #expect(second.id != first.id)
        }
    }

    @Test("R-APP-2: leaders whose studio passed the previous round are shortlisted without applying")
    func previousRound() async throws {
        try await Fixture.run { fixture, _ in
            let (session, teacher) = try await fixture.teacher(Fixture.teacher("2005"))
            let imported = try await fixture.office.call(Identity.importPreviousRoundPasses, .init(year: Self.year, leaderIDs: [session.subject]))
            #expect(imported.applications.map(\.status) == [.shortlisted])
            let again = try await fixture.office.call(Identity.importPreviousRoundPasses, .init(year: Self.year, leaderIDs: [session.subject]))
            #expect(again.applications.map(\.id) == imported.applications.map(\.id))
            #expect(try await teacher.call(Identity.listLeaderApplications, .init(year: Self.year)).applications.count == 1)
            let unknown = await failure {
                try await fixture.office.call(Identity.importPreviousRoundPasses, .init(year: Self.year, leaderIDs: ["t-none"]))
            }
            #expect(unknown?.field == "leaderIDs")
        }
    }

    @Test("R-APP-4: a city sets its own rule for city-level leaders, and only that city's admin may")
    func localRules() async throws {
        try await Fixture.run { fixture, _ in
            try await fixture.openCalendar(Self.year)
            let (_, teacher) = try await fixture.teacher(Fixture.teacher("2006", title: "一级", honours: ["杭州市教坛新秀:2017"]))
            let unset = await failure { try await teacher.call(Identity.applyAsLeader, Self.apply(level: .city)) }
            #expect(unset?.rule == "R-APP-4")
            let ningbo = try await fixture.admin("nb-admin", role: .cityAdmin, city: .ningbo)
            let foreign = await failure {
                try await ningbo.call(
                    Identity.setLocalLeaderRule,
                    .init(city: .hangzhou, level: .city, minimumTitle: .first, requiresCityHonour: true)
                )
            }
            #expect(foreign?.status == .permissionDenied)
            let hangzhou = try await fixture.admin("hz-admin", role: .cityAdmin, city: .hangzhou)
            _ = try await hangzhou.call(
                Identity.setLocalLeaderRule,
                .init(city: .hangzhou, level: .city, minimumTitle: .senior, requiresCityHonour: true)
            )
            let tooJunior = await failure { try await teacher.call(Identity.applyAsLeader, Self.apply(level: .city)) }
            #expect(tooJunior?.rule == "R-APP-4")
            _ = try await hangzhou.call(
                Identity.setLocalLeaderRule,
                .init(city: .hangzhou, level: .city, minimumTitle: .first, requiresCityHonour: true)
            )
            let application = try await teacher.call(Identity.applyAsLeader, Self.apply(level: .city))
            #expect(try await hangzhou.call(Identity.decideLeaderApplication, .init(id: application.id, decision: .shortlist)).status == .shortlisted)
            // Stored and read back whole, the subject leaders' part included.
            let county = LocalLeaderRule(
                city: .hangzhou,
                level: .county,
                minimumTitle: .second,
                requiresCityHonour: false,
                subjectLeaders: LocalRequirement(minimumTitle: .third, requiresCityHonour: true)
            )
            #expect(try await hangzhou.call(Identity.setLocalLeaderRule, county) == county)
            #expect(try await hangzhou.call(Identity.getLocalLeaderRule, .init(city: .hangzhou, level: .county)).rule == county)
            let city = try await hangzhou.call(Identity.getLocalLeaderRule, .init(city: .hangzhou, level: .city)).rule
            #expect(city == LocalLeaderRule(city: .hangzhou, level: .city, minimumTitle: .first, requiresCityHonour: true))
            // A stored title this version does not know is an error naming the rule, never a city without a rule.
            let database = try DatabaseQueue(path: fixture.identityDirectory.appendingPathComponent("identity.sqlite").path)
            try await database.write { db in
                try db.execute(sql: "UPDATE localLeaderRule SET minimumTitle = 'master' WHERE city = 'hangzhou' AND level = 'county'")
            }
            try database.close()
            let spoiled = await failure { try await hangzhou.call(Identity.getLocalLeaderRule, .init(city: .hangzhou, level: .county)) }
            #expect(spoiled?.status == .internal)
            #expect(spoiled?.message == "localLeaderRule hangzhou/county is stored in a form this version cannot read")
        }
    }
}
