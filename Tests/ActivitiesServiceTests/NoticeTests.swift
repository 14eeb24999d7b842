import ActivitiesAPI
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCTesting
import Testing

/// Electronic notices (R-MGT-7): drafted, reviewed, published with number and code, verified by anyone, withdrawn.
@Suite("Activities: electronic notices", .timeLimit(.minutes(10)))
struct NoticeTests {
    @Test("a published notice has a stable number and a code; anyone verifies who, what, when, where and who approved it")
    func publishAndVerify() async throws {
        try await ActivitiesFixture.run { fixture in
            let activity = try await fixture.schedule(fixture.request("物理实验教学研讨", startsIn: 86_400, host: "t-sl-1"))
            let draft = try await fixture.teacher("t-sl-1").call(Activities.draftNotice, .init(activityID: activity.id, body: "请准假参加。"))
            #expect(draft.status == .submitted)
            #expect(draft.number == nil)
            #expect(
                await failure { try await fixture.leader.call(Activities.draftNotice, .init(activityID: activity.id, body: "x")) }?.status
                    == .alreadyExists
            )
            #expect(
                await failure { try await fixture.leader.call(Activities.reviewNotice, .init(id: draft.id, approve: true)) }?.status
                    == .permissionDenied
            )
            // The office sees what waits for its review; nobody else has that queue.
            #expect(try await fixture.office.call(Activities.listNoticesToReview, .init()).notices.map(\.id) == [draft.id])
            #expect(
                await failure { try await fixture.workstation("ws-east").call(Activities.listNoticesToReview, .init()) }?.status == .permissionDenied
            )

            let published = try await fixture.office.call(Activities.reviewNotice, .init(id: draft.id, approve: true))
            let number = try #require(published.number)
            #expect(number == "浙名师〔\(ActivitiesFixture.year(of: activity.startsAt))〕0001号")
            let code = try #require(published.verificationCode)
            #expect(code.count == 10)

            let anonymous = try fixture.activities.transport()
            let verified = try await anonymous.call(Activities.verifyNotice, .init(number: number, code: code.lowercased()))
            #expect(verified.status == .published)
            #expect(verified.studioName == "高中物理名师网络工作室")
            #expect(verified.hostName == "教师t-sl-1")
            #expect(verified.title == "物理实验教学研讨")
            #expect(verified.place == "温州中学报告厅")
            #expect(verified.approvedBy == "浙江省名师网络工作室项目办")

            let forged = await failure { try await anonymous.call(Activities.verifyNotice, .init(number: number, code: "ABCDEFGHJK")) }
            #expect(forged?.status == .notFound)
            let unknown = await failure { try await anonymous.call(Activities.verifyNotice, .init(number: "浙名师〔2026〕9999号", code: code)) }
            #expect(unknown?.message == forged?.message)

            #expect(
                await failure { try await fixture.leader.call(Activities.withdrawNotice, .init(id: draft.id, reason: "x")) }?.status
                    == .permissionDenied
            )
            let withdrawn = try await fixture.office.call(Activities.withdrawNotice, .init(id: draft.id, reason: "主讲人临时出差"))
            #expect(withdrawn.status == .withdrawn)
            let after = try await anonymous.call(Activities.verifyNotice, .init(number: number, code: code))
            #expect(after.status == .withdrawn)
            #expect(after.withdrawReason == "主讲人临时出差")

            let second = try await fixture.schedule(fixture.request("第二次研讨", startsIn: 86_400))
            let secondNotice = try await fixture.publishNotice(second)
            #expect(secondNotice.number != number)
        }
    }

    @Test("a rejection says why; a city studio's activity has no electronic notice; outsiders cannot read a notice")
    func refusals() async throws {
        try await ActivitiesFixture.run { fixture in
            let activity = try await fixture.schedule(fixture.request(startsIn: 86_400))
            let draft = try await fixture.leader.call(Activities.draftNotice, .init(activityID: activity.id, body: "通知"))
            #expect(await failure { try await fixture.office.call(Activities.reviewNotice, .init(id: draft.id, approve: false)) }?.field == "note")
            let rejected = try await fixture.office.call(Activities.reviewNotice, .init(id: draft.id, approve: false, note: "地点不明确"))
            #expect(rejected.status == .rejected)
            #expect(rejected.verificationCode == nil)
            #expect(try await fixture.leader.call(Activities.draftNotice, .init(activityID: activity.id, body: "地点：温州中学")).status == .submitted)
            #expect(
                await failure { try await fixture.teacher("outsider").call(Activities.getNotice, .init(id: draft.id)) }?.status == .permissionDenied
            )

            let cityLeader = try await fixture.teacher("t-city-leader")
            let city = try await fixture.schedule(fixture.request(studio: fixture.cityStudio), by: cityLeader)
            #expect(await failure { try await cityLeader.call(Activities.draftNotice, .init(activityID: city.id, body: "x")) }?.rule == "R-MGT-7")
        }
    }

    @Test("a studio's notices, newest first and paged, for its leader, workstations and the office; nobody else (R-MGT-7)")
    func studioNotices() async throws {
        try await ActivitiesFixture.run { fixture in
            var drafted: [Notice] = []
            for day in 1...3 {
                let activity = try await fixture.schedule(fixture.request(startsIn: Double(day) * 86_400))
                drafted.append(try await fixture.leader.call(Activities.draftNotice, .init(activityID: activity.id, body: "通知\(day)")))
            }
            _ = try await fixture.office.call(Activities.reviewNotice, .init(id: drafted[0].id, approve: true))
            let all = try await fixture.leader.call(Activities.listStudioNotices, .init(studioID: fixture.studio.id))
            #expect(all.notices.map(\.id) == drafted.reversed().map(\.id) && all.nextPageToken == nil)
            #expect(all.notices.last?.status == .published)
            let first = try await fixture.office.call(Activities.listStudioNotices, .init(studioID: fixture.studio.id, pageSize: 2))
            let rest = try await fixture.office.call(
                Activities.listStudioNotices,
                .init(
                    studioID: fixture.studio.id,
                    pageSize: 2,
                    pageToken: first.nextPageToken
                )
            )
            #expect((first.notices + rest.notices).map(\.id) == all.notices.map(\.id) && rest.nextPageToken == nil)
            #expect(
                try await fixture.workstation("ws-east").call(Activities.listStudioNotices, .init(studioID: fixture.studio.id)).notices.count == 3
            )
            let outsider = await failure {
                try await fixture.teacher("outsider").call(Activities.listStudioNotices, .init(studioID: fixture.studio.id))
            }
            #expect(outsider?.status == .permissionDenied && outsider?.rule == "R-MGT-7")
            #expect(try await fixture.office.call(Activities.listStudioNotices, .init(studioID: "st-none")).notices.isEmpty)
            #expect(await failure { try await fixture.leader.call(Activities.listStudioNotices, .init(studioID: "st-none")) }?.status == .notFound)
        }
    }
}
