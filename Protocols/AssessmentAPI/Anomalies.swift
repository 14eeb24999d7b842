import Foundation
import JSONRPC
import Programme

/// The rules of thumb a run checks the pulled records against, so that a workstation looks where a number may have
/// been made rather than earned. A flag never changes a score by itself. Absent from a rule set: these defaults.
public struct AnomalyRules: Codable, Sendable, Equatable {
    /// Near-identical attendance: at least `sameCrowdActivities` of a studio's activities whose participant lists
    /// are each at least `sameCrowdSimilarity` alike (shared accounts over all accounts of the two lists) to another.
    public var sameCrowdSimilarity: Double
    public var sameCrowdActivities: Int
    /// An activity with more participants than `beyondNetworkFactor` times the studio's whole network (leader,
    /// subject leaders, core and network members).
    public var beyondNetworkFactor: Double
    /// A burst of records for past dates close to the year's end: at least `lateBurstRecords` records entered in
    /// the year's last `lateBurstDays` days, each at least `lateBurstBackdatedDays` after the event it records.
    public var lateBurstDays: Int
    public var lateBurstBackdatedDays: Int
    public var lateBurstRecords: Int
    /// The same file content (SHA-256) counted as different resources, within a studio or across studios.
    public var duplicateContent: Bool
    /// Check-ins in a cluster: at least `checkInClusterSize` of one activity's check-ins within
    /// `checkInClusterSeconds` — scripted accounts, not people typing a code (default 10 within 3 s). A check-in
    /// outside the activity's hours is always named.
    public var checkInClusterSize: Int?
    public var checkInClusterSeconds: Int?
    /// A teacher counted in two activities at overlapping times, in any studios (R-ACT-1; default on).
    public var overlappingAttendance: Bool?
    /// Records an earlier run of the year counted that the owners no longer count — withdrawn, re-dated or
    /// cancelled around a run (default on).
    public var countedThenGone: Bool?

    public var clusterSize: Int { self.checkInClusterSize ?? 10 }
    public var clusterSeconds: Int { self.checkInClusterSeconds ?? 3 }

    public init(
        sameCrowdSimilarity: Double = 0.9,
        sameCrowdActivities: Int = 5,
        beyondNetworkFactor: Double = 1,
        lateBurstDays: Int = 15,
        lateBurstBackdatedDays: Int = 7,
        lateBurstRecords: Int = 5,
        duplicateContent: Bool = true,
        checkInClusterSize: Int? = nil,
        checkInClusterSeconds: Int? = nil,
        overlappingAttendance: Bool? = nil,
        countedThenGone: Bool? = nil
    ) {
        self.checkInClusterSize = checkInClusterSize
        self.checkInClusterSeconds = checkInClusterSeconds
        self.overlappingAttendance = overlappingAttendance
        self.countedThenGone = countedThenGone
        self.sameCrowdSimilarity = sameCrowdSimilarity
        self.sameCrowdActivities = sameCrowdActivities
        self.beyondNetworkFactor = beyondNetworkFactor
        self.lateBurstDays = lateBurstDays
        self.lateBurstBackdatedDays = lateBurstBackdatedDays
        self.lateBurstRecords = lateBurstRecords
        self.duplicateContent = duplicateContent
    }

    public func validate(field: String) throws(RPCError) {
        guard self.sameCrowdSimilarity > 0, self.sameCrowdSimilarity <= 1 else {
            throw .invalidArgument("sameCrowdSimilarity is within (0, 1]", field: field + ".sameCrowdSimilarity")
        }
        for (name, value, range) in [
            ("sameCrowdActivities", self.sameCrowdActivities, 2...1000),
            ("lateBurstDays", self.lateBurstDays, 1...366),
            ("lateBurstBackdatedDays", self.lateBurstBackdatedDays, 0...366),
            ("lateBurstRecords", self.lateBurstRecords, 1...100_000),
            ("checkInClusterSize", self.clusterSize, 2...100_000),
            ("checkInClusterSeconds", self.clusterSeconds, 0...3600),
        ] where !range.contains(value) {
            throw .invalidArgument("\(name) is within \(range.lowerBound)…\(range.upperBound)", field: field + "." + name)
        }
        guard self.beyondNetworkFactor.isFinite, self.beyondNetworkFactor >= 1, self.beyondNetworkFactor <= 100 else {
            throw .invalidArgument("beyondNetworkFactor is within 1…100", field: field + ".beyondNetworkFactor")
        }
    }
}

/// Which rule of thumb raised a flag.
public enum AnomalyCheck: String, Codable, Sendable, CaseIterable {
    case sameCrowd, beyondNetwork, lateBurst, duplicateContent, checkInCluster, overlappingAttendance, countedThenGone
}

/// A flag a run raised on a studio, for its workstation to look at.
public struct AnomalyFlag: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable { case open, accepted, dismissed }
    public var id: String
    public var runID: String
    public var year: Int
    public var studioID: String
    public var check: AnomalyCheck
    /// The rule of thumb, in words, with the thresholds of the run.
    public var rule: String
    /// What was found.
    public var detail: String
    public var records: [LineRecord]
    public var status: Status
    /// The studio leader's answers, before the flag was decided.
    public var answers: [FlagAnswer]?
    /// Who decided, when, why, and which records no longer count.
    public var decision: FlagDecision?

    public init(
        id: String,
        runID: String,
        year: Int,
        studioID: String,
        check: AnomalyCheck,
        rule: String,
        detail: String,
        records: [LineRecord],
        status: Status = .open
    ) {
        self.id = id
        self.runID = runID
        self.year = year
        self.studioID = studioID
        self.check = check
        self.rule = rule
        self.detail = detail
        self.records = records
        self.status = status
    }
}

/// Params of `assessment.listFlags`: a run's flags (the year's frozen run, else its latest, unless named), of one
/// studio or of every studio the caller supervises, a page at a time.
public struct ListFlagsRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var runID: String?
    public var studioID: String?
    public var check: AnomalyCheck?
    public var status: AnomalyFlag.Status?
    /// 1–500, default 100.
    public var pageSize: Int?
    public var pageToken: String?

    public init(
        year: Int,
        runID: String? = nil,
        studioID: String? = nil,
        check: AnomalyCheck? = nil,
        status: AnomalyFlag.Status? = nil,
        pageSize: Int? = nil,
        pageToken: String? = nil
    ) {
        self.year = year
        self.runID = runID
        self.studioID = studioID
        self.check = check
        self.status = status
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) {
        try Field.year(self.year)
        try Field.pageSize(self.pageSize, max: 500)
    }
}

/// The result of `assessment.listFlags`.
public struct FlagPage: Codable, Sendable, Equatable {
    public var runID: String
    public var flags: [AnomalyFlag]
    public var nextPageToken: String?
    public init(runID: String, flags: [AnomalyFlag], nextPageToken: String?) {
        self.runID = runID
        self.flags = flags
        self.nextPageToken = nextPageToken
    }
}

/// A studio leader's answer to a flag on their studio.
public struct FlagAnswer: Codable, Sendable, Equatable {
    public var by: String
    public var at: Date
    public var comment: String
    public init(by: String, at: Date, comment: String) {
        self.by = by
        self.at = at
        self.comment = comment
    }
}

/// A supervisor's decision on a flag.
public struct FlagDecision: Codable, Sendable, Equatable {
    public var status: AnomalyFlag.Status
    public var reason: String
    /// Of the flag's records, those no longer counted from the next run on.
    public var excluded: [String]
    public var decidedBy: String
    public var decidedAt: Date
    public init(status: AnomalyFlag.Status, reason: String, excluded: [String], decidedBy: String, decidedAt: Date) {
        self.status = status
        self.reason = reason
        self.excluded = excluded
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}

/// Params of `assessment.decideFlag`: accept a flag (the pattern is what it looks like), optionally excluding some
/// of its records from the counts of the next runs, or dismiss it; a reason either way.
public struct DecideFlagRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    /// `accepted` or `dismissed`.
    public var status: AnomalyFlag.Status
    public var reason: String
    /// Ids among the flag's records; only with `accepted`.
    public var exclude: [String]?

    public init(id: String, status: AnomalyFlag.Status, reason: String, exclude: [String]? = nil) {
        self.id = id
        self.status = status
        self.reason = reason
        self.exclude = exclude
    }

    public func validate() throws(RPCError) {
        try Field.text(self.id, "id", max: 64)
        guard self.status != .open else { throw .invalidArgument("a decision accepts or dismisses", field: "status") }
        try Field.text(self.reason, "reason", max: 500)
        if let exclude = self.exclude {
            guard self.status == .accepted else {
                throw .invalidArgument("records are excluded only by accepting the flag", field: "exclude")
            }
            guard exclude.count <= 1000 else { throw .invalidArgument("at most 1000 records", field: "exclude") }
        }
    }
}

/// Params of `assessment.answerFlag`: the studio leader's comment on a flag before it is decided.
public struct AnswerFlagRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var comment: String
    public init(id: String, comment: String) {
        self.id = id
        self.comment = comment
    }
    public func validate() throws(RPCError) {
        try Field.text(self.id, "id", max: 64)
        try Field.text(self.comment, "comment", max: 1000)
    }
}

/// A record a supervisor excluded from a studio's counts, as a result shows it.
public struct ExcludedRecord: Codable, Sendable, Equatable {
    public var recordID: String
    public var flagID: String
    public var check: AnomalyCheck
    public var reason: String
    public var decidedBy: String
    public var decidedAt: Date
    public init(recordID: String, flagID: String, check: AnomalyCheck, reason: String, decidedBy: String, decidedAt: Date) {
        self.recordID = recordID
        self.flagID = flagID
        self.check = check
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}
