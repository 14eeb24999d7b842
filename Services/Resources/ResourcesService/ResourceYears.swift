import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import ServiceKit

/// Time is the server's: the year a resource, a premium mark, a series or a micro-course counts for. A year closed
/// by its frozen ranking takes nothing more (R-MGT-2); a year not yet begun takes nothing; a past year takes
/// records only within its window after the year's end (30 days unless its rule set says otherwise), so a studio
/// cannot fill a year in after the fact. The office's import is the one path for a year kept elsewhere.
enum ResourceYears {
    static func currentYear(_ now: Date = Date()) -> Int { ChinaCalendar.currentYear(now) }

    /// Refuses a closed year.
    static func checkOpen(_ db: Database, year: Int, field: String) throws {
        try YearPolicies.checkOpen(db, year: year, field: field, defaultWindowDays: YearPolicy.defaultRecordWindowDays)
    }

    /// Refuses a closed year, a future one, and a past one whose window after its end has passed.
    static func checkCurrent(_ db: Database, year: Int, field: String, now: Date = Date()) throws {
        try Self.checkOpen(db, year: year, field: field)
        let current = Self.currentYear(now)
        guard year <= current else {
            throw RPCError.invalidArgument(
                "\(year) has not begun: a record counts for the year it is made in (\(current))",
                field: field,
                rule: .mgt2
            )
        }
        if year < current, let end = ChinaCalendar.startOfYear(after: year) {
            try YearPolicies.checkRecent(
                db,
                eventEnd: end,
                year: year,
                field: field,
                defaultWindowDays: YearPolicy.defaultRecordWindowDays,
                now: now
            )
        }
    }
}
