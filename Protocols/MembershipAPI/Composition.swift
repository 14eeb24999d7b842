import Foundation
import JSONRPC
import Programme

/// One rule of a studio's composition, checked against the roster.
public struct RuleCheck: Codable, Sendable, Equatable {
    public var rule: String
    public var description: String
    public var value: Int
    /// The floor (or, for `maximum` checks, the ceiling).
    public var threshold: Int
    public var kind: Kind
    public var passed: Bool

    public enum Kind: String, Codable, Sendable, CaseIterable { case minimum, maximum }

    public init(rule: String, description: String, value: Int, threshold: Int, kind: Kind = .minimum) {
        self.rule = rule
        self.description = description
        self.value = value
        self.threshold = threshold
        self.kind = kind
        self.passed = kind == .minimum ? value >= threshold : value <= threshold
    }

    /// A check of one of the programme's rules, cited by its constant.
    public init(rule: Rule, description: String, value: Int, threshold: Int, kind: Kind = .minimum) {
        self.init(rule: rule.id, description: description, value: value, threshold: threshold, kind: kind)
    }
}

/// Params of `membership.getComposition`.
public struct GetCompositionRequest: Codable, Sendable, Equatable {
    public var studioID: String
    /// Defaults to now.
    public var asOf: Date?
    public init(studioID: String, asOf: Date? = nil) {
        self.studioID = studioID
        self.asOf = asOf
    }
}

/// Whether a studio's roster meets the composition rules R-COMP-2…R-COMP-7, rule by rule.
public struct CompositionReport: Codable, Sendable, Equatable {
    public var studioID: String
    public var asOf: Date
    public var checks: [RuleCheck]
    /// Core members without a mentoring subject leader (R-COMP-5).
    public var coreMembersWithoutMentor: Int
    public var passed: Bool { self.checks.allSatisfy(\.passed) }

    public init(studioID: String, asOf: Date, checks: [RuleCheck], coreMembersWithoutMentor: Int) {
        self.studioID = studioID
        self.asOf = asOf
        self.checks = checks
        self.coreMembersWithoutMentor = coreMembersWithoutMentor
    }
}

/// Params of `membership.studioMetrics`: the metrics of many studios for a year, as of the year's end (or now,
/// during the year). Name studios by id, or page through all of them (filtered by level). A studio founded after
/// that instant is not part of the year and is left out, whether named or paged.
public struct StudioMetricsRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var studioIDs: [String]?
    public var level: StudioLevel?
    /// 1–1000, default 1000; ignored when `studioIDs` is given.
    public var pageSize: Int?
    public var pageToken: String?

    public init(
        year: Int,
        studioIDs: [String]? = nil,
        level: StudioLevel? = nil,
        pageSize: Int? = nil,
        pageToken: String? = nil
    ) {
        self.year = year
        self.studioIDs = studioIDs
        self.level = level
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) {
        guard (2000...2100).contains(self.year) else {
            throw .invalidArgument("year must be 2000–2100", field: "year")
        }
        if let ids = self.studioIDs, ids.count > 1000 {
            throw .invalidArgument("at most 1000 studioIDs per call", field: "studioIDs")
        }
        try Field.pageSize(self.pageSize, max: 1000)
    }
}

/// What assessment needs of one studio's roster for a year (R-COMP-2…R-COMP-7).
public struct StudioMetrics: Codable, Sendable, Equatable {
    public var studioID: String
    public var level: StudioLevel
    public var status: StudioStatus
    public var subjectLeaders: Int
    public var coreMembers: Int
    public var networkMembers: Int
    /// Subject leaders from rural schools or from schools outside the leader's city (R-COMP-3).
    public var ruralOrOtherCitySubjectLeaders: Int
    /// Subject leaders from rural schools (R-COMP-4).
    public var ruralSubjectLeaders: Int
    public var coreMembersWithoutMentor: Int
    public var pairedSchool: Bool
    /// The studio's name, leader, city and workstation, for assessment's per-teacher rules, filters and credits.
    public var name: String
    public var leaderID: String
    public var city: City
    /// A county studio's county: its bureau may set the county level's floor (R-APP-4).
    public var county: String?
    public var workstation: String?
    /// The subject leaders on the roster at `asOf` (R-TASK-1…R-TASK-3 are counted per subject leader).
    public var subjectLeaderIDs: [String]
    /// When the studio was created: a studio new late in the year is assessed but not proposed for closure.
    public var createdAt: Date?

    public init(
        studioID: String,
        level: StudioLevel,
        status: StudioStatus,
        subjectLeaders: Int,
        coreMembers: Int,
        networkMembers: Int,
        ruralOrOtherCitySubjectLeaders: Int,
        ruralSubjectLeaders: Int,
        coreMembersWithoutMentor: Int,
        pairedSchool: Bool,
        leaderID: String,
        city: City,
        workstation: String? = nil,
        subjectLeaderIDs: [String] = [],
        name: String = "",
        createdAt: Date? = nil,
        county: String? = nil
    ) {
        self.county = county
        self.createdAt = createdAt
        self.name = name
        self.leaderID = leaderID
        self.city = city
        self.workstation = workstation
        self.subjectLeaderIDs = subjectLeaderIDs
        self.studioID = studioID
        self.level = level
        self.status = status
        self.subjectLeaders = subjectLeaders
        self.coreMembers = coreMembers
        self.networkMembers = networkMembers
        self.ruralOrOtherCitySubjectLeaders = ruralOrOtherCitySubjectLeaders
        self.ruralSubjectLeaders = ruralSubjectLeaders
        self.coreMembersWithoutMentor = coreMembersWithoutMentor
        self.pairedSchool = pairedSchool
    }
}

/// The result of `membership.studioMetrics`.
public struct StudioMetricsPage: Codable, Sendable, Equatable {
    public var year: Int
    /// The instant the rosters were read at: the year's last second (Asia/Shanghai), or now during the year.
    public var asOf: Date
    public var metrics: [StudioMetrics]
    public var nextPageToken: String?

    public init(year: Int, asOf: Date, metrics: [StudioMetrics], nextPageToken: String?) {
        self.year = year
        self.asOf = asOf
        self.metrics = metrics
        self.nextPageToken = nextPageToken
    }
}

/// Params of `membership.importMembers`: many roster entries in one all-or-nothing call, under the same rules as
/// the one-by-one methods (for migrating rosters and for loading benchmarks).
public struct ImportMembersRequest: Codable, Sendable, Equatable, Validatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var studioID: String
        public var role: MemberRole
        /// The identity account; the profile is identity's.
        public var teacherID: String
        public var mentorID: String?
        /// Defaults to now.
        public var joinedAt: Date?

        public init(
            studioID: String,
            role: MemberRole,
            teacherID: String,
            mentorID: String? = nil,
            joinedAt: Date? = nil
        ) {
            self.studioID = studioID
            self.role = role
            self.teacherID = teacherID
            self.mentorID = mentorID
            self.joinedAt = joinedAt
        }
    }

    public var entries: [Entry]
    public init(entries: [Entry]) { self.entries = entries }

    public func validate() throws(RPCError) {
        guard (1...10_000).contains(self.entries.count) else {
            throw .invalidArgument("1–10000 entries per call", field: "entries")
        }
        for (index, entry) in self.entries.enumerated() {
            try Field.text(entry.teacherID, "entries[\(index)].teacherID", max: 100)
        }
    }
}

/// The result of `membership.importMembers`.
public struct ImportMembersResult: Codable, Sendable, Equatable {
    public var added: Int
    /// Entries already on the roster in that role (a re-run changes nothing).
    public var unchanged: Int
    public init(added: Int, unchanged: Int) {
        self.added = added
        self.unchanged = unchanged
    }
}
