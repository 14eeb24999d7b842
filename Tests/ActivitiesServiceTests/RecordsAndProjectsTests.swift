import ActivitiesAPI
import Auth
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI
import Testing

/// Cases (R-TASK-7), subject leaders' lectures and awards (R-TASK-2, R-TASK-3), featured projects (R-FEAT-1…4).
@Suite("Activities: cases, subject leaders' records and featured projects", .timeLimit(.minutes(10)))
struct RecordsAndProjectsTests {
    @Test("a case is written about a held activity, once, and counted for its year (R-TASK-7)")
    func cases() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let planned = try await fixture.schedule(fixture.request(startsIn: 86_400))
            let early = await failure { try await leader.call(Activities.submitCase, .init(activityID: planned.id, title: "案例", summary: "x")) }
            #expect(early?.rule == "R-TASK-7")
            let held = try await fixture.closedActivity(["t-sl-0", "t-sl-1"])
            let submitted = try await leader.call(Activities.submitCase, .init(activityID: held.id, title: "同课异构案例", summary: "过程与反思"))
            #expect(submitted.year == ActivitiesFixture.year)
            #expect(
                await failure { try await leader.call(Activities.submitCase, .init(activityID: held.id, title: "再一次", summary: "x")) }?.status
                    == .alreadyExists
            )
            #expect(try await fixture.metrics().cases == 1)
        }
    }

    @Test("lectures at city level or above and provincial awards count; evidence must exist; only the teacher or the leader records")
    func subjectLeaderRecords() async throws {
        try await ActivitiesFixture.run { fixture in
            let (pdf, sha256) = ActivitiesFixture.pdf("获奖证书")
            let uploader = try await fixture.teacher("t-sl-0", on: fixture.resources)
            #expect(try await uploader.send("PUT", path: "/files/\(sha256)", body: DataBodySource(pdf)).status == 201)
            let day = ActivitiesFixture.day(daysAgo: 0)
            let own = try await fixture.teacher("t-sl-0")
            func record(
                _ kind: SubjectLeaderRecord.Kind,
                _ level: RecordLevel,
                teacher: String = "t-sl-0",
                evidence: Evidence = Evidence(sha256: sha256)
            ) -> RecordSubjectLeaderRecordRequest {
                RecordSubjectLeaderRecordRequest(
                    studioID: fixture.studio.id,
                    teacherID: teacher,
                    kind: kind,
                    title: kind == .award ? "省教坛新秀评比" : "示范课",
                    level: level,
                    rank: kind == .award ? "一等奖" : nil,
                    date: day,
                    evidence: evidence
                )
            }
            _ = try await own.call(Activities.recordSubjectLeaderRecord, record(.lecture, .city))
            _ = try await own.call(Activities.recordSubjectLeaderRecord, record(.lecture, .school))
            _ = try await own.call(Activities.recordSubjectLeaderRecord, record(.award, .province))
            _ = try await own.call(Activities.recordSubjectLeaderRecord, record(.award, .city))
            // The leader uploads the same certificate: kept once, and now theirs to cite as well.
            _ = try await fixture.teacher("t-leader", on: fixture.resources).send("PUT", path: "/files/\(sha256)", body: DataBodySource(pdf))
            let byLeader = try await fixture.leader.call(Activities.recordSubjectLeaderRecord, record(.lecture, .province, teacher: "t-sl-1"))
            #expect(byLeader.recordedBy == "t-leader")

            #expect(
                await failure { try await fixture.teacher("t-sl-1").call(Activities.recordSubjectLeaderRecord, record(.lecture, .city)) }?.status
                    == .permissionDenied
            )
            #expect(
                await failure { try await fixture.leader.call(Activities.recordSubjectLeaderRecord, record(.lecture, .city, teacher: "t-core-1")) }?
                    .field == "teacherID"
            )
            #expect(
                await failure {
                    try await fixture.teacher("t-core-1").call(Activities.recordSubjectLeaderRecord, record(.lecture, .city, teacher: "t-core-1"))
                }?.status == .permissionDenied
            )
            let missing = await failure {
                try await own.call(
                    Activities.recordSubjectLeaderRecord,
                    record(.lecture, .city, evidence: Evidence(sha256: String(repeating: "0", count: 64)))
                )
            }
            #expect(missing?.field == "evidence.sha256")
            let noRank = RecordSubjectLeaderRecordRequest(
                studioID: fixture.studio.id,
                teacherID: "t-sl-0",
                kind: .award,
                title: "x",
                level: .province,
                date: day,
                evidence: Evidence(sha256: sha256)
            )
            #expect(await failure { try await own.call(Activities.recordSubjectLeaderRecord, noRank) }?.field == "rank")

            // Time is the server's: no lecture dated tomorrow, none entered more than 30 days after it.
            var ahead = record(.lecture, .city)
            ahead.date = ActivitiesFixture.day(daysAgo: -1)
            #expect(await failure { try await own.call(Activities.recordSubjectLeaderRecord, ahead) }?.field == "date")
            var late = record(.lecture, .city)
            late.date = ActivitiesFixture.day(daysAgo: 45)
            let tooLate = await failure { try await own.call(Activities.recordSubjectLeaderRecord, late) }
            #expect(tooLate?.rule == "R-MGT-2")
            #expect(tooLate?.field == "date")

            // Nothing counts until someone outside the studio accepts it: the studio's workstation reviews.
            #expect(try await fixture.metrics().teachers.allSatisfy { $0.lecturesCityOrAbove == 0 && $0.provincialAwards == 0 })
            let workstation = try await fixture.workstation("ws-east")
            let queue = try await workstation.call(Activities.listRecordsToReview, .init())
            #expect(queue.records.count == 5 && queue.records.allSatisfy { $0.review.status == .pending })
            #expect(try await fixture.workstation("ws-west").call(Activities.listRecordsToReview, .init()).records.isEmpty)
            let first = try #require(queue.records.first)
            #expect(
                await failure {
                    try await fixture.workstation("ws-west").call(Activities.reviewSubjectLeaderRecord, .init(id: first.id, accept: true))
                }?.status == .permissionDenied
            )
            #expect(
                await failure { try await fixture.leader.call(Activities.reviewSubjectLeaderRecord, .init(id: first.id, accept: true)) }?.status
                    == .permissionDenied
            )
            let cityAdmin = try await fixture.caller(Principal(subject: "wz-admin", roles: [.cityAdmin], city: "wenzhou"))
            #expect(
                await failure { try await cityAdmin.call(Activities.reviewSubjectLeaderRecord, .init(id: first.id, accept: true)) }?.status
                    == .permissionDenied
            )
            #expect(
                await failure { try await workstation.call(Activities.reviewSubjectLeaderRecord, .init(id: first.id, accept: false)) }?.field
                    == "reason"
            )
            for record in queue.records where record.level != .school && !(record.kind == .award && record.level == .city) {
                let accepted = try await workstation.call(Activities.reviewSubjectLeaderRecord, .init(id: record.id, accept: true))
                #expect(accepted.review.status == .accepted && accepted.review.decidedBy == "ws-ws-east")
            }
            let cityAward = try #require(queue.records.first { $0.kind == .award && $0.level == .city })
            let refusal = try await workstation.call(Activities.reviewSubjectLeaderRecord, .init(id: cityAward.id, accept: false, reason: "证书与本人不符"))
            #expect(refusal.review.status == .refused && refusal.review.reason == "证书与本人不符")
            #expect(try await workstation.call(Activities.listRecordsToReview, .init()).records.count == 1)

            let metrics = try await fixture.metrics()
            #expect(
                metrics.teachers.first { $0.teacherID == "t-sl-0" }
                    == TeacherActivity(teacherID: "t-sl-0", hosted: 0, lecturesCityOrAbove: 1, provincialAwards: 1)
            )
            #expect(metrics.teachers.first { $0.teacherID == "t-sl-1" }?.lecturesCityOrAbove == 1)
            #expect(try await own.call(Activities.listRecords, .init(studioID: fixture.studio.id)).subjectLeaderRecords.count == 5)
        }
    }

    @Test("one featured project a year; the studio's workstation approves a live-stream series; 4 live streams complete it")
    func liveStreamProject() async throws {
        try await ActivitiesFixture.run { fixture in
            let leader = try await fixture.leader
            let apply = ApplyFeaturedProjectRequest(
                studioID: fixture.studio.id,
                year: ActivitiesFixture.year,
                type: .liveStreamSeries,
                theme: "名师面对面：物理建模",
                description: "四期直播"
            )
            #expect(await failure { try await fixture.teacher("t-sl-0").call(Activities.applyFeaturedProject, apply) }?.status == .permissionDenied)
            let project = try await leader.call(Activities.applyFeaturedProject, apply)
            #expect(await failure { try await leader.call(Activities.applyFeaturedProject, apply) }?.rule == "R-FEAT-1")
            // The decision waits in the studio's workstation's queue, not another's.
            #expect(try await fixture.workstation("ws-east").call(Activities.listProjectsToDecide, .init()).projects.map(\.id) == [project.id])
            #expect(try await fixture.workstation("ws-west").call(Activities.listProjectsToDecide, .init()).projects.isEmpty)
            #expect(
                await failure {
                    try await fixture.workstation("ws-west").call(Activities.decideFeaturedProject, .init(id: project.id, approve: true))
                }?.status == .permissionDenied
            )
            let approved = try await fixture.workstation("ws-east").call(Activities.decideFeaturedProject, .init(id: project.id, approve: true))
            #expect(approved.status == .approved)

            let wrongKind = await failure { try await fixture.schedule(fixture.request(kind: .courseEvaluation, projectID: project.id)) }
            #expect(wrongKind?.field == "projectID")
            for index in 0..<3 {
                _ = try await fixture.closedActivity(
                    ["t-sl-0", "t-sl-1"],
                    request: fixture.request(
                        "直播第\(index + 1)期",
                        kind: .liveStream,
                        startsIn: -Double(index + 1) * 7_200,
                        projectID: project.id
                    )
                )
            }
            #expect(try await leader.call(Activities.getFeaturedProject, .init(id: project.id)).progress == ProjectProgress(counted: 3, required: 4))
            _ = try await fixture.closedActivity(["t-sl-0", "t-sl-1"], request: fixture.request("直播第4期", kind: .liveStream, projectID: project.id))
            let complete = try await leader.call(Activities.getFeaturedProject, .init(id: project.id))
            #expect(complete.progress?.complete == true)
            var expected = ProjectMetrics(type: .liveStreamSeries, status: .approved, progress: ProjectProgress(counted: 4, required: 4))
            expected.id = project.id
            #expect(try await fixture.metrics().project == expected)
        }
    }

    @Test("an 'other' project is approved by the office only; a research-outcome project counts outcomes approved in resources")
    func otherAndOutcomeProjects() async throws {
        try await ActivitiesFixture.run { fixture in
            let cityLeader = try await fixture.teacher("t-city-leader")
            let other = try await cityLeader.call(
                Activities.applyFeaturedProject,
                .init(
                    studioID: fixture.cityStudio.id,
                    year: ActivitiesFixture.year,
                    type: .other,
                    theme: "乡村教师读书会",
                    description: "x"
                )
            )
            #expect(
                await failure { try await fixture.workstation("ws-east").call(Activities.decideFeaturedProject, .init(id: other.id, approve: true)) }?
                    .rule == "R-FEAT-1"
            )
            #expect(try await fixture.office.call(Activities.decideFeaturedProject, .init(id: other.id, approve: true)).status == .approved)

            let leader = try await fixture.leader
            let project = try await leader.call(
                Activities.applyFeaturedProject,
                .init(
                    studioID: fixture.studio.id,
                    year: ActivitiesFixture.year,
                    type: .researchOutcome,
                    theme: "物理建模教学研究",
                    description: "x"
                )
            )
            #expect(try await leader.call(Activities.getFeaturedProject, .init(id: project.id)).progress == ProjectProgress(counted: 0, required: 1))
            let (pdf, sha256) = ActivitiesFixture.pdf("研究报告")
            let resources = try await fixture.teacher("t-leader", on: fixture.resources)
            _ = try await resources.send("PUT", path: "/files/\(sha256)", body: DataBodySource(pdf))
            let outcome = try await resources.call(
                Resources.createResource,
                .init(
                    studioID: fixture.studio.id,
                    title: "物理建模教学研究报告",
                    type: .researchOutcome,
                    stage: .seniorSecondary,
                    subject: "物理",
                    year: ActivitiesFixture.year,
                    visibility: .public,
                    files: [.init(sha256: sha256, fileName: "报告.pdf")],
                    outcome: .init(kind: .awarded, venue: "浙江省教研成果评比", level: .province, date: "\(ActivitiesFixture.year)-03-01")
                )
            )
            _ = try await fixture.workstation("ws-east", on: fixture.resources).call(
                Resources.decideResearchOutcome,
                .init(id: outcome.id, approve: true)
            )
            #expect(try await leader.call(Activities.getFeaturedProject, .init(id: project.id)).progress?.complete == true)
            #expect(try await fixture.metrics().project?.progress.counted == 1)
            #expect(
                await failure {
                    try await leader.call(Activities.studioMetrics, .init(year: ActivitiesFixture.year, studioIDs: [fixture.studio.id]))
                }?.status == .permissionDenied
            )
        }
    }
}
