import Foundation
import JSONRPC

/// Checks shared by the params of membership methods, each naming the field at fault.
enum Field {
    /// A required text of 1…`max` characters, not blank.
    static func text(_ value: String, _ field: String, max: Int) throws(RPCError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, value.count <= max else {
            throw .invalidArgument("\(field) must be 1–\(max) characters", field: field)
        }
    }

    /// An optional text: absent, or 1…`max` characters.
    static func optionalText(_ value: String?, _ field: String, max: Int) throws(RPCError) {
        if let value { try Self.text(value, field, max: max) }
    }

    /// A reason for a decision that is kept in a history: required, 1…500 characters.
    static func reason(_ value: String, _ field: String = "reason") throws(RPCError) {
        try Self.text(value, field, max: 500)
    }

    /// A page size: absent (the default) or 1…`max`.
    static func pageSize(_ value: Int?, max: Int) throws(RPCError) {
        if let value, !(1...max).contains(value) {
            throw .invalidArgument("pageSize must be 1–\(max)", field: "pageSize")
        }
    }
}
