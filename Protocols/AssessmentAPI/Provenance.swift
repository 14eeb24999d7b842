import Foundation
import JSONRPC
import Programme

/// One record behind a number of a studio's report: the service that owns it, the method that answers it there,
/// its id, the day it counts by (China time, `2019-03-04`) and what it contributed to the number.
public struct LineRecord: Codable, Sendable, Equatable {
    public var service: String
    /// The owner's method that answers this record given ``params`` (e.g. `activities.getActivity`).
    public var method: String
    /// The params that method takes for this record (e.g. `{"id":"ac-…"}`).
    public var params: [String: String]
    public var id: String
    public var day: String?
    public var contributed: Double
    /// What the record is to the line, in words, when its id alone does not say (e.g. `subject leader without an
    /// accepted lecture`).
    public var note: String?
    /// In a frozen run's line: how the owner's record differs now from what the run counted (`no longer counted`,
    /// `now dated 2019-05-06`); absent when it is counted now as it was.
    public var changedSince: String?

    public init(
        service: String,
        method: String,
        params: [String: String],
        id: String,
        day: String? = nil,
        contributed: Double = 1,
        note: String? = nil
    ) {
        self.service = service
        self.method = method
        self.params = params
        self.id = id
        self.day = day
        self.contributed = contributed
        self.note = note
    }
}

/// Params of `assessment.getLineRecords`: one line (a metric) of one studio's result in a run, opened onto its
/// records, a page at a time.
public struct LineRecordsRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var studioID: String
    /// The metric the checklist or score line counts (`activitiesHeld`, `premiumResources`, …).
    public var metric: Metric
    /// The year's frozen run, else its latest, unless named.
    public var runID: String?
    /// 1–1000, default 100.
    public var pageSize: Int?
    public var pageToken: String?

    public init(
        year: Int,
        studioID: String,
        metric: Metric,
        runID: String? = nil,
        pageSize: Int? = nil,
        pageToken: String? = nil
    ) {
        self.year = year
        self.studioID = studioID
        self.metric = metric
        self.runID = runID
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) {
        try Field.year(self.year)
        try Field.text(self.studioID, "studioID", max: 64)
        try Field.pageSize(self.pageSize, max: 1000)
    }
}

/// The result of `assessment.getLineRecords`.
public struct LineRecordsPage: Codable, Sendable, Equatable {
    public var runID: String
    public var frozen: Bool
    public var studioID: String
    public var metric: Metric
    /// The line's number in the run; the records' `contributed` sum to it.
    public var value: Double
    /// How many records the line has in all.
    public var total: Int
    /// The instant the owner's records were read at (a roster's date for membership's lines).
    public var asOf: Date?
    public var records: [LineRecord]
    public var nextPageToken: String?
    /// A frozen run's line compared with its owner's records now (not for roster lines, whose entries are dated and
    /// never rewritten): when the owner was read, how many of the line's records changed since the run counted
    /// them, and how many it counts now that the run did not. The run's records and number never change.
    public var comparedAt: Date?
    public var changedSince: Int?
    public var addedSince: Int?

    public init(
        runID: String,
        frozen: Bool,
        studioID: String,
        metric: Metric,
        value: Double,
        total: Int,
        asOf: Date?,
        records: [LineRecord],
        nextPageToken: String?
    ) {
        self.runID = runID
        self.frozen = frozen
        self.studioID = studioID
        self.metric = metric
        self.value = value
        self.total = total
        self.asOf = asOf
        self.records = records
        self.nextPageToken = nextPageToken
    }
}

/// The result of `assessment.getMyRecord`: the signed-in teacher's credits and badges across years.
public struct TeacherRecord: Codable, Sendable, Equatable {
    /// A studio's badge of a frozen year (R-MGT-4), as the teacher served it.
    public struct Badge: Codable, Sendable, Equatable {
        public var year: Int
        public var studioID: String
        public var studioName: String
        /// `leader` or `subjectLeader`.
        public var role: String
        public var runID: String
        public init(year: Int, studioID: String, studioName: String, role: String, runID: String) {
            self.year = year
            self.studioID = studioID
            self.studioName = studioName
            self.role = role
            self.runID = runID
        }
    }

    public var teacherID: String
    /// The credit ledger's entries of the teacher (R-MGT-6: at most one a year).
    public var credits: [CreditEntry]
    public var badges: [Badge]

    public init(teacherID: String, credits: [CreditEntry], badges: [Badge]) {
        self.teacherID = teacherID
        self.credits = credits
        self.badges = badges
    }
}

/// Params of `assessment.getMyRecord`: none.
public struct MyRecordRequest: Codable, Sendable, Equatable {
    public init() {}
}
