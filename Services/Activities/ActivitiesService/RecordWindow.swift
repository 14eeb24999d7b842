import Foundation
import GRDB
import MembershipAPI
import Programme
import ServiceKit

/// Time is the server's: what an activity record may be dated at. A year closed by its frozen ranking takes
/// nothing more; records of a past event are entered within the year's window (30 days unless its rule set says
/// otherwise); nothing is dated in the future except a scheduled activity. Only the office's import carries older
/// dates into an open year.
enum RecordWindow {
    static func checkOpen(_ db: Database, year: Int, field: String) throws {
        try YearPolicies.checkOpen(db, year: year, field: field, defaultWindowDays: YearPolicy.defaultRecordWindowDays)
    }

    /// The event ended at `end` (of `year`): its records are still accepted now.
    static func checkRecent(_ db: Database, end: Date, year: Int, field: String) throws {
        try YearPolicies.checkRecent(
            db,
            eventEnd: end,
            year: year,
            field: field,
            defaultWindowDays: YearPolicy.defaultRecordWindowDays
        )
    }

    /// The instant a `YYYY-MM-DD` day (China time) ends, or nil for a day the calendar cannot hold.
    static func end(ofDay day: String) -> Date? { ChinaCalendar.instantAfter(day: day) }
}
