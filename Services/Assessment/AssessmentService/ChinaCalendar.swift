import Foundation

/// Dates of the programme in China time (UTC+8, no daylight saving), for the rule set's dated rules.
enum ChinaCalendar {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        return calendar
    }()

    /// 00:00 China time on the day; nil for a day the calendar cannot hold.
    static func date(year: Int, month: Int, day: Int) -> Date? {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    /// The year (China time) the instant falls in.
    static func year(of date: Date) -> Int { Self.calendar.component(.year, from: date) }

    /// The day as 2026-12-01.
    static func day(_ date: Date) -> String {
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
