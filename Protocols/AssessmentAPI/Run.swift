import Foundation
import JSONRPC
import Programme

/// A stored version of a year's rule set.
public struct RuleSetVersion: Codable, Sendable, Equatable {
    public var year: Int
    public var version: Int
    public var ruleSet: RuleSet
    public var loadedBy: String
    public var loadedAt: Date
    /// Why it superseded a version already used by a frozen run.
    public var reason: String?

    public init(year: Int, version: Int, ruleSet: RuleSet, loadedBy: String, loadedAt: Date, reason: String? = nil) {
        self.year = year
        self.version = version
        self.ruleSet = ruleSet
        self.loadedBy = loadedBy
        self.loadedAt = loadedAt
        self.reason = reason
    }
}

/// Params of `assessment.loadRuleSet`.
public struct LoadRuleSetRequest: Codable, Sendable, Equatable, Validatable {
    public var ruleSet: RuleSet
    /// Required when the year's final ranking is frozen: the new version supersedes, it never rewrites.
    public var supersedeReason: String?
    public init(ruleSet: RuleSet, supersedeReason: String? = nil) {
        self.ruleSet = ruleSet
        self.supersedeReason = supersedeReason
    }
    public func validate() throws(RPCError) {
        do { try self.ruleSet.validate() } catch { throw error.within("ruleSet") }
        try Field.optionalText(self.supersedeReason, "supersedeReason", max: 500)
    }
}

public struct AssessmentYear: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public init(year: Int) { self.year = year }
    public func validate() throws(RPCError) {
        guard (2019...2100).contains(self.year) else { throw .invalidArgument("year must be 2019–2100", field: "year") }
    }
}

/// One rule of a studio's checklist: the value, its source, the threshold and whether it passed.
public struct CheckResult: Codable, Sendable, Equatable {
    public var rule: String
    public var description: String
    public var metric: Metric
    public var source: String
    public var value: Double
    public var comparison: RuleSet.BasicTask.Comparison
    public var threshold: Double
    public var passed: Bool
    public init(
        rule: String,
        description: String,
        metric: Metric,
        source: String,
        value: Double,
        comparison: RuleSet.BasicTask.Comparison,
        threshold: Double,
        passed: Bool
    ) {
        self.rule = rule
        self.description = description
        self.metric = metric
        self.source = source
        self.value = value
        self.comparison = comparison
        self.threshold = threshold
        self.passed = passed
    }
}

extension CheckResult {
    /// What a failing rule lacks, in words (`还差 3（现有 2，须至少 5）：…`, `超出 1（现有 6，至多 5）：…`); nil when
    /// it passes. One wording for every reader: the live checklist, reports, the console.
    public var missing: String? {
        guard !self.passed else { return nil }
        let gap = Self.number(abs(self.threshold - self.value))
        return switch self.comparison {
        case .atLeast: "还差 \(gap)（现有 \(Self.number(self.value))，须至少 \(Self.number(self.threshold))）：\(self.description)"
        case .atMost: "超出 \(gap)（现有 \(Self.number(self.value))，至多 \(Self.number(self.threshold))）：\(self.description)"
        }
    }

    /// 3, or 2.50: whole numbers without decimals.
    public static func number(_ value: Double) -> String {
        String(format: value.rounded() == value ? "%.0f" : "%.2f", value)
    }
}

/// The points behind a score.
public struct ScoreLine: Codable, Sendable, Equatable {
    public var indicator: String
    /// The metric (automatic indicators) or nil (manual ones).
    public var metric: Metric?
    public var value: Double
    public var points: Double
    public init(indicator: String, metric: Metric?, value: Double, points: Double) {
        self.indicator = indicator
        self.metric = metric
        self.value = value
        self.points = points
    }
}

/// What a run proposes for a studio's level (R-LVL-2, R-MGT-5): keep it, promote or demote it one level, or close it.
public enum LevelProposal: String, Codable, Sendable, CaseIterable {
    case keep, promote, demote, close

    /// The Chinese label used in exports.
    public var chineseName: String {
        switch self {
        case .keep: "保留"
        case .promote: "晋升"
        case .demote: "降级"
        case .close: "撤销"
        }
    }
}

/// One studio's result in a run.
public struct StudioResult: Codable, Sendable, Equatable {
    public var studioID: String
    public var name: String
    public var leaderID: String
    public var level: StudioLevel
    public var city: City
    public var workstation: String?
    public var passed: Bool
    public var score: Double
    /// 1… over the run's studios of the same level, by the ranking rule of the evaluation.
    public var rank: Int
    public var tier: String?
    public var amount: Int
    public var badge: Bool
    public var idle: Bool
    public var proposal: LevelProposal
    /// Why the proposal is `keep` although the studio is idle or failing: it is new this year (R-MGT-5's grace).
    public var proposalNote: String?
    /// The floor the checklist was judged by: `province`, `city` or `county` (the office's), or a bureau's with its
    /// version (`city/hangzhou v2`, R-APP-4).
    public var floor: String?
    /// Judged by a bureau's floor (R-APP-4): whether the studio also meets the office's floor of its level. A
    /// bureau may lower its own studios' bar, never their way into the level above: only this earns a promotion.
    public var meetsOfficeFloor: Bool?
    /// Records a supervisor excluded from this studio's counts by accepting a flag, and why.
    public var excluded: [ExcludedRecord]?
    public var checklist: [CheckResult]
    public var breakdown: [ScoreLine]
    public var metrics: [String: Double]

    public init(
        studioID: String,
        name: String,
        leaderID: String,
        level: StudioLevel,
        city: City,
        workstation: String?,
        passed: Bool,
        score: Double,
        rank: Int,
        tier: String?,
        amount: Int,
        badge: Bool,
        idle: Bool,
        proposal: LevelProposal,
        checklist: [CheckResult],
        breakdown: [ScoreLine],
        metrics: [String: Double]
    ) {
        self.studioID = studioID
        self.level = level
        self.name = name
        self.leaderID = leaderID
        self.city = city
        self.workstation = workstation
        self.passed = passed
        self.score = score
        self.rank = rank
        self.tier = tier
        self.amount = amount
        self.badge = badge
        self.idle = idle
        self.proposal = proposal
        self.checklist = checklist
        self.breakdown = breakdown
        self.metrics = metrics
    }
}

/// Where a run's numbers came from.
public struct MetricSource: Codable, Sendable, Equatable {
    public var service: String
    public var method: String
    public var pulledAt: Date
    public var studios: Int
    public init(service: String, method: String, pulledAt: Date, studios: Int) {
        self.service = service
        self.method = method
        self.pulledAt = pulledAt
        self.studios = studios
    }
}

/// An assessment run: the ranking of a year's studios of every level at one moment (live), or the year's final one
/// (frozen, never to change). Counts are over all levels.
public struct RunSummary: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable { case live, frozen }

    /// A level's share of the run.
    public struct LevelCount: Codable, Sendable, Equatable {
        public var level: StudioLevel
        public var studios: Int
        public var passed: Int
        public var idle: Int
        public init(level: StudioLevel, studios: Int, passed: Int, idle: Int) {
            self.level = level
            self.studios = studios
            self.passed = passed
            self.idle = idle
        }
    }

    public var id: String
    public var year: Int
    public var ruleSetVersion: Int
    public var status: Status
    public var startedBy: String
    public var createdAt: Date
    public var frozenAt: Date?
    public var sources: [MetricSource]
    public var studios: Int
    public var passed: Int
    public var idle: Int
    /// The same counts per level, province first (empty for runs stored before levels were assessed).
    public var levels: [LevelCount]
    /// How long the pulls and the computation took, in milliseconds.
    public var pullMilliseconds: Int
    public var computeMilliseconds: Int

    public init(
        id: String,
        year: Int,
        ruleSetVersion: Int,
        status: Status,
        startedBy: String,
        createdAt: Date,
        frozenAt: Date?,
        sources: [MetricSource],
        studios: Int,
        passed: Int,
        idle: Int,
        levels: [LevelCount] = [],
        pullMilliseconds: Int,
        computeMilliseconds: Int
    ) {
        self.levels = levels
        self.id = id
        self.year = year
        self.ruleSetVersion = ruleSetVersion
        self.status = status
        self.startedBy = startedBy
        self.createdAt = createdAt
        self.frozenAt = frozenAt
        self.sources = sources
        self.studios = studios
        self.passed = passed
        self.idle = idle
        self.pullMilliseconds = pullMilliseconds
        self.computeMilliseconds = computeMilliseconds
    }
}

public struct RunRef: Codable, Sendable, Equatable {
    public var runID: String
    public init(runID: String) { self.runID = runID }
}

/// Params of `assessment.getRanking`: the year's frozen run, else its latest, unless `runID` names one.
public struct RankingRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var runID: String?
    /// Each level is ranked on its own; default: the provincial ranking (R-MGT-2).
    public var level: StudioLevel?
    public var city: City?
    public var workstation: String?
    public var tier: String?
    public var passed: Bool?
    /// 1–1000, default 100; `pageToken` is the rank to continue after.
    public var pageSize: Int?
    public var pageToken: String?

    public init(
        year: Int,
        runID: String? = nil,
        level: StudioLevel? = nil,
        city: City? = nil,
        workstation: String? = nil,
        tier: String? = nil,
        passed: Bool? = nil,
        pageSize: Int? = nil,
        pageToken: String? = nil
    ) {
        self.year = year
        self.runID = runID
        self.level = level
        self.city = city
        self.workstation = workstation
        self.tier = tier
        self.passed = passed
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) {
        try Field.year(self.year)
        try Field.pageSize(self.pageSize, max: 1000)
    }
}

/// A ranking row: the table every admin may read (the checklist and breakdown are in the report).
public struct RankingRow: Codable, Sendable, Equatable {
    /// Within the studio's level.
    public var rank: Int
    public var studioID: String
    public var name: String
    public var level: StudioLevel
    public var city: City
    public var workstation: String?
    public var passed: Bool
    public var score: Double
    public var tier: String?
    public var amount: Int
    public var badge: Bool
    public var idle: Bool
    public var proposal: LevelProposal
    public init(
        rank: Int,
        studioID: String,
        name: String,
        level: StudioLevel,
        city: City,
        workstation: String?,
        passed: Bool,
        score: Double,
        tier: String?,
        amount: Int,
        badge: Bool,
        idle: Bool,
        proposal: LevelProposal
    ) {
        self.rank = rank
        self.studioID = studioID
        self.name = name
        self.level = level
        self.city = city
        self.workstation = workstation
        self.passed = passed
        self.score = score
        self.tier = tier
        self.amount = amount
        self.badge = badge
        self.idle = idle
        self.proposal = proposal
    }
}

public struct RankingPage: Codable, Sendable, Equatable {
    public var run: RunSummary
    public var rows: [RankingRow]
    public var nextPageToken: String?
    public init(run: RunSummary, rows: [RankingRow], nextPageToken: String?) {
        self.run = run
        self.rows = rows
        self.nextPageToken = nextPageToken
    }
}

public struct StudioReportRequest: Codable, Sendable, Equatable, Validatable {
    public func validate() throws(RPCError) { try Field.year(self.year) }
    public var year: Int
    public var studioID: String
    public var runID: String?
    public init(year: Int, studioID: String, runID: String? = nil) {
        self.year = year
        self.studioID = studioID
        self.runID = runID
    }
}

public struct StudioReport: Codable, Sendable, Equatable {
    public var run: RunSummary
    public var result: StudioResult
    public init(run: RunSummary, result: StudioResult) {
        self.run = run
        self.result = result
    }
}

public struct StudioHistoryRequest: Codable, Sendable, Equatable {
    public var studioID: String
    public init(studioID: String) { self.studioID = studioID }
}

/// A studio across years: each year's final (or latest) result.
public struct StudioAcrossYears: Codable, Sendable, Equatable {
    public var studioID: String
    public var years: [StudioReport]
    public init(studioID: String, years: [StudioReport]) {
        self.studioID = studioID
        self.years = years
    }
}

/// Params of `assessment.setManualScore`: the studio's workstation scores a manual indicator.
public struct ManualScoreRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var studioID: String
    public var indicator: String
    public var score: Double
    public var comment: String?
    public init(year: Int, studioID: String, indicator: String, score: Double, comment: String? = nil) {
        self.year = year
        self.studioID = studioID
        self.indicator = indicator
        self.score = score
        self.comment = comment
    }
    public func validate() throws(RPCError) {
        try Field.year(self.year)
        guard self.score.isFinite, self.score >= 0 else {
            throw .invalidArgument("score must be a number of at least 0", field: "score")
        }
        try Field.optionalText(self.comment, "comment", max: 500)
    }
}

public struct ManualScore: Codable, Sendable, Equatable {
    public var year: Int
    public var studioID: String
    public var indicator: String
    public var score: Double
    public var scoredBy: String
    public var scoredAt: Date
    public init(year: Int, studioID: String, indicator: String, score: Double, scoredBy: String, scoredAt: Date) {
        self.year = year
        self.studioID = studioID
        self.indicator = indicator
        self.score = score
        self.scoredBy = scoredBy
        self.scoredAt = scoredAt
    }
}

public struct TierSummary: Codable, Sendable, Equatable {
    public var name: String
    public var amount: Int
    public var studioIDs: [String]
    public init(name: String, amount: Int, studioIDs: [String]) {
        self.name = name
        self.amount = amount
        self.studioIDs = studioIDs
    }
}

public struct TierList: Codable, Sendable, Equatable {
    public var run: RunSummary
    public var tiers: [TierSummary]
    public var total: Int
    public init(run: RunSummary, tiers: [TierSummary], total: Int) {
        self.run = run
        self.tiers = tiers
        self.total = total
    }
}

/// What applying a frozen run's outcomes did.
public struct OutcomesApplied: Codable, Sendable, Equatable {
    /// Studios closed, demoted or promoted by this or an earlier application.
    public var closed: [String]
    public var demoted: [String]
    public var promoted: [String]
    /// Proposals membership refused, with its reason (e.g. no city quota left for a demotion or promotion, R-LVL-3).
    public var notApplied: [String]
    public var shortlisted: Int
    /// Passing leaders identity has no account for.
    public var notShortlisted: [String]
    public var credits: Int
    public init(
        closed: [String],
        demoted: [String],
        promoted: [String],
        notApplied: [String],
        shortlisted: Int,
        notShortlisted: [String],
        credits: Int
    ) {
        self.closed = closed
        self.demoted = demoted
        self.promoted = promoted
        self.notApplied = notApplied
        self.shortlisted = shortlisted
        self.notShortlisted = notShortlisted
        self.credits = credits
    }
}

/// One credit entry for the teacher-training system (R-MGT-6).
public struct CreditEntry: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var year: Int
    public var teacherID: String
    public var studioID: String
    public var role: String
    public var credits: Int
    public var createdAt: Date
    public init(sequence: Int64, year: Int, teacherID: String, studioID: String, role: String, credits: Int, createdAt: Date) {
        self.sequence = sequence
        self.year = year
        self.teacherID = teacherID
        self.studioID = studioID
        self.role = role
        self.credits = credits
        self.createdAt = createdAt
    }
}

/// Params of `assessment.pullCredits`: entries after `cursor` (0 at first), at most `limit`.
public struct PullCreditsRequest: Codable, Sendable, Equatable, Validatable {
    public var cursor: Int64
    public var limit: Int?
    public init(cursor: Int64 = 0, limit: Int? = nil) {
        self.cursor = cursor
        self.limit = limit
    }
    public func validate() throws(RPCError) {
        guard self.cursor >= 0 else { throw .invalidArgument("cursor must not be negative", field: "cursor") }
        try Field.pageSize(self.limit, max: 5000, field: "limit")
    }
}

public struct CreditPage: Codable, Sendable, Equatable {
    public var entries: [CreditEntry]
    /// Pass it as `cursor` next time: re-pulling from the same cursor returns the same entries, never double-counted.
    public var cursor: Int64
    public init(entries: [CreditEntry], cursor: Int64) {
        self.entries = entries
        self.cursor = cursor
    }
}
