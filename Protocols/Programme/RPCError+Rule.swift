import JSONRPC

/// Refusals that cite a rule of the programme by its constant (`rule: .comp2`); on the wire the rule is its id.
extension RPCError {
    public init(_ status: RPCStatus, _ message: String, field: String? = nil, rule: Rule, code: Code? = nil) {
        self.init(status, message, field: field, rule: rule.id, code: code)
    }

    public static func invalidArgument(_ message: String, field: String? = nil, rule: Rule) -> RPCError {
        .invalidArgument(message, field: field, rule: rule.id)
    }

    public static func alreadyExists(_ message: String, field: String? = nil, rule: Rule) -> RPCError {
        .alreadyExists(message, field: field, rule: rule.id)
    }

    public static func permissionDenied(_ message: String, rule: Rule) -> RPCError {
        .permissionDenied(message, rule: rule.id)
    }

    public static func failedPrecondition(_ message: String, rule: Rule, field: String? = nil) -> RPCError {
        .failedPrecondition(message, rule: rule.id, field: field)
    }
}
