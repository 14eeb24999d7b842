import Foundation
import JSONRPC

/// What the owners of dated records (activities, resources) keep of a programme year: how long after an event its
/// records may still be entered, and whether the year is closed because its ranking is frozen. Assessment sets it
/// when a year's rule set is loaded and when the year's run is frozen; a closed year never opens again.
public struct YearPolicy: Codable, Sendable, Equatable {
    public var year: Int
    /// Records of a past event (attendance, a lecture, an award) are accepted this many days after it.
    public var recordWindowDays: Int
    /// When the year closed (its run frozen), and the run.
    public var closedAt: Date?
    public var closedByRun: String?

    public init(year: Int, recordWindowDays: Int, closedAt: Date? = nil, closedByRun: String? = nil) {
        self.year = year
        self.recordWindowDays = recordWindowDays
        self.closedAt = closedAt
        self.closedByRun = closedByRun
    }

    /// The window when the year's rule set names none.
    public static let defaultRecordWindowDays = 30
}

/// Params of `activities.setYearPolicy` and `resources.setYearPolicy`.
public struct SetYearPolicyRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    /// 1–366 days; absent keeps the current window.
    public var recordWindowDays: Int?
    /// Closes the year for good, naming the frozen run.
    public var closedByRun: String?

    public init(year: Int, recordWindowDays: Int? = nil, closedByRun: String? = nil) {
        self.year = year
        self.recordWindowDays = recordWindowDays
        self.closedByRun = closedByRun
    }

    public func validate() throws(RPCError) {
        try Field.year(self.year)
        if let days = self.recordWindowDays, !(1...366).contains(days) {
            throw .invalidArgument("recordWindowDays must be 1–366", field: "recordWindowDays")
        }
        try Field.optionalText(self.closedByRun, "closedByRun", max: 100)
    }
}

/// Params of `activities.getYearPolicy` and `resources.getYearPolicy`.
public struct GetYearPolicyRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public init(year: Int) { self.year = year }
    public func validate() throws(RPCError) { try Field.year(self.year) }
}
