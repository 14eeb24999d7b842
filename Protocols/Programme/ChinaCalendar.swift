import Foundation

/// The programme's calendar is China's (UTC+8, no daylight saving): a record belongs to the year it falls in
/// there, and a deadline ends at that day's last second there. The one copy that the services, the CLI and the
/// console read.
public enum ChinaCalendar {
    /// The Gregorian calendar in China time.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        return calendar
    }()

    /// The year the instant falls in.
    public static func year(of date: Date) -> Int { Self.calendar.component(.year, from: date) }

    /// The programme year now.
    public static func currentYear(_ now: Date = Date()) -> Int { Self.year(of: now) }

    /// The year of a `YYYY-MM-DD` day (one already validated, e.g. by ``Field/day(_:_:)``); 0 when it has none.
    public static func year(ofDay day: String) -> Int { Int(day.prefix(4)) ?? 0 }

    /// 00:00 on the day; nil for a day the calendar cannot hold.
    public static func date(year: Int, month: Int, day: Int) -> Date? {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    /// The day's last second (23:59:59); nil for a day the calendar cannot hold.
    public static func endOfDay(year: Int, month: Int, day: Int) -> Date? {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 23, minute: 59, second: 59))
    }

    /// The instant after a `YYYY-MM-DD` day ends (the next day's 00:00), or nil for a day the calendar cannot hold.
    public static func instantAfter(day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let start = Self.date(year: parts[0], month: parts[1], day: parts[2]) else { return nil }
        return start.addingTimeInterval(86_400)
    }

    /// 1 January of the year after `year`, 00:00: the instant the year is over; nil beyond what the calendar holds.
    public static func startOfYear(after year: Int) -> Date? {
        guard year < 100_000 else { return nil }
        return Self.date(year: year + 1, month: 1, day: 1)
    }

    /// The year's last second; the distant future for a year beyond what the calendar holds (the params' checks
    /// keep such years out).
    public static func endOfYear(_ year: Int) -> Date {
        Self.startOfYear(after: year)?.addingTimeInterval(-1) ?? .distantFuture
    }

    /// The day, as 2026-12-01.
    public static func day(_ date: Date) -> String {
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The minute, as 2026-12-01 08:30.
    public static func minute(_ date: Date) -> String {
        let parts = Self.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d",
            parts.year ?? 0,
            parts.month ?? 0,
            parts.day ?? 0,
            parts.hour ?? 0,
            parts.minute ?? 0
        )
    }
}
