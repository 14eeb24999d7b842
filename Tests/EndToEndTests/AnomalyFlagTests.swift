import ActivitiesAPI
import AssessmentAPI
import Crypto
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI
import Testing

/// The rules of thumb on the five processes: a studio that scripted its year (the same twelve accounts at six
/// activities, an activity larger than its whole network, one file counted as two resources) is flagged on each,
/// with the records that raised it; a studio of the same shape that did nothing odd is not flagged at all. Flags
/// are listed within the caller's scope only, and never change a score.
@Suite("End to end: anomaly flags", .timeLimit(.minutes(10)))
struct AnomalyFlagTests {
    static let year: Int = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar.component(.year, from: Date())
    }()

    /// 09:00 China time on a day of this year's January.
    static func january(_ day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar.date(from: DateComponents(year: Self.year, month: 1, day: day, hour: 9))!
    }

    @Test("a scripted studio is flagged on each planted pattern with its records; an ordinary one is not; flags stay in scope")
    func flags() async throws {
        try await withTemporaryDirectory { directory in
            try await Platform.with(in: directory) { platform in try await Self.check(platform) }
        }
    }

    static func check(_ platform: Platform) async throws {
        let office = try await platform.mint("office-1", "provinceOffice")
        let membership = try platform.membership.transport(token: office)
        let identity = try platform.identity.transport(token: office)
        var studios: [Studio] = []
        for (index, name) in ["刷量工作室", "普通工作室"].enumerated() {
            let studio = try await membership.call(
                Membership.importStudio,
                .init(
                    studio: .init(
                        name: name,
                        level: .province,
                        city: .hangzhou,
                        stage: .primary,
                        subject: "数学",
                        kind: .subject,
                        leaderID: "t-lead-\(index)"
                    ),
                    createdAt: Self.january(1),
                    source: "测试"
                )
            )
            _ = try await membership.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-\(index)"))
            let leaders = (0..<10).map { "t-sl-\(index)-\($0)" }
            let members = (0..<40).map { "t-m-\(index)-\($0)" }
            try await TestAccounts.add(["t-lead-\(index)"] + leaders + members, city: .hangzhou, office: identity)
            _ = try await membership.call(
                Membership.importMembers,
                .init(
                    entries:
                        leaders.map { .init(studioID: studio.id, role: .subjectLeader, teacherID: $0, joinedAt: Self.january(1)) }
                        + members.map { .init(studioID: studio.id, role: .networkMember, teacherID: $0, joinedAt: Self.january(1)) }
                )
            )
            studios.append(studio)
        }
        let (scripted, ordinary) = (studios[0], studios[1])
        let outsiders = (0..<60).map { "t-out-\($0)" }
        try await TestAccounts.add(outsiders, city: .ningbo, office: identity)

        // Six activities each; the scripted studio's have the same twelve people, the ordinary one's twelve of its
        // forty members in turn (two lists share at most four). The scripted studio also claims sixty outsiders
        // at one activity, more than its 51 people.
        var imported = ImportActivitiesRequest()
        for (index, studio) in studios.enumerated() {
            let members = (0..<40).map { "t-m-\(index)-\($0)" }
            for serial in 0..<6 {
                let people =
                    studio.id == scripted.id
                    ? Array(members.prefix(12))
                    : (0..<12).map { members[(serial * 7 + $0) % 40] }
                let start = Self.january(5 + serial)
                imported.activities.append(
                    ImportedActivity(
                        externalID: "a-\(index)-\(serial)",
                        studioID: studio.id,
                        title: "研修\(serial)",
                        kind: .research,
                        mode: .online,
                        startsAt: start,
                        endsAt: start.addingTimeInterval(3600),
                        hostID: "t-sl-\(index)-0",
                        participants: people + ["t-sl-\(index)-0"]
                    )
                )
            }
        }
        let crowd = Self.january(20)
        imported.activities.append(
            ImportedActivity(
                externalID: "a-crowd",
                studioID: scripted.id,
                title: "大型活动",
                kind: .research,
                mode: .online,
                startsAt: crowd,
                endsAt: crowd.addingTimeInterval(3600),
                hostID: "t-sl-0-1",
                participants: outsiders + ["t-sl-0-1"]
            )
        )
        let activities = try platform.activities.transport(token: office)
        _ = try await activities.call(Activities.importActivities, imported, options: .init(timeout: .seconds(60)))

        // Resources: the scripted studio's two lesson designs carry the same file; the ordinary one's files differ.
        let resources = try platform.resources.transport(token: office)
        var files: [String] = []
        for serial in 0..<3 {
            let pdf = Data("%PDF-1.4\n% 教案\(serial)\n%%EOF\n".utf8)
            let sha256 = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
            #expect(try await resources.send("PUT", path: "/files/\(sha256)", body: DataBodySource(pdf)).status == 201)
            files.append(sha256)
        }
        func resource(_ id: String, _ studio: Studio, _ sha256: String) -> ImportedResource {
            ImportedResource(
                externalID: id,
                authorID: studio.leaderID,
                resource: .init(
                    studioID: studio.id,
                    title: "教案\(id)",
                    type: .lessonDesign,
                    stage: .primary,
                    subject: "数学",
                    year: Self.year,
                    visibility: .public,
                    files: [.init(sha256: sha256, fileName: "a.pdf")]
                )
            )
        }
        _ = try await resources.call(
            Resources.importResources,
            .init(entries: [
                resource("s-1", scripted, files[0]), resource("s-2", scripted, files[0]),
                resource("o-1", ordinary, files[1]), resource("o-2", ordinary, files[2]),
            ])
        )

        // One of the scripted studio's activities runs now: twelve accounts check in to it within a second, as a
        // script does.
        let leaderActivities = try platform.activities.transport(token: try await platform.mint("t-lead-0", "teacher"))
        let running = try await leaderActivities.call(
            Activities.scheduleActivity,
            .init(
                studioID: scripted.id,
                title: "线上研修",
                mode: .online,
                kind: .research,
                link: "https://live.zjer.cn/room/9",
                startsAt: Date().addingTimeInterval(-60),
                endsAt: Date().addingTimeInterval(3600),
                hostID: "t-sl-0-0"
            )
        )
        let code = try await leaderActivities.call(Activities.openCheckIn, .init(id: running.id)).code
        var accounts: [HTTP2Transport] = []
        for serial in 20..<32 { accounts.append(try platform.activities.transport(token: try await platform.mint("t-m-0-\(serial)", "teacher"))) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in accounts { group.addTask { _ = try await account.call(Activities.checkIn, .init(id: running.id, code: code)) } }
            try await group.waitForAll()
        }
        let notice = try await leaderActivities.call(Activities.draftNotice, .init(activityID: running.id, body: "请准时参加。"))
        _ = try await activities.call(Activities.reviewNotice, .init(id: notice.id, approve: true))
        _ = try await leaderActivities.call(Activities.markHeld, .init(id: running.id))
        // A premium mark the scripted studio's workstation gives and later withdraws (counted, then gone).
        let premiumBy = try platform.resources.transport(token: try await platform.mint("ws-user-0", "workstation", workstation: "ws-0"))
        _ = try await premiumBy.call(Resources.markPremium, .init(id: "rs-import-s-1", year: Self.year, reason: "优秀教案"))

        let assessment = try platform.assessment.transport(token: office)
        _ = try await assessment.call(Assessment.loadRuleSet, .init(ruleSet: .default2019(year: Self.year)))
        let run = try await assessment.call(Assessment.runAssessment, .init(year: Self.year), options: .init(timeout: .seconds(60)))
        let all = try await assessment.call(Assessment.listFlags, .init(year: Self.year)).flags
        #expect(all.allSatisfy { $0.studioID == scripted.id && $0.runID == run.id && $0.status == .open }, "\(all)")
        let byCheck = Dictionary(all.map { ($0.check, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(byCheck.keys) == [.sameCrowd, .beyondNetwork, .duplicateContent, .checkInCluster])
        #expect(byCheck[.checkInCluster]?.records.map(\.id) == [running.id])
        #expect(Set(byCheck[.sameCrowd]?.records.map(\.id) ?? []) == Set((0..<6).map { "ac-import-a-0-\($0)" }))
        #expect(byCheck[.beyondNetwork]?.records.map(\.id) == ["ac-import-a-crowd"])
        #expect(Set(byCheck[.duplicateContent]?.records.map(\.id) ?? []) == ["rs-import-s-1", "rs-import-s-2"])
        #expect(all.allSatisfy { !$0.rule.isEmpty && !$0.detail.isEmpty })

        // Scope: each workstation and leader sees its own studio's flags; a leader cannot ask for another's.
        let ws0 = try platform.assessment.transport(token: try await platform.mint("ws-user-0", "workstation", workstation: "ws-0"))
        #expect(try await ws0.call(Assessment.listFlags, .init(year: Self.year)).flags.count == 4)
        let ws1 = try platform.assessment.transport(token: try await platform.mint("ws-user-1", "workstation", workstation: "ws-1"))
        #expect(try await ws1.call(Assessment.listFlags, .init(year: Self.year)).flags.isEmpty)
        let leader0 = try platform.assessment.transport(token: try await platform.mint("t-lead-0", "teacher"))
        #expect(try await leader0.call(Assessment.listFlags, .init(year: Self.year, studioID: scripted.id)).flags.count == 4)
        let leader1 = try platform.assessment.transport(token: try await platform.mint("t-lead-1", "teacher"))
        #expect(try await leader1.call(Assessment.listFlags, .init(year: Self.year)).flags.isEmpty)
        let refused = await failure { try await leader1.call(Assessment.listFlags, .init(year: Self.year, studioID: scripted.id)) }
        #expect(refused?.status == .permissionDenied)

        // A flag never changes a score: the same run with the checks made lenient scores alike.
        var lenient = RuleSet.default2019(year: Self.year)
        lenient.anomalies = AnomalyRules(
            sameCrowdSimilarity: 1,
            sameCrowdActivities: 1000,
            beyondNetworkFactor: 100,
            duplicateContent: false,
            checkInClusterSize: 1000
        )
        _ = try await assessment.call(Assessment.loadRuleSet, .init(ruleSet: lenient))
        let quiet = try await assessment.call(Assessment.runAssessment, .init(year: Self.year), options: .init(timeout: .seconds(60)))
        #expect(try await assessment.call(Assessment.listFlags, .init(year: Self.year, runID: quiet.id)).flags.isEmpty)
        let before = try await assessment.call(Assessment.getStudioReport, .init(year: Self.year, studioID: scripted.id, runID: run.id)).result
        let after = try await assessment.call(Assessment.getStudioReport, .init(year: Self.year, studioID: scripted.id, runID: quiet.id)).result
        #expect(before.score == after.score && before.passed == after.passed)

        // The leader answers first; only the studio's supervisor decides, with a reason; refusals change nothing.
        let sameCrowd = try #require(byCheck[.sameCrowd])
        let duplicate = try #require(byCheck[.duplicateContent])
        let answered = try await leader0.call(Assessment.answerFlag, .init(id: sameCrowd.id, comment: "这是同一批骨干教师的固定研修小组"))
        #expect(answered.answers?.map(\.by) == ["t-lead-0"])
        let otherLeader = await failure { try await leader1.call(Assessment.answerFlag, .init(id: sameCrowd.id, comment: "不是我的")) }
        #expect(otherLeader?.status == .permissionDenied)
        let wrongWorkstation = await failure { try await ws1.call(Assessment.decideFlag, .init(id: sameCrowd.id, status: .accepted, reason: "越权")) }
        #expect(wrongWorkstation?.status == .permissionDenied)
        let byLeader = await failure { try await leader0.call(Assessment.decideFlag, .init(id: sameCrowd.id, status: .dismissed, reason: "自己说了算")) }
        #expect(byLeader?.status == .permissionDenied)
        let noReason = await failure { try await ws0.call(Assessment.decideFlag, .init(id: sameCrowd.id, status: .accepted, reason: " ")) }
        #expect(noReason?.field == "reason")
        let notItsRecord = await failure {
            try await ws0.call(
                Assessment.decideFlag,
                .init(
                    id: sameCrowd.id,
                    status: .accepted,
                    reason: "名单重复",
                    exclude: ["ac-import-a-1-0"]
                )
            )
        }
        #expect(notItsRecord?.field == "exclude[0]")
        #expect(try await ws0.call(Assessment.listFlags, .init(year: Self.year, runID: run.id, status: .open)).flags.count == 4)

        // Accepted, five of the six activities excluded; the duplicate dismissed. The next run counts without them
        // and its report says why.
        let excluded = Array(sameCrowd.records.map(\.id).sorted().prefix(5))
        let decided = try await ws0.call(Assessment.decideFlag, .init(id: sameCrowd.id, status: .accepted, reason: "同一名单重复签到", exclude: excluded))
        #expect(decided.status == .accepted && decided.decision?.excluded == excluded && decided.decision?.decidedBy == "ws-user-0")
        let twice = await failure { try await ws0.call(Assessment.decideFlag, .init(id: sameCrowd.id, status: .dismissed, reason: "改主意")) }
        #expect(twice?.status == .failedPrecondition)
        let lateAnswer = await failure { try await leader0.call(Assessment.answerFlag, .init(id: sameCrowd.id, comment: "补充说明")) }
        #expect(lateAnswer?.status == .failedPrecondition)
        _ = try await ws0.call(Assessment.decideFlag, .init(id: duplicate.id, status: .dismissed, reason: "同一教案的修订版本"))
        #expect(try await ws0.call(Assessment.listFlags, .init(year: Self.year, runID: run.id, status: .open)).flags.count == 2)

        // The premium mark the last run counted is withdrawn before the next.
        _ = try await premiumBy.call(Resources.withdrawPremium, .init(id: "rs-import-s-1", year: Self.year, reason: "复核后撤销"))
        _ = try await assessment.call(Assessment.loadRuleSet, .init(ruleSet: .default2019(year: Self.year)))
        let next = try await assessment.call(Assessment.runAssessment, .init(year: Self.year), options: .init(timeout: .seconds(60)))
        let counted = try await assessment.call(Assessment.getStudioReport, .init(year: Self.year, studioID: scripted.id, runID: next.id)).result
        #expect(counted.metrics["activitiesHeld"] == (before.metrics["activitiesHeld"] ?? 0) - 5)
        #expect(Set(counted.excluded?.map(\.recordID) ?? []) == Set(excluded))
        #expect(counted.excluded?.allSatisfy { $0.reason == "同一名单重复签到" && $0.decidedBy == "ws-user-0" && $0.flagID == sameCrowd.id } == true)
        let held = try await assessment.call(
            Assessment.getLineRecords,
            .init(year: Self.year, studioID: scripted.id, metric: .activitiesHeld, runID: next.id)
        )
        #expect(Set(held.records.map(\.id)).isDisjoint(with: excluded) && held.total == Int(counted.metrics["activitiesHeld"] ?? 0))
        // The same patterns raised again by the next run keep their decisions: nothing to decide twice.
        let carried = try await ws0.call(Assessment.listFlags, .init(year: Self.year, runID: next.id)).flags
        #expect(carried.first { $0.check == .sameCrowd }?.decision?.excluded == excluded)
        #expect(carried.first { $0.check == .duplicateContent }?.status == .dismissed)
        let gone = try #require(carried.first { $0.check == .countedThenGone })
        #expect(gone.studioID == scripted.id && gone.records.map(\.id) == ["rs-import-s-1"] && gone.detail.contains(quiet.id))
        #expect(carried.filter { $0.check == .countedThenGone }.count == 1)
        // The ordinary studio's counts are untouched.
        let ordinaryBefore = try await assessment.call(Assessment.getStudioReport, .init(year: Self.year, studioID: ordinary.id, runID: run.id))
            .result
        let ordinaryAfter = try await assessment.call(Assessment.getStudioReport, .init(year: Self.year, studioID: ordinary.id, runID: next.id))
            .result
        #expect(ordinaryBefore.metrics == ordinaryAfter.metrics && ordinaryAfter.excluded == nil)
    }
}
