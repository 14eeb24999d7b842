import Foundation
import JSONRPC
import Programme

/// The per-studio numbers a rule set can name, computed from the metrics pulled from membership, resources and
/// activities (the source of each is in ``source``).
public enum Metric: String, Codable, Sendable, CaseIterable {
    // membership
    case subjectLeaders, ruralOrOtherCitySubjectLeaders, ruralSubjectLeaders, coreMembers, coreMembersWithoutMentor,
        networkMembers, pairedSchool
    // activities, per subject leader on the roster at the year's end
    case subjectLeadersWithoutHostedActivity, subjectLeadersWithoutCityLecture, subjectLeadersWithoutProvincialAward
    // activities
    case activitiesHeld, activitiesBelowAttendanceFloor, activitiesOf50, participants, cases, sendTeaching,
        featuredProjectApproved, featuredProjectComplete
    /// Of `activitiesHeld`, those the office's import brought (a year kept elsewhere): shown in the report, so a
    /// reader sees what was not recorded on the platform as it happened.
    case activitiesImported
    // resources
    case resourcesPublished, premiumResources, themedSeriesOrMicroCourse, researchOutcomesApproved

    public var source: String {
        switch self {
        case .subjectLeaders, .ruralOrOtherCitySubjectLeaders, .ruralSubjectLeaders, .coreMembers, .coreMembersWithoutMentor,
            .networkMembers, .pairedSchool:
            "membership"
        case .resourcesPublished, .premiumResources, .themedSeriesOrMicroCourse, .researchOutcomesApproved: "resources"
        default: "activities"
        }
    }
}

/// A year's assessment rules as data (loaded as JSON, versioned): the pass/fail floor, the scoring, the tiers,
/// the badge, the idle rule, level changes and credits. ``default2019(year:)`` is DOMAIN.md's 2019 programme; the
/// city and county floors are in ``levelFloors`` (LevelFloors.swift).
public struct RuleSet: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    /// Every basic task must pass for the studio to pass (R-TASK-1…10, R-COMP-2…7, R-FEAT-1…4).
    public var basicTasks: [BasicTask]
    /// Points per unit of a metric, capped.
    public var indicators: [Indicator]
    /// Indicators the studio's workstation scores by hand, up to a maximum.
    public var manualIndicators: [ManualIndicator]
    /// Incentive tiers in rank order over the passing provincial studios (R-MGT-3): their sizes sum to `fundedStudios`.
    /// Tiers, the badge and credits are the provincial programme's (R-MGT-2…6); studios of every level are
    /// evaluated, ranked within their level, closed when idle and moved between levels (R-LVL-2, R-LVL-3).
    public var tiers: [Tier]
    public var fundedStudios: Int
    /// Provincial studios that pass get the year's badge (R-MGT-4).
    public var badgeForPassing: Bool
    /// "Set but not built, built but not used" (R-MGT-5).
    public var idle: IdleRule
    /// Level changes proposed from the result (R-LVL-2).
    public var levelChanges: LevelChangeRule
    /// Credits to the leader and each subject leader of a passing studio, once per person a year (R-MGT-6).
    public var creditsPerTeacher: Int
    /// From when in the year a new studio's year counts for closure and demotion (R-MGT-5); absent: 1 September.
    public var newStudios: NewStudioRule?
    /// Days after an event within which its records (attendance, a lecture, an award) may still be entered; absent:
    /// 30. Activities and resources are told when the rule set is loaded.
    public var recordWindowDays: Int?
    /// The floors of city and county studios (R-APP-4), each level's own, with how far their bureaus may move each
    /// task; a level not named is judged by `basicTasks`, the provincial floor.
    public var levelFloors: [LevelFloor]?
    /// The rules of thumb each run checks the pulled records against (flags for the workstation, never a score);
    /// absent: ``AnomalyRules``' defaults.
    public var anomalies: AnomalyRules?

    public init(
        year: Int,
        basicTasks: [BasicTask],
        indicators: [Indicator],
        manualIndicators: [ManualIndicator],
        tiers: [Tier],
        fundedStudios: Int,
        badgeForPassing: Bool,
        idle: IdleRule,
        levelChanges: LevelChangeRule,
        creditsPerTeacher: Int,
        newStudios: NewStudioRule? = nil
    ) {
        self.newStudios = newStudios
        self.year = year
        self.basicTasks = basicTasks
        self.indicators = indicators
        self.manualIndicators = manualIndicators
        self.tiers = tiers
        self.fundedStudios = fundedStudios
        self.badgeForPassing = badgeForPassing
        self.idle = idle
        self.levelChanges = levelChanges
        self.creditsPerTeacher = creditsPerTeacher
    }

    /// A studio created on or after this day (China time) of the assessed year is assessed and ranked, but never
    /// proposed for closure or demotion that year: 设而不建、建而不用 (R-MGT-5) needs a year to be judged on.
    public struct NewStudioRule: Codable, Sendable, Equatable {
        public var graceFromMonth: Int
        public var graceFromDay: Int
        /// False: every studio is judged on its year, however new (the office's choice for a year).
        public var applies: Bool

        public init(graceFromMonth: Int = 9, graceFromDay: Int = 1, applies: Bool = true) {
            self.graceFromMonth = graceFromMonth
            self.graceFromDay = graceFromDay
            self.applies = applies
        }

        /// No grace: new studios are proposed for closure or demotion like the others.
        public static let off = NewStudioRule(applies: false)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.graceFromMonth = try container.decode(Int.self, forKey: .graceFromMonth)
            self.graceFromDay = try container.decode(Int.self, forKey: .graceFromDay)
            self.applies = try container.decodeIfPresent(Bool.self, forKey: .applies) ?? true
        }
    }

    /// The record window in days, 30 when the rule set names none.
    public var recordWindow: Int { self.recordWindowDays ?? 30 }

    /// The rules of thumb of the year's runs, the defaults when the rule set names none.
    public var anomalyRules: AnomalyRules { self.anomalies ?? AnomalyRules() }

    /// The rule for new studios, 1 September when the rule set names none.
    public var newStudioRule: NewStudioRule { self.newStudios ?? NewStudioRule() }

    public struct BasicTask: Codable, Sendable, Equatable {
        public enum Comparison: String, Codable, Sendable, CaseIterable { case atLeast, atMost }
        public var rule: String
        public var description: String
        public var metric: Metric
        public var comparison: Comparison
        public var threshold: Double
        /// In a city or county floor: the thresholds a bureau may set instead of this one (R-APP-4); absent: fixed.
        public var bureauRange: ThresholdRange?
        public init(
            rule: String,
            description: String,
            metric: Metric,
            comparison: Comparison = .atLeast,
            threshold: Double,
            bureauRange: ThresholdRange? = nil
        ) {
            self.bureauRange = bureauRange
            self.rule = rule
            self.description = description
            self.metric = metric
            self.comparison = comparison
            self.threshold = threshold
        }

        /// A floor of one of the programme's rules, cited by its constant.
        public init(
            rule: Rule,
            description: String,
            metric: Metric,
            comparison: Comparison = .atLeast,
            threshold: Double,
            bureauRange: ThresholdRange? = nil
        ) {
            self.init(
                rule: rule.id,
                description: description,
                metric: metric,
                comparison: comparison,
                threshold: threshold,
                bureauRange: bureauRange
            )
        }

        public func passes(_ value: Double) -> Bool {
            self.comparison == .atLeast ? value >= self.threshold : value <= self.threshold
        }
    }

    public struct Indicator: Codable, Sendable, Equatable {
        public var name: String
        public var metric: Metric
        public var pointsPerUnit: Double
        public var cap: Double
        public init(name: String, metric: Metric, pointsPerUnit: Double, cap: Double) {
            self.name = name
            self.metric = metric
            self.pointsPerUnit = pointsPerUnit
            self.cap = cap
        }
    }

    public struct ManualIndicator: Codable, Sendable, Equatable {
        public var name: String
        public var maximum: Double
        public init(name: String, maximum: Double) {
            self.name = name
            self.maximum = maximum
        }
    }

    public struct Tier: Codable, Sendable, Equatable {
        public var name: String
        public var studios: Int
        /// Yuan per studio.
        public var amount: Int
        public init(name: String, studios: Int, amount: Int) {
            self.name = name
            self.studios = studios
            self.amount = amount
        }
    }

    /// Idle when at most `maxActivitiesHeld` activities were held and at most `maxResourcesPublished` resources
    /// published in the year.
    public struct IdleRule: Codable, Sendable, Equatable {
        public var maxActivitiesHeld: Int
        public var maxResourcesPublished: Int
        public init(maxActivitiesHeld: Int, maxResourcesPublished: Int) {
            self.maxActivitiesHeld = maxActivitiesHeld
            self.maxResourcesPublished = maxResourcesPublished
        }
    }

    /// Level changes proposed from a run (R-LVL-2, R-LVL-3): idle studios of every level closed, failing ones demoted
    /// one level (province → city → county; a failing county studio is kept), and the best passing, non-idle studios
    /// of the city and county levels promoted one level.
    public struct LevelChangeRule: Codable, Sendable, Equatable {
        public var closeIdle: Bool
        public var demoteFailing: Bool
        /// How many of the top passing city studios are proposed for the provincial level each year.
        public var promoteFromCity: Int
        /// How many of the top passing county studios are proposed for the city level each year.
        public var promoteFromCounty: Int

        public init(closeIdle: Bool, demoteFailing: Bool, promoteFromCity: Int = 0, promoteFromCounty: Int = 0) {
            self.closeIdle = closeIdle
            self.demoteFailing = demoteFailing
            self.promoteFromCity = promoteFromCity
            self.promoteFromCounty = promoteFromCounty
        }

        /// Rule sets stored before promotion existed read as promoting no one.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.closeIdle = try container.decode(Bool.self, forKey: .closeIdle)
            self.demoteFailing = try container.decode(Bool.self, forKey: .demoteFailing)
            self.promoteFromCity = try container.decodeIfPresent(Int.self, forKey: .promoteFromCity) ?? 0
            self.promoteFromCounty = try container.decodeIfPresent(Int.self, forKey: .promoteFromCounty) ?? 0
        }

        /// How many passing studios of `level` are proposed for the level above.
        public func promotions(from level: StudioLevel) -> Int {
            switch level {
            case .province: 0
            case .city: self.promoteFromCity
            case .county: self.promoteFromCounty
            }
        }
    }

    public func validate() throws(RPCError) {
        guard (2019...2100).contains(self.year) else { throw .invalidArgument("year must be 2019–2100", field: "year") }
        try Self.validate(self.basicTasks, field: "basicTasks", bureauRanges: false)
        for (index, floor) in (self.levelFloors ?? []).enumerated() {
            guard floor.level != .province else {
                throw .invalidArgument("the provincial floor is basicTasks", field: "levelFloors[\(index)].level", rule: .app4)
            }
            guard self.levelFloors?.firstIndex(where: { $0.level == floor.level }) == index else {
                throw .invalidArgument("the \(floor.level.rawValue) floor is named twice", field: "levelFloors[\(index)].level")
            }
            try Self.validate(floor.basicTasks, field: "levelFloors[\(index)].basicTasks", bureauRanges: true)
        }
        for (index, indicator) in self.indicators.enumerated() {
            guard indicator.pointsPerUnit >= 0, indicator.cap >= 0, indicator.cap <= 1_000 else {
                throw .invalidArgument("points and cap must be within 0…1000", field: "indicators[\(index)]")
            }
        }
        for (index, manual) in self.manualIndicators.enumerated() where !(manual.maximum > 0 && manual.maximum <= 1_000) {
            throw .invalidArgument("a manual indicator's maximum is within 0…1000", field: "manualIndicators[\(index)].maximum")
        }
        let names = self.indicators.map(\.name) + self.manualIndicators.map(\.name)
        guard Set(names).count == names.count else { throw .invalidArgument("indicator names are unique", field: "indicators") }
        guard self.tiers.count <= 50 else { throw .invalidArgument("at most 50 tiers", field: "tiers") }
        guard (0...10_000).contains(self.fundedStudios) else {
            throw .invalidArgument("fundedStudios must be 0–10000", field: "fundedStudios", rule: .mgt3)
        }
        for (index, tier) in self.tiers.enumerated() {
            guard (1...10_000).contains(tier.studios) else {
                throw .invalidArgument("a tier holds 1–10000 studios", field: "tiers[\(index)].studios", rule: .mgt3)
            }
            // Yuan per studio: ten million is far above any grant, and keeps every total within Int.
            guard (0...10_000_000).contains(tier.amount) else {
                throw .invalidArgument("a tier's amount is 0–10000000 yuan", field: "tiers[\(index)].amount", rule: .mgt3)
            }
        }
        let tiered = self.tiers.reduce(0) { $0 + $1.studios }
        guard tiered == self.fundedStudios else {
            throw .invalidArgument(
                "the tiers hold \(tiered) studios, not the \(self.fundedStudios) funded",
                field: "tiers",
                rule: .mgt3
            )
        }
        for (field, count) in [
            ("promoteFromCity", self.levelChanges.promoteFromCity),
            ("promoteFromCounty", self.levelChanges.promoteFromCounty),
        ] where !(0...1_000).contains(count) {
            throw .invalidArgument("\(field) is within 0…1000", field: "levelChanges.\(field)", rule: .lvl2)
        }
        guard (0...100).contains(self.creditsPerTeacher) else {
            throw .invalidArgument("creditsPerTeacher is within 0…100", field: "creditsPerTeacher", rule: .mgt6)
        }
        if let days = self.recordWindowDays, !(1...366).contains(days) {
            throw .invalidArgument("recordWindowDays is within 1…366", field: "recordWindowDays", rule: .mgt2)
        }
        try self.anomalies?.validate(field: "anomalies")
        if let rule = self.newStudios {
            // Days past the month's end are refused with the rest: 28 keeps every month valid in every year.
            guard (1...12).contains(rule.graceFromMonth), (1...28).contains(rule.graceFromDay) else {
                throw .invalidArgument(
                    "the new-studio grace starts on a month 1–12 and a day 1–28",
                    field: "newStudios",
                    rule: .mgt5
                )
            }
        }
    }
}

extension RuleSet {
    static func validate(_ tasks: [BasicTask], field: String, bureauRanges: Bool) throws(RPCError) {
        guard !tasks.isEmpty else { throw .invalidArgument("at least one basic task", field: field) }
        for (index, task) in tasks.enumerated() {
            guard task.rule.hasPrefix("R-") else {
                throw .invalidArgument("'\(task.rule)' is not a rule name (R-…)", field: "\(field)[\(index)].rule")
            }
            guard task.threshold.isFinite, task.threshold >= 0 else {
                throw .invalidArgument("a threshold is a number not below 0", field: "\(field)[\(index)].threshold")
            }
            guard let range = task.bureauRange else { continue }
            guard bureauRanges else {
                throw .invalidArgument(
                    "the provincial floor is the office's alone: no bureau range",
                    field: "\(field)[\(index)].bureauRange",
                    rule: .app4
                )
            }
            guard range.minimum.isFinite, range.maximum.isFinite, range.minimum >= 0, range.minimum <= task.threshold,
                task.threshold <= range.maximum
            else {
                throw .invalidArgument(
                    "a bureau range runs from 0 or more to no less than the threshold, which it holds",
                    field: "\(field)[\(index)].bureauRange",
                    rule: .app4
                )
            }
        }
        let keys = tasks.map { $0.metric.rawValue + "/" + $0.comparison.rawValue }
        guard Set(keys).count == keys.count else {
            throw .invalidArgument("a floor counts each metric once each way (at least, at most)", field: field)
        }
    }

    /// The 2019 programme as DOMAIN.md states it: every basic task a pass/fail floor, top 150 provincial studios funded
    /// in three tiers, badge for passing provincial studios, idle studios closed, failing ones demoted, the 10 best
    /// city and the 20 best county studios proposed for promotion, 30 credits per passing provincial leader and
    /// subject leader. (The notice names no promotion counts: they are the office's choice, loaded with the rules.)
    public static func default2019(year: Int = 2019) -> RuleSet {
        var rules = RuleSet(
            year: year,
            basicTasks: [
                .init(rule: .comp2, description: "at least 10 subject leaders", metric: .subjectLeaders, threshold: 10),
                .init(rule: .comp2, description: "at most 15 subject leaders", metric: .subjectLeaders, comparison: .atMost, threshold: 15),
                .init(
                    rule: .comp3,
                    description: "at least 5 subject leaders from rural schools or other cities",
                    metric: .ruralOrOtherCitySubjectLeaders,
                    threshold: 5
                ),
                .init(rule: .comp4, description: "at least 1 rural subject leader", metric: .ruralSubjectLeaders, threshold: 1),
                .init(rule: .comp5, description: "100 core members", metric: .coreMembers, threshold: 100),
                .init(
                    rule: .comp5,
                    description: "every core member has a mentor",
                    metric: .coreMembersWithoutMentor,
                    comparison: .atMost,
                    threshold: 0
                ),
                .init(rule: .comp7, description: "a paired rural school", metric: .pairedSchool, threshold: 1),
                .init(
                    rule: .task1,
                    description: "every subject leader hosts an activity",
                    metric: .subjectLeadersWithoutHostedActivity,
                    comparison: .atMost,
                    threshold: 0
                ),
                .init(
                    rule: .task2,
                    description: "every subject leader gives a lecture at city level or above",
                    metric: .subjectLeadersWithoutCityLecture,
                    comparison: .atMost,
                    threshold: 0
                ),
                .init(
                    rule: .task3,
                    description: "every subject leader wins a provincial award",
                    metric: .subjectLeadersWithoutProvincialAward,
                    comparison: .atMost,
                    threshold: 0
                ),
                .init(
                    rule: .task4,
                    description: "a branded themed series completed or a micro-course entered",
                    metric: .themedSeriesOrMicroCourse,
                    threshold: 1
                ),
                .init(rule: .task5, description: "at least 10 premium resources", metric: .premiumResources, threshold: 10),
                .init(rule: .task6, description: "at least 5 research activities", metric: .activitiesHeld, threshold: 5),
                .init(rule: .task7, description: "2 activity cases", metric: .cases, threshold: 2),
                .init(
                    rule: .task8,
                    description: "every activity: half the subject leaders and 10 people",
                    metric: .activitiesBelowAttendanceFloor,
                    comparison: .atMost,
                    threshold: 0
                ),
                .init(rule: .task9, description: "an activity of 50 or more", metric: .activitiesOf50, threshold: 1),
                .init(rule: .task10, description: "a send-teaching visit to the paired school", metric: .sendTeaching, threshold: 1),
                .init(rule: .feat1, description: "an approved featured project", metric: .featuredProjectApproved, threshold: 1),
                .init(
                    rule: "R-FEAT-2/3/4",
                    description: "the featured project's progress complete (4 live streams, 4 evaluations or an approved outcome)",
                    metric: .featuredProjectComplete,
                    threshold: 1
                ),
            ],
            indicators: [
                .init(name: "研修活动", metric: .activitiesHeld, pointsPerUnit: 2, cap: 20),
                .init(name: "参与人次", metric: .participants, pointsPerUnit: 0.02, cap: 15),
                .init(name: "精品资源", metric: .premiumResources, pointsPerUnit: 1.5, cap: 20),
                .init(name: "资源建设", metric: .resourcesPublished, pointsPerUnit: 0.5, cap: 10),
                .init(name: "活动案例", metric: .cases, pointsPerUnit: 2.5, cap: 5),
                .init(name: "送教送培", metric: .sendTeaching, pointsPerUnit: 2.5, cap: 5),
                .init(name: "研究成果", metric: .researchOutcomesApproved, pointsPerUnit: 2.5, cap: 5),
                .init(name: "网络学员", metric: .networkMembers, pointsPerUnit: 0.01, cap: 5),
            ],
            manualIndicators: [.init(name: "工作站评价", maximum: 15)],
            tiers: [
                .init(name: "一档", studios: 30, amount: 100_000), .init(name: "二档", studios: 50, amount: 60_000),
                .init(name: "三档", studios: 70, amount: 30_000),
            ],
            fundedStudios: 150,
            badgeForPassing: true,
            idle: .init(maxActivitiesHeld: 1, maxResourcesPublished: 2),
            levelChanges: .init(closeIdle: true, demoteFailing: true, promoteFromCity: 10, promoteFromCounty: 20),
            creditsPerTeacher: 30,
            newStudios: .init(graceFromMonth: 9, graceFromDay: 1)
        )
        rules.levelFloors = Self.bureauFloors(from: rules.basicTasks)
        return rules
    }
}
