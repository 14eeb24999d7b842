import ActivitiesAPI
import AssessmentAPI
import Foundation
import MembershipAPI
import Programme
import ResourcesAPI

/// What a run pulled for one studio from the three services.
struct StudioSnapshot: Codable, Sendable, Equatable {
    var membership: StudioMetrics
    var resources: ResourceMetrics
    var activities: ActivityMetrics
    /// The instant membership read the roster at (the year's end, or the pull during the year).
    var rosterAsOf: Date?
}

/// The assessment of a year as a pure function of the snapshot, the rule set and the manual scores: the same inputs
/// give the same results whatever their order, so two runs on one snapshot agree.
///
/// Each level is ranked on its own. Ranking rule: higher score first; at equal score a passing studio before a
/// failing one; then more activities held; then the studio id (ascending) — stable and documented. Tiers go to the
/// passing provincial studios in rank order; the best passing, non-idle city and county studios are proposed for
/// promotion (R-LVL-2). Results come out by level (province, city, county), then rank.
enum Evaluation {
    static func evaluate(
        _ snapshots: [StudioSnapshot],
        rules: RuleSet,
        manual: [String: [String: Double]],
        floors: BureauFloors = .none
    ) -> [StudioResult] {
        let evaluated = snapshots.map {
            Self.evaluate($0, rules: rules, manual: manual[$0.membership.studioID] ?? [:], bureau: floors.floor(for: $0.membership))
        }
        let byLevel = Dictionary(grouping: evaluated, by: \.level)
        return StudioLevel.allCases.flatMap { level in Self.rank(byLevel[level] ?? [], level: level, rules: rules) }
    }

    /// Ranks one level's results and hands out what depends on rank: tiers (province) and promotions (city, county).
    static func rank(_ unranked: [StudioResult], level: StudioLevel, rules: RuleSet) -> [StudioResult] {
        var results = unranked.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.passed != b.passed { return a.passed }
            let (heldA, heldB) = (a.metrics[Metric.activitiesHeld.rawValue] ?? 0, b.metrics[Metric.activitiesHeld.rawValue] ?? 0)
            if heldA != heldB { return heldA > heldB }
            return a.studioID < b.studioID
        }
        var tierSlots = TierSlots(tiers: level == .province ? rules.tiers : [])
        var promotions = rules.levelChanges.promotions(from: level)
        for index in results.indices {
            results[index].rank = index + 1
            guard results[index].passed else { continue }
            if let tier = tierSlots.popFirst() {
                results[index].tier = tier.name
                results[index].amount = tier.amount
            }
            guard promotions > 0, results[index].proposal == .keep else { continue }
            if results[index].meetsOfficeFloor == false {
                results[index].proposalNote = "合格按本地标准，未达项目办\(level == .city ? "市级" : "县级")标准：不提出晋升建议 (R-APP-4, R-LVL-2)"
                continue
            }
            results[index].proposal = .promote
            promotions -= 1
        }
        return results
    }

    /// One studio, judged by its level's floor with its bureau's thresholds (R-APP-4).
    static func evaluate(_ snapshot: StudioSnapshot, rules: RuleSet, manual: [String: Double], bureau: BureauFloor? = nil) -> StudioResult {
        let metrics = Self.metrics(snapshot)
        let level = snapshot.membership.level
        let checklist = rules.floor(of: level, bureau: bureau).map { task in
            let value = metrics[task.metric] ?? 0
            return CheckResult(
                rule: task.rule,
                description: task.description,
                metric: task.metric,
                source: task.metric.source,
                value: value,
                comparison: task.comparison,
                threshold: task.threshold,
                passed: task.passes(value)
            )
        }
        var breakdown = rules.indicators.map { indicator in
            let value = metrics[indicator.metric] ?? 0
            return ScoreLine(
                indicator: indicator.name,
                metric: indicator.metric,
                value: value,
                points: Self.rounded(min(indicator.cap, value * indicator.pointsPerUnit))
            )
        }
        breakdown += rules.manualIndicators.map { indicator in
            let value = min(indicator.maximum, manual[indicator.name] ?? 0)
            return ScoreLine(indicator: indicator.name, metric: nil, value: value, points: value)
        }
        let passed = checklist.allSatisfy(\.passed)
        let idle =
            Int(metrics[.activitiesHeld] ?? 0) <= rules.idle.maxActivitiesHeld
            && Int(metrics[.resourcesPublished] ?? 0) <= rules.idle.maxResourcesPublished
        let membership = snapshot.membership
        var proposal: LevelProposal =
            if idle && rules.levelChanges.closeIdle {
                .close
            } else if !passed && rules.levelChanges.demoteFailing && membership.level != .county {
                .demote
            } else {
                .keep
            }
        var note: String?
        if proposal != .keep, rules.newStudioRule.applies, let createdAt = membership.createdAt, let from = Self.graceStart(rules),
            let end = ChinaCalendar.date(year: rules.year + 1, month: 1, day: 1), createdAt >= from, createdAt < end
        {
            note =
                "新设工作室（\(ChinaCalendar.day(createdAt))设立，晚于\(rules.year)年\(rules.newStudioRule.graceFromMonth)月\(rules.newStudioRule.graceFromDay)日）：当年只考核、不提出\(proposal == .close ? "撤销" : "降级")建议 (R-MGT-5)"
            proposal = .keep
        }
        var result = StudioResult(
            studioID: membership.studioID,
            name: membership.name,
            leaderID: membership.leaderID,
            level: membership.level,
            city: membership.city,
            workstation: membership.workstation,
            passed: passed,
            score: Self.rounded(breakdown.reduce(0) { $0 + $1.points }),
            rank: 0,
            tier: nil,
            amount: 0,
            badge: passed && rules.badgeForPassing && membership.level == .province,
            idle: idle,
            proposal: proposal,
            checklist: checklist,
            breakdown: breakdown,
            metrics: Dictionary(uniqueKeysWithValues: metrics.map { ($0.key.rawValue, $0.value) })
        )
        result.proposalNote = note
        result.floor = bureau?.name ?? level.rawValue
        if bureau != nil {
            result.meetsOfficeFloor = rules.floor(of: level).allSatisfy { $0.passes(metrics[$0.metric] ?? 0) }
        }
        return result
    }

    /// The first instant of the rule set's new-studio grace in its year, China time.
    static func graceStart(_ rules: RuleSet) -> Date? {
        ChinaCalendar.date(year: rules.year, month: rules.newStudioRule.graceFromMonth, day: rules.newStudioRule.graceFromDay)
    }

    /// Every metric of one studio, from its snapshot.
    static func metrics(_ snapshot: StudioSnapshot) -> [Metric: Double] {
        let roster = snapshot.membership
        let resources = snapshot.resources
        let activities = snapshot.activities
        let perTeacher = Dictionary(uniqueKeysWithValues: activities.teachers.map { ($0.teacherID, $0) })
        let leaders = roster.subjectLeaderIDs.map { perTeacher[$0] ?? TeacherActivity(teacherID: $0) }
        let belowFloor = activities.activities.filter(Self.belowAttendanceFloor)
        let project = activities.project
        var values: [Metric: Double] = [
            .subjectLeaders: roster.subjectLeaders, .ruralOrOtherCitySubjectLeaders: roster.ruralOrOtherCitySubjectLeaders,
            .ruralSubjectLeaders: roster.ruralSubjectLeaders, .coreMembers: roster.coreMembers,
            .coreMembersWithoutMentor: roster.coreMembersWithoutMentor, .networkMembers: roster.networkMembers,
            .pairedSchool: roster.pairedSchool ? 1 : 0,
            .subjectLeadersWithoutHostedActivity: leaders.filter { $0.hosted == 0 }.count,
            .subjectLeadersWithoutCityLecture: leaders.filter { $0.lecturesCityOrAbove == 0 }.count,
            .subjectLeadersWithoutProvincialAward: leaders.filter { $0.provincialAwards == 0 }.count,
            .activitiesHeld: activities.activities.count, .activitiesBelowAttendanceFloor: belowFloor.count,
            .activitiesOf50: activities.activitiesOf50, .cases: activities.cases, .sendTeaching: activities.sendTeaching,
            .featuredProjectApproved: project?.status == .approved ? 1 : 0,
            .featuredProjectComplete: project?.status == .approved && project?.progress.complete == true ? 1 : 0,
            .resourcesPublished: resources.published, .premiumResources: resources.premium,
            .themedSeriesOrMicroCourse: resources.themedSeriesCompleted + resources.microCoursesEntered,
            .researchOutcomesApproved: resources.researchOutcomesApproved,
        ].mapValues { Double($0) }
        values[.participants] = Double(activities.activities.reduce(0) { $0 + $1.participants })
        values[.activitiesImported] = Double(activities.activities.filter { $0.imported == true }.count)
        return values
    }

    /// R-TASK-8: fewer than 10 people, or fewer than half the subject leaders on the roster at its start.
    static func belowAttendanceFloor(_ activity: HeldActivity) -> Bool {
        activity.participants < 10 || activity.subjectLeaders == 0 || activity.subjectLeadersPresent * 2 < activity.subjectLeaders
    }

    /// Two decimals, so sums are stable across platforms and runs.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

extension StudioLevel {
    /// Province first, then city, then county: the order rankings and exports list the levels in.
    var order: Int { StudioLevel.allCases.firstIndex(of: self) ?? 0 }
}

/// The tiers' places handed out in rank order, walked with a counter: a rule set names the number of studios per
/// tier, which is never turned into an array of that size.
struct TierSlots {
    private var remaining: ArraySlice<RuleSet.Tier>
    private var usedInCurrent = 0

    init(tiers: [RuleSet.Tier]) { self.remaining = tiers[...] }

    /// The tier of the next passing studio, or nil once every tier is full.
    mutating func popFirst() -> RuleSet.Tier? {
        while let tier = self.remaining.first {
            if self.usedInCurrent < tier.studios {
                self.usedInCurrent += 1
                return tier
            }
            self.remaining = self.remaining.dropFirst()
            self.usedInCurrent = 0
        }
        return nil
    }
}
