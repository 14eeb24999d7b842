import ActivitiesAPI
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCTesting
import Testing

/// Scheduling and the lifecycle: planned → notice published → held → records closed, or cancelled.
@Suite("Activities: scheduling and lifecycle", .timeLimit(.minutes(10)))
struct LifecycleTests {
    @Test("the leader and subject leaders host (R-TASK-1); the leader may name a subject leader; others may not schedule")
    func hosts() async throws {
        try await ActivitiesFixture.run { fixture in
            let byLeader = try await fixture.schedule()
            #expect(byLeader.hostID == "t-leader")
            #expect(byLeader.status == .planned)
            let bySubjectLeader = try await fixture.schedule(by: try await fixture.teacher("t-sl-1"))
            #expect(bySubjectLeader.hostID == "t-sl-1")
            let named = try await fixture.schedule(fixture.request(host: "t-sl-2"))
            #expect(named.hostID == "t-sl-2")
            #expect(named.hostName == "教师t-sl-2")

            let notSubjectLeader = await failure { try await fixture.schedule(fixture.request(host: "t-core-1")) }
            #expect(notSubjectLeader?.field == "hostID")
            #expect(notSubjectLeader?.rule == "R-TASK-1")
            let coreMember = await failure { try await fixture.schedule(by: try await fixture.teacher("t-core-1")) }
            #expect(coreMember?.status == .permissionDenied)
            #expect(coreMember?.rule == "R-TASK-1")
            let subjectLeaderNaming = await failure {
                try await fixture.schedule(fixture.request(host: "t-sl-2"), by: try await fixture.teacher("t-sl-1"))
            }
            #expect(subjectLeaderNaming?.status == .permissionDenied)
            let office = await failure { try await fixture.schedule(by: try await fixture.office) }
            #expect(office?.status == .permissionDenied)
        }
    }

    @Test("requests name the field at fault: end before start, offline without a place, send-teaching without a paired school")
    func validation() async throws {
        try await ActivitiesFixture.run { fixture in
            var request = fixture.request()
            request.endsAt = request.startsAt.addingTimeInterval(-1)
            #expect(await failure { try await fixture.schedule(request) }?.field == "endsAt")
            request = fixture.request()
            request.place = nil
            #expect(await failure { try await fixture.schedule(request) }?.field == "place")
            let unpaired = await failure {
                try await fixture.schedule(
                    fixture.request(kind: .sendTeaching, studio: fixture.cityStudio),
                    by: try await fixture.teacher("t-city-leader")
                )
            }
            #expect(unpaired?.rule == "R-COMP-7")
            let sendTeaching = try await fixture.schedule(fixture.request(kind: .sendTeaching))
            #expect(sendTeaching.kind == .sendTeaching)
        }
    }

    @Test("a provincial activity is held only after its notice is published (R-MGT-7), and only once it has started")
    func heldAfterNotice() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let running = try await fixture.schedule()
            let early = await failure { try await leader.call(Activities.markHeld, .init(id: running.id)) }
            #expect(early?.rule == "R-MGT-7")
            _ = try await fixture.publishNotice(running)
            #expect(try await leader.call(Activities.getActivity, .init(id: running.id)).status == .noticePublished)
            #expect(try await leader.call(Activities.markHeld, .init(id: running.id)).status == .held)

            let future = try await fixture.schedule(fixture.request(startsIn: 86_400))
            _ = try await fixture.publishNotice(future)
            #expect(await failure { try await leader.call(Activities.markHeld, .init(id: future.id)) }?.status == .failedPrecondition)
            let otherHost = await failure { try await fixture.teacher("t-sl-3").call(Activities.markHeld, .init(id: running.id)) }
            #expect(otherHost?.status == .permissionDenied)
        }
    }

    @Test("a city studio announces its own activity; cancelling needs a reason and withdraws a published notice")
    func announceAndCancel() async throws {
        try await ActivitiesFixture.run { fixture in
            let cityLeader = try await fixture.teacher("t-city-leader")
            let city = try await fixture.schedule(fixture.request(studio: fixture.cityStudio), by: cityLeader)
            #expect(try await cityLeader.call(Activities.announceActivity, .init(id: city.id)).status == .noticePublished)
            let provincial = try await fixture.schedule()
            #expect(await failure { try await fixture.leader.call(Activities.announceActivity, .init(id: provincial.id)) }?.rule == "R-MGT-7")

            let notice = try await fixture.publishNotice(provincial)
            #expect(
                await failure { try await fixture.leader.call(Activities.cancelActivity, .init(id: provincial.id, reason: "")) }?.field == "reason"
            )
            let cancelled = try await fixture.leader.call(Activities.cancelActivity, .init(id: provincial.id, reason: "台风停课"))
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.cancelReason == "台风停课")
            let verification = try await fixture.activities.transport().call(
                Activities.verifyNotice,
                .init(
                    number: notice.number!,
                    code: notice.verificationCode!
                )
            )
            #expect(verification.status == .withdrawn)
            #expect(verification.withdrawReason?.contains("台风停课") == true)
            #expect(await failure { try await fixture.leader.call(Activities.markHeld, .init(id: provincial.id)) }?.status == .failedPrecondition)
        }
    }
}
