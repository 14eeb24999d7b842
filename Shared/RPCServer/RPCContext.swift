import Auth
import JSONRPC
import Logging
import Programme

/// What a handler knows about the call it serves.
public struct RPCContext: Sendable {
    /// The authenticated caller; nil for an anonymous call to a method anyone may call.
    public let principal: Principal?
    public let method: String
    public let requestID: String
    /// The caller's `idempotency-key`, for mutating calls.
    public let idempotencyKey: String?
    /// When the call must be done (from `rpc-timeout-ms`, capped by the server's limit).
    public let deadline: ContinuousClock.Instant?
    /// The W3C trace id the call belongs to.
    public let traceID: String?
    /// The caller's IP address, when the transport knows it.
    public let clientAddress: String?
    private let baseLogger: Logger

    public init(
        principal: Principal?,
        method: String,
        requestID: String,
        idempotencyKey: String? = nil,
        deadline: ContinuousClock.Instant? = nil,
        traceID: String? = nil,
        clientAddress: String? = nil,
        logger: Logger
    ) {
        self.clientAddress = clientAddress
        self.principal = principal
        self.method = method
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
        self.deadline = deadline
        self.traceID = traceID
        self.baseLogger = logger
    }

    /// A logger carrying the request id, method, trace and caller as metadata.
    ///
    /// Made when asked for: setting metadata on swift-log's stream handler re-renders it on every set, which cost
    /// about 4 % of a call when it was done for every call (perf).
    public var logger: Logger {
        var logger = self.baseLogger
        logger[metadataKey: "rpc.method"] = .string(self.method)
        logger[metadataKey: "request.id"] = .string(self.requestID)
        if let traceID = self.traceID { logger[metadataKey: "trace.id"] = .string(traceID) }
        if let caller = self.principal?.subject { logger[metadataKey: "caller.id"] = .string(caller) }
        return logger
    }

    /// The caller, who must be signed in.
    /// - Throws: `UNAUTHENTICATED` for an anonymous call.
    public func requirePrincipal() throws(RPCError) -> Principal {
        guard let principal = self.principal else { throw RPCError.unauthenticated("\(self.method) needs a signed-in caller") }
        return principal
    }

    /// The caller, who must hold one of `roles`.
    /// - Throws: `UNAUTHENTICATED` for an anonymous call, `PERMISSION_DENIED` otherwise.
    @discardableResult
    public func requireRole(_ roles: Role...) throws(RPCError) -> Principal {
        let principal = try self.requirePrincipal()
        guard !principal.roles.isDisjoint(with: roles) else {
            throw RPCError.permissionDenied(
                "\(self.method) needs one of the roles \(roles.map(\.rawValue).sorted().joined(separator: ", "))"
            )
        }
        return principal
    }
}
