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

    /// A page size: absent (the default) or 1…`max`.
    public static func pageSize(_ value: Int?, max: Int) throws(RPCError) {
        if let value, !(1...max).contains(value) {
            throw .invalidArgument("pageSize must be 1–\(max)", field: "pageSize")
        }
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
