import ActivitiesAPI
import Foundation
import JSONRPC
import MembershipAPI
import PlatformTesting
import RPCTesting
import Testing

/// Attendance: check-in while running, recorded lists, and the counts R-TASK-8 and R-TASK-9 are judged on.
@Suite("Activities: attendance and its thresholds", .timeLimit(.minutes(3)))
struct AttendanceTests {
    @Test("members check themselves in with the code, only while the activity runs and only once")
    func checkIn() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let running = try await fixture.schedule()
            let code = try await leader.call(Activities.openCheckIn, .init(id: running.id))
            #expect(code.code.count == 6)
            #expect(try await leader.call(Activities.openCheckIn, .init(id: running.id)).code == code.code)
            #expect(await failure { try await fixture.teacher("t-sl-1").call(Activities.openCheckIn, .init(id: running.id)) }?.status == .permissionDenied)

            let member = try await fixture.teacher("t-core-1")
            #expect(await failure { try await member.call(Activities.checkIn, .init(id: running.id, code: "000000" == code.code ? "111111" : "000000")) }?.field == "code")
            let checkedIn = try await member.call(Activities.checkIn, .init(id: running.id, code: code.code))
            #expect(checkedIn.source == .checkedIn)
            #expect(await failure { try await member.call(Activities.checkIn, .init(id: running.id, code: code.code)) }?.status == .alreadyExists)
            #expect(try await fixture.teacher("guest").call(Activities.checkIn, .init(id: running.id, code: code.code)).teacherID == "guest")

            let later = try await fixture.schedule(fixture.request(startsIn: 7_200))
            let laterCode = try await leader.call(Activities.openCheckIn, .init(id: later.id))
            let early = await failure { try await member.call(Activities.checkIn, .init(id: later.id, code: laterCode.code)) }
            #expect(early?.status == .failedPrecondition)
            #expect(try await member.call(Activities.listParticipants, .init(id: running.id)).participants.map(\.teacherID).sorted() == ["guest", "t-core-1"])
        }
    }

    @Test("half the subject leaders meets R-TASK-8 and one fewer does not; the roster is the one at the activity's start")
    func subjectLeaderShare() async throws {
        try await ActivitiesFixture.run { fixture in
            // A fifth subject leader joins now, after the activities below started: they do not count for them.
            let office = try fixture.membership.transport(token: try await fixture.keys.token(subject: "office", roles: .provinceOffice))
            let startedEarlier = try await fixture.schedule(fixture.request(startsIn: -600))
            try await fixture.identity.addAccounts(["t-sl-new"], city: .wenzhou)
            _ = try await office.call(Membership.importMembers, .init(entries: [.init(
                studioID: fixture.studio.id, role: .subjectLeader, teacherID: "t-sl-new")]))
            _ = try await fixture.publishNotice(startedEarlier)
            _ = try await fixture.leader.call(Activities.markHeld, .init(id: startedEarlier.id))
            _ = try await fixture.leader.call(Activities.recordAttendance, .init(id: startedEarlier.id, teacherIDs: ["t-sl-0", "t-sl-1", "t-sl-new"]))
            let half = try await fixture.leader.call(Activities.closeRecords, .init(id: startedEarlier.id))
            #expect(half.attendance == AttendanceSummary(participants: 3, subjectLeaders: 4, subjectLeadersPresent: 2, hostPresent: false))
            #expect(half.attendance?.halfOfSubjectLeaders == true)

            let one = try await fixture.closedActivity(["t-sl-0", "leader"], request: fixture.request(startsIn: -300))
            #expect(one.attendance?.subjectLeadersPresent == 1)
            #expect(one.attendance?.halfOfSubjectLeaders == false)
            #expect(one.attendance?.hostPresent == true)
            let closed = await failure { try await fixture.leader.call(Activities.recordAttendance, .init(id: one.id, teacherIDs: ["late"])) }
            #expect(closed?.status == .failedPrecondition)
        }
    }

    @Test("participants: 10 meets R-TASK-8's floor and 9 does not; 50 makes an activity of 50 (R-TASK-9) and 49 does not")
    func participantThresholds() async throws {
        try await ActivitiesFixture.run { fixture in
            for count in [9, 10, 49, 50] {
                _ = try await fixture.closedActivity(ActivitiesFixture.outsiders(count, prefix: "g\(count)"),
                                                     request: fixture.request("研讨\(count)"))
            }
            let metrics = try await fixture.metrics()
            #expect(metrics.activities.map(\.participants).sorted() == [9, 10, 49, 50])
            #expect(metrics.activities.filter { $0.participants >= 10 }.count == 3)
            #expect(metrics.activitiesOf50 == 1)
            #expect(metrics.teachers.first { $0.teacherID == "leader" }?.hosted == 4)
        }
    }
}
