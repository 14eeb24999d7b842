import Foundation
import JSONRPC

/// Checks shared by the params of the services' methods, each naming the field at fault.
public enum Field {
    /// A required text of 1…`max` characters, not blank.
    public static func text(_ value: String, _ field: String, max: Int) throws(RPCError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, value.count <= max else {
            throw .invalidArgument("\(field) must be 1–\(max) characters", field: field)
        }
    }

    /// An optional text: absent, or 1…`max` characters.
    public static func optionalText(_ value: String?, _ field: String, max: Int) throws(RPCError) {
        if let value { try Self.text(value, field, max: max) }
    }

    /// A reason for a decision that is kept in a history: required, 1…500 characters.
    public static func reason(_ value: String, _ field: String = "reason") throws(RPCError) {
        try Self.text(value, field, max: 500)
    }

    /// A page size: absent (the default) or 1…`max`, named `field` as the caller wrote it.
    public static func pageSize(_ value: Int?, max: Int, field: String = "pageSize") throws(RPCError) {
        if let value, !(1...max).contains(value) {
            throw .invalidArgument("\(field) must be 1–\(max)", field: field)
        }
    }

    /// The years the programme can be about: it began in 2019 (the notice of that year), and a year past 2100 is
    /// a typing error. Checked at the boundary, so no calendar arithmetic ever sees a year it cannot represent.
    public static let programmeYears = 2019...2100

    /// A programme year, named `field` as the caller wrote it.
    public static func year(
        _ value: Int,
        _ field: String = "year",
        in years: ClosedRange<Int> = programmeYears
    )
        throws(RPCError)
    {
        guard years.contains(value) else {
            throw .invalidArgument("\(field) must be a year of \(years.lowerBound)–\(years.upperBound)", field: field)
        }
    }

    /// An optional programme year.
    public static func optionalYear(_ value: Int?, _ field: String = "year") throws(RPCError) {
        if let value { try Self.year(value, field) }
    }

    /// A count or amount: 0…`max`, named `field`.
    public static func count(_ value: Int, _ field: String, max: Int, min: Int = 0) throws(RPCError) {
        guard (min...max).contains(value) else {
            throw .invalidArgument("\(field) must be \(min)–\(max)", field: field)
        }
    }

    /// A SHA-256 digest written as 64 lowercase hexadecimal digits (how files are named in resources).
    public static func sha256(_ value: String, _ field: String) throws(RPCError) {
        guard value.utf8.count == 64, value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw .invalidArgument("\(field) must be a SHA-256 digest: 64 lowercase hexadecimal digits", field: field) }
    }

    /// A calendar day written `YYYY-MM-DD` that exists (no 2月30日).
    public static func day(_ value: String, _ field: String) throws(RPCError) {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard value.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), (1...12).contains(month), day >= 1,
            day <= Self.daysIn(month: month, year: year)
        else { throw .invalidArgument("\(field) must be a day written YYYY-MM-DD", field: field) }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
