import Foundation
import JSONRPC
import Programme

/// Params of `assessment.getLiveChecklist`: one studio's standing in a year while the year runs.
public struct LiveChecklistRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    /// The year to judge; the current year (China time) when absent.
    public var year: Int?

    public init(studioID: String, year: Int? = nil) {
        self.studioID = studioID
        self.year = year
    }

    public func validate() throws(RPCError) {
        try Field.text(self.studioID, "studioID", max: 64)
        if let year = self.year { try Field.year(year) }
    }
}

/// A studio's checklist as it stands now: the owners' records read at `asOf`, judged by the year's current rule set
/// and the studio's floor, as the next run would (no rank: that needs every studio). Each line says what is missing
/// in words and carries the records behind its number.
public struct LiveChecklist: Codable, Sendable, Equatable {
    public var year: Int
    public var studioID: String
    public var name: String
    public var asOf: Date
    public var ruleSetVersion: Int
    /// The floor the lines are judged by (`province`, `city/hangzhou v2`, …).
    public var floor: String?
    public var passed: Bool
    /// The score the lines earn so far (manual indicators as scored).
    public var score: Double
    public var lines: [LiveLine]
    public var breakdown: [ScoreLine]

    public init(
        year: Int,
        studioID: String,
        name: String,
        asOf: Date,
        ruleSetVersion: Int,
        floor: String?,
        passed: Bool,
        score: Double,
        lines: [LiveLine],
        breakdown: [ScoreLine]
    ) {
        self.year = year
        self.studioID = studioID
        self.name = name
        self.asOf = asOf
        self.ruleSetVersion = ruleSetVersion
        self.floor = floor
        self.passed = passed
        self.score = score
        self.lines = lines
        self.breakdown = breakdown
    }
}

/// One rule of the checklist now: its value against its threshold, what is missing, and its records.
public struct LiveLine: Codable, Sendable, Equatable {
    public var check: CheckResult
    /// In words, when the line fails: how far the value is from the threshold (`还差 2 项` / `多出 1 项`).
    public var missing: String?
    /// How many records the line counts in all; `records` holds the first 100.
    public var total: Int
    public var records: [LineRecord]

    public init(check: CheckResult, missing: String?, total: Int, records: [LineRecord]) {
        self.check = check
        self.missing = missing
        self.total = total
        self.records = records
    }
}
