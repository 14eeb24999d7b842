import ActivitiesAPI
import ActivitiesService
import Auth
import Foundation
import JSONRPC
import MembershipAPI
import MembershipService
import RPCTesting
import Testing

@Suite("Activities: scheduling a research activity", .timeLimit(.minutes(2)))
struct ActivityTests {
    @Test("a teacher schedules an activity of an existing studio; an end before the start names endsAt")
    func schedule() async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            let jwks = try keys.writeJWKS(in: directory)
            try await withRunningService(MembershipService.definition, dataDirectory: directory, jwksFile: jwks) { membership in
                let office = try membership.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
                let studio = try await office.call(Membership.createStudio, .init(
                    name: "高中物理名师网络工作室", level: .province, city: .wenzhou, stage: .seniorSecondary, subject: "物理",
                    kind: .subject, leaderID: "t-1"))
                try await withRunningService(ActivitiesService.definition, dataDirectory: directory, jwksFile: jwks,
                                             peers: ["membership": membership.url, "identity": "http://127.0.0.1:1"]) { activities in
                    let leader = try activities.transport(token: try await keys.token(subject: "t-1", roles: .teacher))
                    let start = Date(timeIntervalSince1970: 1_790_000_000)
                    let request = ScheduleActivityRequest(studioID: studio.id, title: "送教下乡：力学专题", mode: .offline,
                                                          kind: .sendTeaching, startsAt: start, endsAt: start.addingTimeInterval(7200))
                    let activity = try await leader.call(Activities.scheduleActivity, request)
                    #expect(activity.status == .planned)
                    #expect(activity.hostID == "t-1")
                    #expect(try await leader.call(Activities.getActivity, .init(id: activity.id)) == activity)

                    var backwards = request
                    backwards.endsAt = start.addingTimeInterval(-60)
                    do {
                        _ = try await leader.call(Activities.scheduleActivity, backwards)
                        Issue.record("an activity ending before it starts was accepted")
                    } catch let error as RPCError {
                        #expect(error.field == "endsAt")
                    }
                }
            }
        }
    }
}
