import ActivitiesAPI
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import PlatformTesting
import Programme
import RPCTesting
import Testing

@testable import ActivitiesService

/// Attendance: check-in while running, recorded lists, and the counts R-TASK-8 and R-TASK-9 are judged on.
@Suite("Activities: attendance and its thresholds", .timeLimit(.minutes(10)))
struct AttendanceTests {
    @Test("members check themselves in with the code, only while the activity runs and only once")
    func checkIn() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let running = try await fixture.schedule()
            let code = try await leader.call(Activities.openCheckIn, .init(id: running.id))
            #expect(code.code.count == 6)
            #expect(try await leader.call(Activities.openCheckIn, .init(id: running.id)).code == code.code)
            #expect(
                await failure { try await fixture.teacher("t-sl-1").call(Activities.openCheckIn, .init(id: running.id)) }?.status == .permissionDenied
            )

            let member = try await fixture.teacher("t-core-1")
            #expect(
                await failure { try await member.call(Activities.checkIn, .init(id: running.id, code: "000000" == code.code ? "111111" : "000000")) }?
                    .field == "code"
            )
            let checkedIn = try await member.call(Activities.checkIn, .init(id: running.id, code: code.code))
            #expect(checkedIn.source == .checkedIn)
            #expect(await failure { try await member.call(Activities.checkIn, .init(id: running.id, code: code.code)) }?.status == .alreadyExists)
            #expect(try await fixture.teacher("t-guest").call(Activities.checkIn, .init(id: running.id, code: code.code)).teacherID == "t-guest")
            let noAccount = await failure { try await fixture.teacher("t-nobody").call(Activities.checkIn, .init(id: running.id, code: code.code)) }
            #expect(noAccount?.rule == "R-APP-8")

            let later = try await fixture.schedule(fixture.request(startsIn: 7_200))
            let laterCode = try await leader.call(Activities.openCheckIn, .init(id: later.id))
            let early = await failure { try await member.call(Activities.checkIn, .init(id: later.id, code: laterCode.code)) }
            #expect(early?.status == .failedPrecondition)
            #expect(
                try await member.call(Activities.listParticipants, .init(id: running.id)).participants.map(\.teacherID).sorted() == [
                    "t-core-1", "t-guest",
                ]
            )
        }
    }

    @Test("half the subject leaders meets R-TASK-8 and one fewer does not; the roster is the one at the activity's start")
    func subjectLeaderShare() async throws {
        try await ActivitiesFixture.run { fixture in
            // A fifth subject leader joins now, after the activities below started: they do not count for them.
            let office = try fixture.membership.transport(token: try await fixture.keys.token(subject: "office", roles: .provinceOffice))
            let startedEarlier = try await fixture.schedule(fixture.request(startsIn: -600))
            try await fixture.identity.addAccounts(["t-sl-new"], city: .wenzhou)
            _ = try await office.call(
                Membership.importMembers,
                .init(entries: [
                    .init(
                        studioID: fixture.studio.id,
                        role: .subjectLeader,
                        teacherID: "t-sl-new"
                    )
                ])
            )
            _ = try await fixture.publishNotice(startedEarlier)
            _ = try await fixture.leader.call(Activities.markHeld, .init(id: startedEarlier.id))
            _ = try await fixture.leader.call(
                Activities.recordAttendance,
                .init(id: startedEarlier.id, teacherIDs: ["t-sl-0", "t-sl-1", "t-sl-new"])
            )
            let half = try await fixture.leader.call(Activities.closeRecords, .init(id: startedEarlier.id))
            #expect(half.attendance == AttendanceSummary(participants: 3, subjectLeaders: 4, subjectLeadersPresent: 2, hostPresent: false))
            #expect(half.attendance?.halfOfSubjectLeaders == true)

            let one = try await fixture.closedActivity(["t-sl-0", "t-leader"], request: fixture.request(startsIn: -7_200))
            #expect(one.attendance?.subjectLeadersPresent == 1)
            #expect(one.attendance?.halfOfSubjectLeaders == false)
            #expect(one.attendance?.hostPresent == true)
            let closed = await failure { try await fixture.leader.call(Activities.recordAttendance, .init(id: one.id, teacherIDs: ["t-sl-2"])) }
            #expect(closed?.status == .failedPrecondition)
        }
    }

    @Test("participants: 10 meets R-TASK-8's floor and 9 does not; 50 makes an activity of 50 (R-TASK-9) and 49 does not")
    func participantThresholds() async throws {
        try await ActivitiesFixture.run { fixture in
            for count in [9, 10, 49, 50] {
                _ = try await fixture.closedActivity(
                    try await fixture.outsiders(count, prefix: "g\(count)"),
                    request: fixture.request("研讨\(count)")
                )
            }
            let metrics = try await fixture.metrics()
            #expect(metrics.activities.map(\.participants).sorted() == [9, 10, 49, 50])
            #expect(metrics.activities.filter { $0.participants >= 10 }.count == 3)
            #expect(metrics.activitiesOf50 == 1)
            #expect(metrics.teachers.first { $0.teacherID == "t-leader" }?.hosted == 4)
        }
    }

    @Test("participants are accounts: a list with ids no account has is refused whole, naming them, and nothing is recorded")
    func participantsAreAccounts() async throws {
        try await ActivitiesFixture.run { fixture in
            let activity = try await fixture.schedule()
            _ = try await fixture.publishNotice(activity)
            let leader = try await fixture.leader
            _ = try await leader.call(Activities.markHeld, .init(id: activity.id))
            let invented = ["t-sl-0"] + (0..<10).map { "t-fake-\($0)" }
            let refused = await failure { try await leader.call(Activities.recordAttendance, .init(id: activity.id, teacherIDs: invented)) }
            #expect(refused?.status == .notFound)
            #expect(refused?.field == "teacherIDs[1]")
            #expect(refused?.message.contains("t-fake-0") == true)
            #expect(try await leader.call(Activities.listParticipants, .init(id: activity.id)).participants.isEmpty)
            let real = try await fixture.outsiders(10, prefix: "real")
            #expect(try await leader.call(Activities.recordAttendance, .init(id: activity.id, teacherIDs: real)).participants.count == 10)

            // An office import is held to the same rule.
            let office = try await fixture.office
            let start = Date().addingTimeInterval(-86_400 * 3)
            let imported = await failure {
                try await office.call(
                    Activities.importActivities,
                    .init(activities: [
                        ImportedActivity(
                            externalID: "x",
                            studioID: fixture.studio.id,
                            title: "导入",
                            kind: .research,
                            mode: .online,
                            startsAt: start,
                            endsAt: start.addingTimeInterval(3_600),
                            hostID: "t-sl-0",
                            participants: ["t-sl-0", "t-ghost"]
                        )
                    ])
                )
            }
            #expect(imported?.field == "activities[0].participants[1]")
            #expect(try await fixture.metrics().activities.map(\.id) == [activity.id])
            // With accounts only it goes in, and the metrics say which activity was imported.
            _ = try await office.call(
                Activities.importActivities,
                .init(activities: [
                    ImportedActivity(
                        externalID: "x",
                        studioID: fixture.studio.id,
                        title: "导入",
                        kind: .research,
                        mode: .online,
                        startsAt: start,
                        endsAt: start.addingTimeInterval(3_600),
                        hostID: "t-sl-0",
                        participants: ["t-sl-0"]
                    )
                ])
            )
            let counted = try await fixture.metrics().activities
            #expect(counted.map(\.imported) == [true, false])
        }
    }

    @Test("R-ACT-1: a teacher is in one activity at a time: attendance at an overlapping activity is refused, an adjacent one is fine")
    func oneActivityAtATime() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let first = try await fixture.closedActivity(["t-sl-0", "t-sl-1"], request: fixture.request("上午场", startsIn: -3 * 3_600))
            // The second starts while the first runs (first: −3 h to −2 h; second: −2.5 h to −1.5 h).
            let overlapping = try await fixture.schedule(fixture.request("重叠场", startsIn: -2.5 * 3_600))
            _ = try await fixture.publishNotice(overlapping)
            _ = try await leader.call(Activities.markHeld, .init(id: overlapping.id))
            let refused = await failure {
                try await leader.call(Activities.recordAttendance, .init(id: overlapping.id, teacherIDs: ["t-sl-2", "t-sl-1"]))
            }
            #expect(refused?.rule == "R-ACT-1")
            #expect(refused?.field == "teacherIDs[1]")
            #expect(refused?.message.contains(first.id) == true)
            #expect(try await leader.call(Activities.listParticipants, .init(id: overlapping.id)).participants.isEmpty)
            // One that starts as the first ends does not overlap.
            let adjacent = try await fixture.closedActivity(["t-sl-1"], request: fixture.request("下午场", startsIn: -2 * 3_600))
            #expect(adjacent.attendance?.participants == 1)
        }
    }

    @Test("R-TASK-8 judges every held activity: one whose records were never closed counts as its attendance stands")
    func heldActivitiesAreJudged() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let activity = try await fixture.schedule(fixture.request(startsIn: -600))
            _ = try await fixture.publishNotice(activity)
            _ = try await leader.call(Activities.markHeld, .init(id: activity.id))
            _ = try await leader.call(Activities.recordAttendance, .init(id: activity.id, teacherIDs: ["t-sl-0"]))
            let planned = try await fixture.schedule(fixture.request("未举行", startsIn: 86_400))
            let metrics = try await fixture.metrics()
            #expect(metrics.activities.map(\.id) == [activity.id])
            #expect(metrics.activities.first?.participants == 1)
            #expect(metrics.activities.first?.subjectLeaders == 4)
            #expect(metrics.activities.first?.subjectLeadersPresent == 1)
            #expect(!metrics.activities.map(\.id).contains(planned.id))
        }
    }

    @Test("records close by themselves once the record window after the activity has passed, with the attendance as it stood")
    func recordsCloseAtTheWindowsEnd() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let activity = try await fixture.schedule(fixture.request(startsIn: -600))
            _ = try await fixture.publishNotice(activity)
            _ = try await leader.call(Activities.markHeld, .init(id: activity.id))
            _ = try await leader.call(Activities.recordAttendance, .init(id: activity.id, teacherIDs: ["t-sl-0", "t-sl-1", "t-core-1"]))
            // The service's own database, as its periodic job sees it.
            let database = try DatabasePool(path: fixture.directory.appendingPathComponent("activities.sqlite").path)

            // On the window's last day (30 days by default) the records stay open.
            let lastDay = activity.endsAt.addingTimeInterval(29 * 86_400)
            #expect(try await LapsedRecords.close(database, now: lastDay) == 0)
            #expect(try await leader.call(Activities.getActivity, .init(id: activity.id)).status == .held)

            #expect(try await LapsedRecords.close(database, now: activity.endsAt.addingTimeInterval(31 * 86_400)) == 1)
            let closed = try await leader.call(Activities.getActivity, .init(id: activity.id))
            #expect(closed.status == .closed)
            #expect(closed.attendance == AttendanceSummary(participants: 3, subjectLeaders: 4, subjectLeadersPresent: 2, hostPresent: false))
            let late = await failure { try await leader.call(Activities.recordAttendance, .init(id: activity.id, teacherIDs: ["t-sl-2"])) }
            #expect(late?.status == .failedPrecondition)
            // Nothing changes on a second round.
            #expect(try await LapsedRecords.close(database, now: activity.endsAt.addingTimeInterval(40 * 86_400)) == 0)
            let metrics = try await fixture.metrics()
            #expect(metrics.activities.first?.participants == 3)
            try database.close()
        }
    }

    @Test("a participant stored with a source that is none of the cases answers INTERNAL naming the row, never a guess")
    func unreadableParticipant() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let activity = try await fixture.schedule()
            _ = try await leader.call(Activities.recordAttendance, .init(id: activity.id, teacherIDs: ["t-core-1", "t-sl-0"]))
            let database = try DatabaseQueue(path: fixture.directory.appendingPathComponent("activities.sqlite").path)
            try await database.write { db in
                try db.execute(
                    sql: "UPDATE participant SET source = 'imported' WHERE activityID = ? AND teacherID = 't-sl-0'",
                    arguments: [activity.id]
                )
            }
            try database.close()
            let error = await failure { try await leader.call(Activities.listParticipants, .init(id: activity.id)) }
            #expect(error?.status == .internal)
            #expect(error?.message == "participant \(activity.id)/t-sl-0 is stored in a form this version cannot read")
        }
    }
}
