import ActivitiesAPI
import AssessmentAPI
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCTesting
import ResourcesAPI
import Testing

@testable import AssessmentService

/// The 2019 rules applied to snapshots: each basic task passes exactly at its threshold and fails one step off;
/// tiers, badges, idle flags and proposals fall where the rule set says; the same snapshot gives the same ranking.
@Suite("Assessment: evaluating a year's snapshot")
struct EvaluationTests {
    static let rules = RuleSet.default2019()
    static let leaders = (0..<10).map { "sl-\($0)" }

    /// A studio that meets every basic task exactly at its threshold: ten activities, one hosted by each subject
    /// leader, the first a send-teaching visit, the second of 50 people, the rest of 10 with half the subject leaders.
    static func exact(_ id: String = "st-a") -> StudioSnapshot {
        let activities = Self.leaders.enumerated().map { index, host in
            HeldActivity(
                id: "ac-\(index)",
                kind: index == 0 ? .sendTeaching : .research,
                hostID: host,
                participants: index == 1 ? 50 : 10,
                subjectLeaders: 10,
                subjectLeadersPresent: 5
            )
        }
        let teachers = Self.leaders.map { TeacherActivity(teacherID: $0, hosted: 1, lecturesCityOrAbove: 1, provincialAwards: 1) }
        return StudioSnapshot(
            membership: StudioMetrics(
                studioID: id,
                level: .province,
                status: .active,
                subjectLeaders: 10,
                coreMembers: 100,
                networkMembers: 0,
                ruralOrOtherCitySubjectLeaders: 5,
                ruralSubjectLeaders: 1,
                coreMembersWithoutMentor: 0,
                pairedSchool: true,
                leaderID: "leader-\(id)",
                city: .hangzhou,
                workstation: "ws-1",
                subjectLeaderIDs: Self.leaders
            ),
            resources: ResourceMetrics(studioID: id, published: 10, premium: 10, themedSeriesCompleted: 1),
            activities: ActivityMetrics(
                studioID: id,
                activities: activities,
                cases: 2,
                teachers: teachers,
                project: ProjectMetrics(
                    type: .liveStreamSeries,
                    status: .approved,
                    progress: ProjectProgress(counted: 4, required: 4)
                )
            )
        )
    }

    func result(_ snapshot: StudioSnapshot) -> StudioResult { Evaluation.evaluate(snapshot, rules: Self.rules, manual: [:]) }

    func failing(_ result: StudioResult) -> [String] { result.checklist.filter { !$0.passed }.map(\.rule) }

    @Test("a studio exactly at every threshold passes, gets the badge and keeps its level")
    func exactPasses() {
        let result = self.result(Self.exact())
        #expect(self.failing(result) == [])
        #expect(result.passed && result.badge && !result.idle && result.proposal == .keep)
        #expect(result.checklist.count == Self.rules.basicTasks.count)
        #expect(result.checklist.first { $0.rule == "R-TASK-5" }?.source == "resources")
    }

    @Test(
        "one step below a floor (or above a ceiling) fails exactly that rule",
        arguments: [
            "R-COMP-2 floor", "R-COMP-2 ceiling", "R-COMP-3", "R-COMP-4", "R-COMP-5", "R-COMP-7", "R-TASK-1", "R-TASK-2",
            "R-TASK-3", "R-TASK-4", "R-TASK-5", "R-TASK-6", "R-TASK-7", "R-TASK-8 share", "R-TASK-8 people", "R-TASK-9",
            "R-TASK-10", "R-FEAT-1", "R-FEAT-2/3/4",
        ]
    )
    func oneStepOff(_ case: String) {
        var snapshot = Self.exact()
        switch `case` {
        case "R-COMP-2 floor":
            snapshot.membership.subjectLeaders = 9
        case "R-COMP-2 ceiling":
            snapshot.membership.subjectLeaders = 16
        case "R-COMP-3": snapshot.membership.ruralOrOtherCitySubjectLeaders = 4
        case "R-COMP-4": snapshot.membership.ruralSubjectLeaders = 0
        case "R-COMP-5": snapshot.membership.coreMembers = 99
        case "R-COMP-7": snapshot.membership.pairedSchool = false
        case "R-TASK-1": snapshot.activities.teachers[9].hosted = 0
        case "R-TASK-2": snapshot.activities.teachers[3].lecturesCityOrAbove = 0
        case "R-TASK-3": snapshot.activities.teachers[4].provincialAwards = 0
        case "R-TASK-4": snapshot.resources.themedSeriesCompleted = 0
        case "R-TASK-5": snapshot.resources.premium = 9
        case "R-TASK-6": snapshot.activities.activities = Array(snapshot.activities.activities.prefix(4))  // keeps the send-teaching and the 50
        case "R-TASK-7": snapshot.activities.cases = 1
        case "R-TASK-8 share": snapshot.activities.activities[2].subjectLeadersPresent = 4
        case "R-TASK-8 people": snapshot.activities.activities[2].participants = 9
        case "R-TASK-9": snapshot.activities.activities[1].participants = 49
        case "R-TASK-10": snapshot.activities.activities[0].kind = .research
        case "R-FEAT-1": snapshot.activities.project?.status = .pending
        default: snapshot.activities.project?.progress.counted = 3
        }
        let result = self.result(snapshot)
        let expected =
            switch `case` {
            case "R-COMP-2 floor", "R-COMP-2 ceiling": "R-COMP-2"
            case "R-TASK-8 share", "R-TASK-8 people": "R-TASK-8"
            case "R-TASK-6": "R-TASK-6"
            case "R-FEAT-1": "R-FEAT-1"
            default: `case`
            }
        let failed = self.failing(result)
        #expect(failed.contains(expected), "\(`case`): failed \(failed)")
        // A pending project (R-FEAT-1) cannot be complete either (R-FEAT-2/3/4); every other case fails alone.
        #expect(Set(failed) == (`case` == "R-FEAT-1" ? [expected, "R-FEAT-2/3/4"] : [expected]), "\(`case`): failed \(failed)")
        #expect(!result.passed && !result.badge && result.proposal == .demote)
    }

    @Test("idle: at most 1 activity and 2 resources is idle and proposed for closure; 2 activities is not idle")
    func idle() {
        var snapshot = Self.exact()
        snapshot.activities.activities = [snapshot.activities.activities[0]]
        snapshot.resources.published = 2
        let idle = self.result(snapshot)
        #expect(idle.idle && idle.proposal == .close)
        snapshot.activities.activities.append(Self.exact().activities.activities[1])
        #expect(!self.result(snapshot).idle)
        snapshot.activities.activities = [snapshot.activities.activities[0]]
        snapshot.resources.published = 3
        #expect(!self.result(snapshot).idle)
    }

    @Test("R-MGT-5 grace: a studio created on or after 1 September is assessed but not proposed for closure or demotion; one created on 31 August is")
    func newStudioGrace() {
        var snapshot = Self.exact()
        snapshot.activities.activities = []
        snapshot.resources.published = 0
        let china = { (month: Int, day: Int) in ChinaCalendar.date(year: 2019, month: month, day: day)! }
        snapshot.membership.createdAt = china(9, 1)
        let new = self.result(snapshot)
        #expect(new.idle && new.proposal == .keep)
        #expect(new.proposalNote?.contains("R-MGT-5") == true && new.proposalNote?.contains("2019-09-01") == true)
        snapshot.membership.createdAt = china(9, 1).addingTimeInterval(-1)
        let older = self.result(snapshot)
        #expect(older.proposal == .close && older.proposalNote == nil)
        // A failing new studio is not demoted either; a rule set may move the day.
        var failing = Self.exact()
        failing.membership.coreMembers = 99
        failing.membership.createdAt = china(10, 8)
        #expect(self.result(failing).proposal == .keep)
        var rules = Self.rules
        rules.newStudios = .init(graceFromMonth: 11, graceFromDay: 1)
        #expect(Evaluation.evaluate(failing, rules: rules, manual: [:]).proposal == .demote)
    }

    @Test("tiers go to passing studios in rank order, 30/50/70; ties break on passing, activities, then id; order of input does not matter")
    func tiersAndDeterminism() {
        var snapshots: [StudioSnapshot] = []
        for index in 0..<170 {
            var snapshot = Self.exact(String(format: "st-%03d", index))
            snapshot.resources.published = 10 + index % 7  // scores differ…
            snapshot.membership.networkMembers = index % 3 * 100  // …and some tie
            if index.isMultiple(of: 10) { snapshot.resources.premium = 5 }  // 17 fail R-TASK-5
            snapshots.append(snapshot)
        }
        let results = Evaluation.evaluate(snapshots, rules: Self.rules, manual: [:])
        #expect(results.map(\.rank) == Array(1...170))
        #expect(results.filter { $0.tier == "一档" }.count == 30)
        #expect(results.filter { $0.tier == "二档" }.count == 50)
        #expect(results.filter { $0.tier == "三档" }.count == 70)
        #expect(results.filter { !$0.passed }.allSatisfy { $0.tier == nil && $0.amount == 0 })
        #expect(results.filter(\.passed).count == 153)
        #expect(results.first { $0.tier == "一档" }?.amount == 100_000)
        for pair in zip(results, results.dropFirst()) where pair.0.score == pair.1.score && pair.0.passed == pair.1.passed {
            #expect(pair.0.studioID < pair.1.studioID || pair.0.metrics["activitiesHeld"]! > pair.1.metrics["activitiesHeld"]!)
        }
        let again = Evaluation.evaluate(snapshots.reversed(), rules: Self.rules, manual: [:])
        #expect(again == results)
    }

    @Test("scores add capped indicator points and manual scores up to their maximum")
    func scoring() {
        var snapshot = Self.exact()
        snapshot.resources.premium = 100  // 1.5 each, capped at 20
        let result = Evaluation.evaluate(snapshot, rules: Self.rules, manual: ["工作站评价": 99])
        #expect(result.breakdown.first { $0.indicator == "精品资源" }?.points == 20)
        #expect(result.breakdown.first { $0.indicator == "工作站评价" }?.points == 15)
        #expect(result.score == result.breakdown.reduce(0) { $0 + $1.points })
    }

    @Test("the 2019 rule set is valid; tiers that do not sum to the funded studios are refused naming tiers (R-MGT-3)")
    func ruleSetValidation() throws {
        try Self.rules.validate()
        var rules = Self.rules
        rules.tiers[0].studios = 29
        let error = #expect(throws: RPCError.self) { try rules.validate() }
        #expect(error?.field == "tiers")
        #expect(error?.rule == "R-MGT-3")
        rules = Self.rules
        rules.basicTasks[0].rule = "TASK-1"
        #expect(throws: RPCError.invalidArgument("'TASK-1' is not a rule name (R-…)", field: "basicTasks[0].rule")) { try rules.validate() }
    }

    @Test(
        "each level is ranked on its own; tiers and badges are provincial; the best passing city and county studios are proposed for promotion (R-LVL-2)"
    )
    func levels() {
        var rules = Self.rules
        rules.levelChanges.promoteFromCity = 2
        rules.levelChanges.promoteFromCounty = 1
        func studio(_ id: String, _ level: StudioLevel, published: Int, failing: Bool = false, idle: Bool = false) -> StudioSnapshot {
            var snapshot = Self.exact(id)
            snapshot.membership.level = level
            snapshot.resources.published = published
            if failing { snapshot.resources.premium = 9 }
            if idle { (snapshot.activities.activities, snapshot.resources.published) = ([], 0) }
            return snapshot
        }
        let snapshots = [
            studio("p-1", .province, published: 12), studio("p-2", .province, published: 10, failing: true),
            // The idle city studio scores highest but is closed; the failing one is demoted, never promoted.
            studio("c-1", .city, published: 30, idle: true), studio("c-2", .city, published: 20, failing: true),
            studio("c-3", .city, published: 18), studio("c-4", .city, published: 16), studio("c-5", .city, published: 14),
            studio("k-1", .county, published: 20, failing: true), studio("k-2", .county, published: 12),
            studio("k-3", .county, published: 11),
        ]
        let results = Evaluation.evaluate(snapshots.shuffled(), rules: rules, manual: [:])
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.studioID, $0) })
        #expect(results.map(\.level) == [.province, .province, .city, .city, .city, .city, .city, .county, .county, .county])
        #expect(results.map(\.rank) == [1, 2, 1, 2, 3, 4, 5, 1, 2, 3])
        #expect(byID["p-1"]?.tier == "一档" && byID["p-1"]?.badge == true && byID["p-1"]?.proposal == .keep)
        #expect(byID["p-2"]?.proposal == .demote)
        #expect(results.filter { $0.level != .province }.allSatisfy { $0.tier == nil && $0.amount == 0 && !$0.badge })
        #expect(byID["c-1"]?.proposal == .close)
        #expect(byID["c-2"]?.proposal == .demote)
        #expect(["c-3", "c-4", "c-5"].map { byID[$0]?.proposal } == [.promote, .promote, .keep])
        #expect(["k-1", "k-2", "k-3"].map { byID[$0]?.proposal } == [.keep, .promote, .keep], "a failing county studio has no level below")
    }

    @Test("a rule set stored before promotion existed reads as promoting no one")
    func ruleSetWithoutPromotion() throws {
        let old = Data(#"{"closeIdle": true, "demoteFailing": false}"#.utf8)
        let rule = try JSONCoding.decoder.decode(RuleSet.LevelChangeRule.self, from: old)
        #expect(rule == .init(closeIdle: true, demoteFailing: false, promoteFromCity: 0, promoteFromCounty: 0))
        var rules = Self.rules
        rules.levelChanges.promoteFromCounty = -1
        let error = #expect(throws: RPCError.self) { try rules.validate() }
        #expect(error?.field == "levelChanges.promoteFromCounty")
    }
}

@Suite("Metric pulls keep the peer's status")
struct MetricPullStatusTests {
    @Test(
        "a peer's DEADLINE_EXCEEDED, PERMISSION_DENIED or NOT_FOUND passes through with the peer named; only a peer out of reach is UNAVAILABLE",
        arguments: [RPCStatus.deadlineExceeded, .permissionDenied, .unauthenticated, .notFound, .unavailable]
    )
    func peerStatusPassesThrough(status: RPCStatus) async {
        let error = await failure {
            try await MetricPull.guarded("activities") { () async throws -> Int in
                throw RPCError(status, "the peer's own words", field: "studioIDs")
            }
        }
        #expect(error?.status == status)
        #expect(error?.message.contains("activities") == true)
        #expect(error?.message.contains("the peer's own words") == true)
        #expect(error?.data?.field == nil, "the peer's field names the peer's params, not the caller's")
    }

    @Test("a failure that is no answer at all (the connection refused) is UNAVAILABLE naming the peer")
    func unreachable() async {
        struct ConnectionRefused: Error {}
        let error = await failure { try await MetricPull.guarded("resources") { () async throws -> Int in throw ConnectionRefused() } }
        #expect(error?.status == .unavailable)
        #expect(error?.message.contains("resources") == true)
    }
}

/// R-MGT-6 as the notice words it: 每人每年计30学分, per person per year.
@Suite("Assessment: training credits per person")
struct CreditAwardTests {
    @Test("a teacher who leads one passing studio and is a subject leader of another earns once; so does one in two rosters")
    func oncePerPerson() {
        var a = EvaluationTests.exact("st-a")
        var b = EvaluationTests.exact("st-b")
        a.membership.leaderID = "t-both"
        b.membership.subjectLeaderIDs = ["t-both", "t-shared", "t-b1"]
        a.membership.subjectLeaderIDs = ["t-shared", "t-a1"]
        let entries = CreditAward.entries(passing: [b, a])
        #expect(entries.map(\.teacherID).sorted() == ["leader-st-b", "t-a1", "t-b1", "t-both", "t-shared"])
        #expect(entries.first { $0.teacherID == "t-both" } == .init(teacherID: "t-both", studioID: "st-a", role: "leader"))
        #expect(entries.first { $0.teacherID == "t-shared" }?.studioID == "st-a")
    }
}

/// R-APP-4 as data: a city or county studio is judged by its level's floor with its bureau's thresholds, inside the
/// office's ranges; the provincial floor is the office's alone.
@Suite("Assessment: city and county floors")
struct LevelFloorTests {
    static func cityStudio(level: StudioLevel = .city, county: String? = nil) -> StudioSnapshot {
        var snapshot = EvaluationTests.exact("st-city")
        snapshot.membership.level = level
        snapshot.membership.county = county
        snapshot.activities.activities = Array(snapshot.activities.activities.prefix(3))
        return snapshot
    }

    static func bureau(_ threshold: Double, level: StudioLevel = .city, county: String? = nil) -> BureauFloor {
        BureauFloor(
            year: 2019,
            level: level,
            city: .hangzhou,
            county: county,
            thresholds: [.init(metric: .activitiesHeld, threshold: threshold)],
            version: 1,
            setBy: "admin",
            setAt: Date()
        )
    }

    func activitiesLine(_ result: StudioResult) -> CheckResult? { result.checklist.first { $0.rule == "R-TASK-6" } }

    @Test("a bureau's lower threshold passes a city studio the office's floor would fail; another city's studio keeps the office's")
    func bureauThreshold() {
        let floors = BureauFloors(floors: [Self.bureau(3)])
        var ningbo = Self.cityStudio()
        ningbo.membership.studioID = "st-ningbo"
        ningbo.membership.city = .ningbo
        let results = Evaluation.evaluate([Self.cityStudio(), ningbo], rules: .default2019(), manual: [:], floors: floors)
        let hangzhou = results.first { $0.studioID == "st-city" }
        #expect(hangzhou.flatMap(self.activitiesLine)?.threshold == 3)
        #expect(hangzhou.flatMap(self.activitiesLine)?.passed == true)
        #expect(hangzhou?.floor == "city/hangzhou v1")
        let other = results.first { $0.studioID == "st-ningbo" }
        #expect(other.flatMap(self.activitiesLine)?.threshold == 5)
        #expect(other.flatMap(self.activitiesLine)?.passed == false)
        #expect(other?.floor == "city")
    }

    @Test("a county's floor judges its county studios only, and a provincial studio ignores every bureau")
    func countyAndProvince() {
        let floors = BureauFloors(floors: [Self.bureau(1, level: .county, county: "西湖区")])
        let xihu = Evaluation.evaluate([Self.cityStudio(level: .county, county: "西湖区")], rules: .default2019(), manual: [:], floors: floors)
        #expect(xihu.first.flatMap(self.activitiesLine)?.threshold == 1)
        let shangcheng = Evaluation.evaluate([Self.cityStudio(level: .county, county: "上城区")], rules: .default2019(), manual: [:], floors: floors)
        #expect(shangcheng.first.flatMap(self.activitiesLine)?.threshold == 5)
        var provincial = Self.cityStudio(level: .province)
        provincial.membership.studioID = "st-p"
        let province = Evaluation.evaluate([provincial], rules: .default2019(), manual: [:], floors: BureauFloors(floors: [Self.bureau(0)]))
        #expect(province.first.flatMap(self.activitiesLine)?.threshold == 5)
        #expect(province.first?.floor == "province")
    }

    @Test("a studio that passes only by its bureau's lowered floor is never proposed for promotion; one meeting the office's floor is")
    func noPromotionByALoweredFloor() {
        let lowered = Self.cityStudio()  // 3 activities: passes the bureau's 3, not the office's 5
        var full = EvaluationTests.exact("st-full")
        full.membership.level = .city
        let results = Evaluation.evaluate([lowered, full], rules: .default2019(), manual: [:], floors: BureauFloors(floors: [Self.bureau(3)]))
        let byBureau = results.first { $0.studioID == "st-city" }
        #expect(byBureau?.passed == true)
        #expect(byBureau?.meetsOfficeFloor == false)
        #expect(byBureau?.proposal == .keep)
        #expect(byBureau?.proposalNote?.contains("R-APP-4") == true)
        let meeting = results.first { $0.studioID == "st-full" }
        #expect(meeting?.meetsOfficeFloor == true)
        #expect(meeting?.proposal == .promote)
    }

    @Test("a threshold set before the office narrowed its range is brought back inside it")
    func narrowedRange() {
        var rules = RuleSet.default2019()
        rules.levelFloors = rules.levelFloors?.map { floor in
            var floor = floor
            floor.basicTasks = floor.basicTasks.map { task in
                var task = task
                if task.metric == .activitiesHeld { task.bureauRange = .init(minimum: 4, maximum: 5) }
                return task
            }
            return floor
        }
        let result = Evaluation.evaluate(Self.cityStudio(), rules: rules, manual: [:], bureau: Self.bureau(1))
        #expect(self.activitiesLine(result)?.threshold == 4)
    }

    @Test("a rule set whose city floor lets a bureau go beyond its own threshold, or moves the provincial floor, is refused naming the field")
    func invalidRanges() {
        var rules = RuleSet.default2019()
        rules.basicTasks[0].bureauRange = .init(minimum: 0, maximum: 10)
        #expect(throws: RPCError.self) { try rules.validate() }
        #expect((try? rules.validate()) == nil)
        var city = RuleSet.default2019()
        city.levelFloors?[0].basicTasks[0].bureauRange = .init(minimum: 11, maximum: 12)
        do {
            try city.validate()
            Issue.record("a range that does not hold the threshold was accepted")
        } catch {
            #expect(error.field == "levelFloors[0].basicTasks[0].bureauRange")
            #expect(error.rule == "R-APP-4")
        }
        #expect(throws: Never.self) { try RuleSet.default2019().validate() }
    }
}
