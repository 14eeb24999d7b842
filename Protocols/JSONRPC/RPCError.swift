/// A JSON-RPC error object, and the Swift error every client call throws.
///
/// Protocol failures use the specification's codes (-32700…-32603). Application errors use the gRPC code number
/// (1…16) unless a service defines its own (identity 1000s, membership 2000s, resources 3000s, activities 4000s,
/// assessment 5000s); whatever the code, `data.status` names the gRPC status, `data.field` the field at fault and
/// `data.rule` the programme rule (`R-…`) that blocked the action.
public struct RPCError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public var code: Code
    public var message: String
    public var data: Details?
    /// The error underneath, when this one reports another (a socket's, a decoder's): kept for logs and for callers
    /// that look into it; never on the wire, and not compared.
    public var cause: (any Error)?

    private enum CodingKeys: String, CodingKey { case code, message, data }

    public static func == (lhs: RPCError, rhs: RPCError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.data == rhs.data
    }

    /// A JSON-RPC error code.
    public struct Code: RawRepresentable, Codable, Sendable, Hashable {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public init(_ rawValue: Int) { self.rawValue = rawValue }
        public init(from decoder: any Decoder) throws { self.rawValue = try decoder.singleValueContainer().decode(Int.self) }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self.rawValue)
        }

        public static let parseError = Code(-32700)
        public static let invalidRequest = Code(-32600)
        public static let methodNotFound = Code(-32601)
        public static let invalidParams = Code(-32602)
        public static let internalError = Code(-32603)
    }

    /// The `error.data` object.
    public struct Details: Codable, Sendable, Equatable {
        public var status: RPCStatus
        public var field: String?
        public var rule: String?
        public init(status: RPCStatus, field: String? = nil, rule: String? = nil) {
            self.status = status
            self.field = field
            self.rule = rule
        }
    }

    public init(code: Code, message: String, data: Details?) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// An application error with the given status; the code defaults to the status's gRPC number.
    public init(_ status: RPCStatus, _ message: String, field: String? = nil, rule: String? = nil, code: Code? = nil) {
        self.code = code ?? Code(status.grpcCode)
        self.message = message
        self.data = Details(status: status, field: field, rule: rule)
    }

    /// The gRPC status of this error, whatever its code.
    public var status: RPCStatus {
        if let status = self.data?.status { return status }
        switch self.code {
        case .invalidParams, .invalidRequest, .parseError: return .invalidArgument
        case .methodNotFound: return .unimplemented
        default: return .internal
        }
    }

    public var field: String? { self.data?.field }
    public var rule: String? { self.data?.rule }

    public var description: String {
        var text = "\(self.status.rawValue) (\(self.code.rawValue)): \(self.message)"
        if let field = self.field { text += " [field \(field)]" }
        if let rule = self.rule { text += " [rule \(rule)]" }
        return text
    }
}

// MARK: - Constructors used throughout the services

extension RPCError {
    public static func parseError(_ message: String = "the body is not valid JSON") -> RPCError {
        RPCError(code: .parseError, message: message, data: .init(status: .invalidArgument))
    }
    public static func invalidRequest(_ message: String) -> RPCError {
        RPCError(code: .invalidRequest, message: message, data: .init(status: .invalidArgument))
    }
    public static func methodNotFound(_ name: String) -> RPCError {
        RPCError(code: .methodNotFound, message: "method '\(name)' not found", data: .init(status: .unimplemented))
    }
    public static func invalidParams(_ message: String, field: String? = nil) -> RPCError {
        RPCError(code: .invalidParams, message: message, data: .init(status: .invalidArgument, field: field))
    }
    public static func internalError(_ message: String = "internal error") -> RPCError {
        RPCError(code: .internalError, message: message, data: .init(status: .internal))
    }
    public static func invalidArgument(_ message: String, field: String? = nil, rule: String? = nil) -> RPCError {
        RPCError(.invalidArgument, message, field: field, rule: rule)
    }
    public static func notFound(_ message: String, field: String? = nil) -> RPCError {
        RPCError(.notFound, message, field: field)
    }
    public static func alreadyExists(_ message: String, field: String? = nil, rule: String? = nil) -> RPCError {
        RPCError(.alreadyExists, message, field: field, rule: rule)
    }
    public static func permissionDenied(_ message: String, rule: String? = nil) -> RPCError {
        RPCError(.permissionDenied, message, rule: rule)
    }
    public static func unauthenticated(_ message: String) -> RPCError {
        RPCError(.unauthenticated, message)
    }
    public static func failedPrecondition(_ message: String, rule: String? = nil, field: String? = nil) -> RPCError {
        RPCError(.failedPrecondition, message, field: field, rule: rule)
    }
    public static func resourceExhausted(_ message: String, field: String? = nil) -> RPCError {
        RPCError(.resourceExhausted, message, field: field)
    }
    public static func unavailable(_ message: String) -> RPCError {
        RPCError(.unavailable, message)
    }
    public static func deadlineExceeded(_ message: String = "the call's deadline passed") -> RPCError {
        RPCError(.deadlineExceeded, message)
    }
}

extension RPCError {
    /// The same error, keeping `cause` as the error it reports.
    public func caused(by cause: any Error) -> RPCError {
        var copy = self
        copy.cause = cause
        return copy
    }

    /// The same error about a member nested under `prefix` (`entries[3]`, `ruleSet`): the field as the caller wrote it.
    public func within(_ prefix: String) -> RPCError {
        var copy = self
        let field = self.data?.field
        let nested = field.map { $0.hasPrefix("[") ? prefix + $0 : prefix + "." + $0 } ?? prefix
        copy.data = Details(status: self.status, field: nested, rule: self.data?.rule)
        return copy
    }
}

/// A domain error that knows its JSON-RPC form (grpc-swift has a protocol of this name).
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension RPCError {
    /// The JSON-RPC error that `error` is or converts to; nil for any other error (an I/O error, say), which the
    /// dispatcher answers as INTERNAL. For handlers that reword a refusal, such as an import naming its entry.
    public init?(converting error: any Error) {
        switch error {
        case let error as RPCError: self = error
        case let error as any RPCErrorConvertible: self = error.rpcError
        default: return nil
        }
    }
}
