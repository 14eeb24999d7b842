import Auth
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import PlatformTesting
import Programme
import RPCTesting
import Testing

/// Rosters: the composition rules at their boundaries, join requests, mentors, dated reads and refusals.
@Suite("Membership: rosters and their rules", .timeLimit(.minutes(10)))
struct RosterTests {
    typealias Fixture = MembershipFixture

    @Test("R-COMP-2: the 15th subject leader is added, the 16th is refused naming the rule")
    func subjectLeaderCeiling() async throws {
        try await Fixture.run { fixture in
            // A city studio: its leader adds subject leaders by the bureau's process (R-APP-4).
            let studio = try await fixture.studio(level: .city)
            let leader = try await fixture.teacher("leader")
            try await fixture.fill(studio, role: .subjectLeader, count: 14, prefix: "sl")
            try await fixture.accounts("t-sl-14", "t-sl-15")
            let fifteenth = try await leader.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-sl-14"))
            #expect(fifteenth.role == .subjectLeader)
            let sixteenth = await failure { try await leader.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-sl-15")) }
            #expect(sixteenth?.status == .failedPrecondition)
            #expect(sixteenth?.rule == "R-COMP-2")
            let again = await failure { try await leader.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-sl-0")) }
            #expect(again?.status == .alreadyExists)
        }
    }

    @Test("a roster profile is identity's record of the account: what the caller says is never stored, and a person without an account is refused")
    func profilesComeFromIdentity() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio(level: .city, city: .hangzhou)
            let leader = try await fixture.teacher("leader")
            try await fixture.accounts("t-hz", city: .hangzhou, rural: false)
            // Identity records a non-rural Hangzhou teacher: that is the profile counted, whoever adds them.
            let added = try await leader.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-hz"))
            #expect(added.profile == MemberProfile(teacherID: "t-hz", name: "教师t-hz", school: "杭州第一中学", schoolCity: .hangzhou))
            let composition = try await leader.call(Membership.getComposition, .init(studioID: studio.id))
            #expect(composition.checks.first { $0.rule == "R-COMP-4" }?.value == 0)

            let ghost = await failure { try await leader.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-ghost")) }
            #expect(ghost?.status == .notFound)
            #expect(ghost?.field == "teacherID")
            let ghosts = await failure {
                try await fixture.office.call(
                    Membership.importMembers,
                    .init(entries: [
                        .init(studioID: studio.id, role: .coreMember, teacherID: "t-hz2"),
                        .init(studioID: studio.id, role: .coreMember, teacherID: "t-ghost-2"),
                    ])
                )
            }
            #expect(ghosts?.status == .notFound)
            #expect(ghosts?.field == "entries[0].teacherID")
            #expect(ghosts?.message.contains("t-ghost-2") == true)
            let roster = try await leader.call(Membership.getRoster, .init(studioID: studio.id))
            #expect(roster.members.map(\.profile.teacherID) == ["t-hz"])

            // A teacher joins with their own account and its profile.
            let noAccount = await failure { try await fixture.teacher("t-nobody").call(Membership.joinAsNetworkMember, .init(studioID: studio.id)) }
            #expect(noAccount?.rule == "R-APP-8")
            try await fixture.accounts("t-9", city: .ningbo)
            let joined = try await fixture.teacher("t-9").call(Membership.joinAsNetworkMember, .init(studioID: studio.id))
            #expect(joined.profile == MemberProfile(teacherID: "t-9", name: "教师t-9", school: "宁波第一中学", schoolCity: .ningbo))
        }
    }

    @Test("R-APP-7: a provincial studio's new subject leader comes through an approved application; one who served the studio before continues")
    func provincialSubjectLeaderPath() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio(leader: "t-lead")
            let leader = try await fixture.teacher("t-lead")
            try await fixture.accounts("t-new", "t-lead")
            for caller in [leader, fixture.office] {
                let refused = await failure { try await caller.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-new")) }
                #expect(refused?.status == .failedPrecondition)
                #expect(refused?.rule == "R-APP-7")
                #expect(refused?.field == "teacherID")
            }
            #expect(try await leader.call(Membership.getRoster, .init(studioID: studio.id)).members.isEmpty)
            // Identity adds the teacher on approving their application (as a service).
            let identity = try await fixture.caller("svc-identity", .service)
            _ = try await identity.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-new"))
            _ = try await leader.call(Membership.removeMember, .init(studioID: studio.id, teacherID: "t-new", reason: "借调"))
            // Back from secondment: a continuing subject leader of the same studio does not re-apply.
            let back = try await leader.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-new"))
            #expect(back.role == .subjectLeader)
            let ownStudio = await failure { try await identity.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-lead")) }
            #expect(ownStudio?.rule == "R-COMP-1")
        }
    }

    @Test("R-APP-4: a city studio's leader adds only subject leaders its city's bureau allows; other cities' studios are free")
    func localSubjectLeaderRule() async throws {
        try await Fixture.run { fixture in
            let hangzhouStudio = try await fixture.studio(level: .city, leader: "t-hz-lead")
            let ningboStudio = try await fixture.studio(level: .city, city: .ningbo, leader: "t-nb-lead")
            try await fixture.accounts("t-plain", "t-hz-lead", "t-nb-lead")
            try await fixture.identity.addAccounts(["t-honoured"], honours: "杭州市学科带头人:2018")
            let bureau = try fixture.identity.server.transport(
                token: try await fixture.keys.token(Principal(subject: "admin-hz", roles: [.cityAdmin], city: "hangzhou"))
            )
            _ = try await bureau.call(
                Identity.setLocalLeaderRule,
                .init(
                    city: .hangzhou,
                    level: .city,
                    minimumTitle: .senior,
                    requiresCityHonour: true,
                    subjectLeaders: .init(minimumTitle: .first, requiresCityHonour: true)
                )
            )

            let hangzhouLeader = try await fixture.teacher("t-hz-lead")
            let refused = await failure {
                try await hangzhouLeader.call(Membership.addSubjectLeader, .init(studioID: hangzhouStudio.id, teacherID: "t-plain"))
            }
            #expect(refused?.status == .failedPrecondition)
            #expect(refused?.rule == "R-APP-4")
            #expect(refused?.field == "teacherID")
            #expect(try await hangzhouLeader.call(Membership.getRoster, .init(studioID: hangzhouStudio.id)).members.isEmpty)
            // Exactly the rule: a first-grade title and a city-level honour.
            let added = try await hangzhouLeader.call(Membership.addSubjectLeader, .init(studioID: hangzhouStudio.id, teacherID: "t-honoured"))
            #expect(added.role == .subjectLeader)
            // Ningbo's bureau asks nothing: its leader appoints any teacher with an account.
            let ningboLeader = try await fixture.teacher("t-nb-lead")
            _ = try await ningboLeader.call(Membership.addSubjectLeader, .init(studioID: ningboStudio.id, teacherID: "t-plain"))
        }
    }

    @Test("R-MEMB-1: a subject-leader or core role in one active provincial studio at a time; network membership is free")
    func provincialExclusivity() async throws {
        try await Fixture.run { fixture in
            let first = try await fixture.studio(leader: "leader-a")
            let second = try await fixture.studio(leader: "leader-b")
            // A promotion to the province needs a leader R-APP-1 allows: this one is a 省特级教师.
            try await fixture.identity.addAccounts(["t-leader-c"], honours: "省特级教师")
            let cityStudio = try await fixture.studio(level: .city, leader: "t-leader-c")
            try await fixture.fill(first, role: .subjectLeader, count: 1, prefix: "t")
            let refused = await failure {
                try await fixture.office.call(
                    Membership.importMembers,
                    .init(entries: [
                        .init(studioID: second.id, role: .subjectLeader, teacherID: "t-t-0")
                    ])
                )
            }
            #expect(refused?.status == .failedPrecondition)
            #expect(refused?.rule == "R-MEMB-1")
            #expect(refused?.field == "entries[0].teacherID")
            _ = try await fixture.office.call(Membership.addSubjectLeader, .init(studioID: cityStudio.id, teacherID: "t-t-0"))
            _ = try await fixture.teacher("t-t-0").call(Membership.joinAsNetworkMember, .init(studioID: second.id))
            let promotion = await failure {
                try await fixture.office.call(Membership.changeLevel, .init(studioID: cityStudio.id, level: .province, reason: "晋升"))
            }
            #expect(promotion?.rule == "R-MEMB-1")
            _ = try await fixture.office.call(Membership.closeStudio, .init(studioID: first.id, reason: "建而不用"))
            let promoted = try await fixture.office.call(Membership.changeLevel, .init(studioID: cityStudio.id, level: .province, reason: "晋升"))
            #expect(promoted.level == .province)
        }
    }

    @Test("R-APP-8: a teacher asks to join with their own account; the leader approves or declines with a reason")
    func joinRequests() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            let leader = try await fixture.teacher("leader")
            try await fixture.accounts("t-1", "t-2")
            let teacher = try await fixture.teacher("t-1")
            let admin = try await fixture.caller("hz-admin", .cityAdmin, city: "hangzhou")
            #expect(await failure { try await admin.call(Membership.requestToJoin, .init(studioID: studio.id)) }?.status == .permissionDenied)
            let request = try await teacher.call(Membership.requestToJoin, .init(studioID: studio.id, message: "希望加入"))
            #expect(request.status == .pending)
            #expect(request.profile.teacherID == "t-1")
            #expect(request.profile.name == "教师t-1")
            #expect(await failure { try await teacher.call(Membership.requestToJoin, .init(studioID: studio.id)) }?.status == .alreadyExists)
            let pending = try await leader.call(Membership.listJoinRequests, .init(studioID: studio.id))
            #expect(pending.requests.map(\.id) == [request.id])
            #expect(
                await failure { try await teacher.call(Membership.decideJoinRequest, .init(requestID: request.id, approve: true)) }?.status
                    == .permissionDenied
            )
            let approved = try await leader.call(Membership.decideJoinRequest, .init(requestID: request.id, approve: true))
            #expect(approved.status == .approved)
            #expect(approved.decidedBy == "leader")
            #expect(
                await failure { try await leader.call(Membership.decideJoinRequest, .init(requestID: request.id, approve: false, reason: "x")) }?
                    .status == .failedPrecondition
            )
            let mine = try await teacher.call(Membership.listMyMemberships, .init())
            #expect(mine.memberships.map(\.role) == [.coreMember])
            #expect(mine.requests.map(\.status) == [.approved])

            let other = try await fixture.teacher("t-2")
            let second = try await other.call(Membership.requestToJoin, .init(studioID: studio.id))
            let noReason = await failure { try await leader.call(Membership.decideJoinRequest, .init(requestID: second.id, approve: false)) }
            #expect(noReason?.field == "reason")
            let declined = try await leader.call(Membership.decideJoinRequest, .init(requestID: second.id, approve: false, reason: "学科不符"))
            #expect(declined.status == .declined)
            #expect(declined.reason == "学科不符")
            #expect(try await other.call(Membership.listMyMemberships, .init()).memberships.isEmpty)
        }
    }

    @Test("R-COMP-5: the 100th core member is approved, the 101st refused")
    func coreMemberCeiling() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            let leader = try await fixture.teacher("leader")
            try await fixture.fill(studio, role: .coreMember, count: 98, prefix: "core")
            try await fixture.accounts("t-100", "t-101", "t-102")
            let hundredth = try await fixture.teacher("t-100").call(Membership.requestToJoin, .init(studioID: studio.id))
            let late = try await fixture.teacher("t-101").call(Membership.requestToJoin, .init(studioID: studio.id))
            try await fixture.fill(studio, role: .coreMember, count: 1, prefix: "more")
            _ = try await leader.call(Membership.decideJoinRequest, .init(requestID: hundredth.id, approve: true))
            let refused = await failure { try await leader.call(Membership.decideJoinRequest, .init(requestID: late.id, approve: true)) }
            #expect(refused?.status == .failedPrecondition)
            #expect(refused?.rule == "R-COMP-5")
            let stillPending = try await leader.call(Membership.listJoinRequests, .init(studioID: studio.id))
            #expect(stillPending.requests.map(\.id) == [late.id])
            let full = await failure { try await fixture.teacher("t-102").call(Membership.requestToJoin, .init(studioID: studio.id)) }
            #expect(full?.rule == "R-COMP-5")
        }
    }

    @Test("R-COMP-5: a subject leader mentors at most 10; a leaving one's mentees are reassigned to whoever has room")
    func mentors() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            let leader = try await fixture.teacher("leader")
            try await fixture.fill(studio, role: .subjectLeader, count: 2, prefix: "sl")
            // Mentees go to the least-loaded subject leader: 10 each.
            try await fixture.fill(studio, role: .coreMember, count: 20, prefix: "core")
            try await fixture.fill(studio, role: .coreMember, count: 1, prefix: "extra")
            let roster = try await leader.call(Membership.getRoster, .init(studioID: studio.id, role: .coreMember))
            let loads = Dictionary(grouping: roster.members, by: { $0.mentorID ?? "none" }).mapValues(\.count)
            #expect(loads == ["t-sl-0": 10, "t-sl-1": 10, "none": 1])
            let full = await failure {
                try await leader.call(Membership.assignMentor, .init(studioID: studio.id, teacherID: "t-extra-0", mentorID: "t-sl-0"))
            }
            #expect(full?.rule == "R-COMP-5")
            #expect(full?.field == "mentorID")
            let notLeader = await failure {
                try await leader.call(Membership.assignMentor, .init(studioID: studio.id, teacherID: "t-extra-0", mentorID: "t-core-0"))
            }
            #expect(notLeader?.field == "mentorID")

            try await fixture.fill(studio, role: .subjectLeader, count: 1, prefix: "sl2")
            _ = try await leader.call(Membership.assignMentor, .init(studioID: studio.id, teacherID: "t-extra-0", mentorID: "t-sl2-0"))
            let tooMany = await failure {
                try await leader.call(Membership.removeMember, .init(studioID: studio.id, teacherID: "t-sl-0", reason: "调离", reassignTo: "t-sl2-0"))
            }
            #expect(tooMany?.field == "reassignTo")
            let removal = try await leader.call(Membership.removeMember, .init(studioID: studio.id, teacherID: "t-sl-0", reason: "调离"))
            #expect(removal.removed.leftReason == "调离")
            #expect(Set(removal.reassigned.values) == ["t-sl2-0"])
            #expect(removal.reassigned.count == 9)
            #expect(removal.unassigned.count == 1)
            let composition = try await leader.call(Membership.getComposition, .init(studioID: studio.id))
            #expect(composition.coreMembersWithoutMentor == 1)
        }
    }

    @Test("R-COMP-6: network membership is unlimited, and paired-assistance teachers are listed first")
    func networkMembers() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            try await fixture.fill(studio, role: .networkMember, count: 250, prefix: "net")
            try await fixture.accounts("t-xj-1", pairedRegion: true)
            let paired = try await fixture.teacher("t-xj-1").call(Membership.joinAsNetworkMember, .init(studioID: studio.id))
            #expect(paired.role == .networkMember)
            let leader = try await fixture.teacher("leader")
            var members: [Member] = []
            var token: String?
            repeat {
                let page = try await leader.call(
                    Membership.getRoster,
                    .init(studioID: studio.id, role: .networkMember, pageSize: 100, pageToken: token)
                )
                members += page.members
                token = page.nextPageToken
            } while token != nil
            #expect(members.count == 251)
            #expect(members.first?.profile.teacherID == "t-xj-1")
            #expect(Set(members.map(\.profile.teacherID)).count == 251)
            // A network member who becomes a core member changes role; the roster keeps one current entry.
            let request = try await fixture.teacher("t-net-3").call(Membership.requestToJoin, .init(studioID: studio.id))
            _ = try await leader.call(Membership.decideJoinRequest, .init(requestID: request.id, approve: true))
            let mine = try await fixture.teacher("t-net-3").call(Membership.listMyMemberships, .init())
            #expect(mine.memberships.map(\.role) == [.coreMember])
        }
    }

    @Test("R-COMP-2…R-COMP-7: the composition report checks each rule against the roster")
    func composition() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio(city: .hangzhou)
            let leader = try await fixture.teacher("leader")
            try await fixture.fill(studio, role: .subjectLeader, count: 6, prefix: "local")
            try await fixture.fill(studio, role: .subjectLeader, count: 3, prefix: "other", city: .lishui)
            try await fixture.fill(studio, role: .subjectLeader, count: 1, prefix: "rural", rural: true)
            var report = try await leader.call(Membership.getComposition, .init(studioID: studio.id))
            let byRule = { (rule: String) in report.checks.first { $0.rule == rule } }
            #expect(byRule("R-COMP-2")?.passed == true)
            #expect(byRule("R-COMP-3")?.value == 4)
            #expect(byRule("R-COMP-3")?.passed == false)
            #expect(byRule("R-COMP-4")?.passed == true)
            #expect(byRule("R-COMP-7")?.passed == false)
            #expect(!report.passed)
            try await fixture.fill(studio, role: .subjectLeader, count: 1, prefix: "far", city: .wenzhou)
            // A city school is not the rural school R-COMP-7 asks for; a school without its kind is refused.
            _ = try await leader.call(
                Membership.setPairedSchool,
                .init(studioID: studio.id, school: .init(name: "杭州市第二中学", city: .hangzhou, county: "上城区", kind: .urbanSchool))
            )
            report = try await leader.call(Membership.getComposition, .init(studioID: studio.id))
            #expect(report.checks.first { $0.rule == "R-COMP-7" }?.passed == false)
            let unnamed = await failure {
                try await leader.call(
                    Membership.setPairedSchool,
                    .init(studioID: studio.id, school: .init(name: "某校", city: .hangzhou, county: "淳安县", kind: nil))
                )
            }
            #expect(unnamed?.field == "school.kind")
            _ = try await leader.call(
                Membership.setPairedSchool,
                .init(studioID: studio.id, school: .init(name: "淳安县威坪镇中学", city: .hangzhou, county: "淳安县", kind: .townSchool))
            )
            report = try await leader.call(Membership.getComposition, .init(studioID: studio.id))
            #expect(report.checks.first { $0.rule == "R-COMP-3" }?.passed == true)
            #expect(report.checks.first { $0.rule == "R-COMP-7" }?.passed == true)
            #expect(report.checks.first { $0.rule == "R-COMP-5" }?.passed == false)
        }
    }

    @Test("a roster reads as of any date: members who joined later or left earlier are not in it")
    func asOfDate() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            let march = ISO8601DateFormatter().date(from: "2019-03-01T00:00:00+08:00")!
            let june = ISO8601DateFormatter().date(from: "2019-06-01T00:00:00+08:00")!
            try await fixture.fill(studio, role: .subjectLeader, count: 3, prefix: "early", joinedAt: march)
            try await fixture.fill(studio, role: .subjectLeader, count: 2, prefix: "late", joinedAt: june)
            let leader = try await fixture.teacher("leader")
            _ = try await leader.call(Membership.removeMember, .init(studioID: studio.id, teacherID: "t-early-0", reason: "退休"))
            let april = try await leader.call(Membership.getRoster, .init(studioID: studio.id, asOf: june.addingTimeInterval(-86_400)))
            #expect(april.members.map(\.profile.teacherID).sorted() == ["t-early-0", "t-early-1", "t-early-2"])
            let now = try await leader.call(Membership.getRoster, .init(studioID: studio.id))
            #expect(now.members.map(\.profile.teacherID).sorted() == ["t-early-1", "t-early-2", "t-late-0", "t-late-1"])
            let metrics = try await fixture.office.call(Membership.studioMetrics, .init(year: 2019, studioIDs: [studio.id]))
            #expect(metrics.metrics.first?.subjectLeaders == 5)
            #expect(metrics.asOf == Date(timeIntervalSince1970: 1_577_807_999))
        }
    }

    @Test("studio metrics answer for many studios per call and page through all of them")
    func metrics() async throws {
        try await Fixture.run { fixture in
            var studios: [Studio] = []
            for index in 0..<5 { studios.append(try await fixture.studio(leader: "leader-\(index)")) }
            try await fixture.fill(studios[0], role: .subjectLeader, count: 10, prefix: "a", rural: true)
            try await fixture.fill(studios[1], role: .coreMember, count: 7, prefix: "b")
            try await fixture.fill(studios[1], role: .networkMember, count: 4, prefix: "c")
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            let service = try await fixture.caller("assessment", .service)
            var all: [StudioMetrics] = []
            var token: String?
            repeat {
                let page = try await service.call(Membership.studioMetrics, .init(year: year, pageSize: 2, pageToken: token))
                all += page.metrics
                token = page.nextPageToken
            } while token != nil
            #expect(all.count == 5)
            let first = all.first { $0.studioID == studios[0].id }
            #expect(first?.subjectLeaders == 10)
            #expect(first?.ruralSubjectLeaders == 10)
            #expect(first?.ruralOrOtherCitySubjectLeaders == 10)
            let second = all.first { $0.studioID == studios[1].id }
            #expect(second?.coreMembers == 7)
            #expect(second?.networkMembers == 4)
            #expect(second?.coreMembersWithoutMentor == 7)
            let unknown = await failure { try await service.call(Membership.studioMetrics, .init(year: year, studioIDs: ["st-none"])) }
            #expect(unknown?.field == "studioIDs")
            let badYear = await failure { try await service.call(Membership.studioMetrics, .init(year: 1999)) }
            #expect(badYear?.field == "year")
            #expect(await failure { try await fixture.teacher("t-1").call(Membership.studioMetrics, .init(year: year)) }?.status == .permissionDenied)
        }
    }

    @Test("an import is all-or-nothing, names the entry that broke it, and a re-run changes nothing")
    func importMembers() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            let ids = (0..<17).map { "t-sl-\($0)" }
            try await fixture.identity.addAccounts(ids)
            let good = ids.prefix(12).map { ImportMembersRequest.Entry(studioID: studio.id, role: .subjectLeader, teacherID: $0) }
            let first = try await fixture.office.call(Membership.importMembers, .init(entries: good))
            #expect(first == .init(added: 12, unchanged: 0))
            let rerun = try await fixture.office.call(Membership.importMembers, .init(entries: good))
            #expect(rerun == .init(added: 0, unchanged: 12))
            let overflow = ids.suffix(5).map { ImportMembersRequest.Entry(studioID: studio.id, role: .subjectLeader, teacherID: $0) }
            let refused = await failure { try await fixture.office.call(Membership.importMembers, .init(entries: overflow)) }
            #expect(refused?.rule == "R-COMP-2")
            #expect(refused?.message.hasPrefix("entries[3]") == true)
            let roster = try await fixture.office.call(Membership.getRoster, .init(studioID: studio.id))
            #expect(roster.members.count == 12)
            var blank = good[0]
            blank.teacherID = ""
            #expect(
                await failure { try await fixture.office.call(Membership.importMembers, .init(entries: [blank])) }?.field == "entries[0].teacherID"
            )
            var future = good[0]
            future.joinedAt = Date().addingTimeInterval(86_400)
            #expect(
                await failure { try await fixture.office.call(Membership.importMembers, .init(entries: [future])) }?.field == "entries[0].joinedAt"
            )
            var beforeFounding = good[0]
            beforeFounding.teacherID = ids[15]
            beforeFounding.joinedAt = studio.createdAt.addingTimeInterval(-86_400)
            let early = await failure { try await fixture.office.call(Membership.importMembers, .init(entries: [beforeFounding])) }
            #expect(early?.field == "entries[0].joinedAt")
            #expect(try await fixture.office.call(Membership.getRoster, .init(studioID: studio.id)).members.count == 12)
            #expect(
                await failure { try await fixture.teacher("leader").call(Membership.importMembers, .init(entries: good)) }?.status
                    == .permissionDenied
            )
        }
    }

    @Test("only the studio's leader manages its roster; rosters are for the leader and the admins over the studio")
    func refusals() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            try await fixture.fill(studio, role: .subjectLeader, count: 1, prefix: "sl")
            let stranger = try await fixture.teacher("stranger")
            #expect(
                await failure { try await stranger.call(Membership.addSubjectLeader, .init(studioID: studio.id, teacherID: "t-sl-0")) }?.status
                    == .permissionDenied
            )
            #expect(
                await failure { try await stranger.call(Membership.removeMember, .init(studioID: studio.id, teacherID: "t-sl-0", reason: "x")) }?
                    .status == .permissionDenied
            )
            #expect(await failure { try await stranger.call(Membership.getRoster, .init(studioID: studio.id)) }?.status == .permissionDenied)
            #expect(await failure { try await stranger.call(Membership.getComposition, .init(studioID: studio.id)) }?.status == .permissionDenied)
            #expect(await failure { try await stranger.call(Membership.listJoinRequests, .init(studioID: studio.id)) }?.status == .permissionDenied)
            #expect(await failure { try await stranger.call(Membership.getStudioHistory, .init(studioID: studio.id)) }?.status == .permissionDenied)
            #expect(
                await failure {
                    try await stranger.call(
                        Membership.setPairedSchool,
                        .init(studioID: studio.id, school: .init(name: "x", city: .hangzhou, county: "y", kind: .villageSchool))
                    )
                }?.status == .permissionDenied
            )
            let otherCity = try await fixture.caller("nb-admin", .cityAdmin, city: "ningbo")
            #expect(await failure { try await otherCity.call(Membership.getRoster, .init(studioID: studio.id)) }?.status == .permissionDenied)
            let workstation = try await fixture.caller("ws", .workstation)
            #expect(try await workstation.call(Membership.getRoster, .init(studioID: studio.id)).members.count == 1)
            // A member may leave on their own.
            let left = try await fixture.teacher("t-sl-0").call(
                Membership.removeMember,
                .init(studioID: studio.id, teacherID: "t-sl-0", reason: "个人原因")
            )
            #expect(left.removed.leftAt != nil)
        }
    }
}
