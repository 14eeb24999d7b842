import Auth
import Foundation
import JSONRPC
import Logging
import Programme
import Synchronization
import W3CTraceContext

/// Reads JSON-RPC request bodies, runs the methods they name, and writes the response bodies.
///
/// Transport-free: the HTTP layers hand it a body and the call's metadata and get back either an answer ready
/// now (protocol errors, inline methods) or work to run in a task, with the answer to give if the deadline passes.
public final class RPCDispatcher: Sendable {
    let methods: RPCMethods
    let limits: RPCLimits
    let verifier: TokenVerifier?
    let metrics: RPCMetrics
    let logger: Logger
    private let schemaCheck: SchemaCheck?
    private let clock = ContinuousClock()

    /// What the dispatcher made of a body.
    public enum Outcome: Sendable {
        /// The answer (nil: nothing to send, the body held only notifications).
        case immediate(Data?)
        /// Work to run in a task, its deadline, and the answer to send instead if the deadline passes first.
        case deferred(work: @Sendable () async -> Data?, deadline: ContinuousClock.Instant, onTimeout: @Sendable () -> Data?)
    }

    /// - Parameter checkSchemas: whether every successful call is checked against its declared schemas
    ///   (``SchemaCheck``); nil leaves it to the environment's `RPC_SCHEMA_CHECK`.
    public init(
        methods: RPCMethods,
        limits: RPCLimits,
        verifier: TokenVerifier?,
        metrics: RPCMetrics,
        logger: Logger,
        checkSchemas: Bool? = nil
    ) {
        self.methods = methods
        self.limits = limits
        self.verifier = verifier
        self.metrics = metrics
        self.logger = logger
        self.schemaCheck = SchemaCheck(
            methods: methods,
            environment: checkSchemas.map { ["RPC_SCHEMA_CHECK": $0 ? "1" : "0"] } ?? ProcessInfo.processInfo.environment
        )
    }

    /// Handles one `POST /rpc` body.
    public func handle(body: Data, metadata: RequestMetadata) -> Outcome {
        let start = self.clock.now
        let deadline = start + self.timeout(metadata)
        guard JSONBytes.depthWithin(body, limit: self.limits.maxNestingDepth) else {
            let error = RPCError.invalidRequest("JSON nesting deeper than \(self.limits.maxNestingDepth) levels")
            self.metrics.record(method: "invalid", status: error.status.rawValue, duration: self.clock.now - start)
            return .immediate(Self.errorBody(id: .null, error))
        }
        if JSONBytes.firstSignificantByte(body) == UInt8(ascii: "[") {
            return self.handleBatch(body: body, metadata: metadata, start: start, deadline: deadline)
        }
        switch self.prepare(body: body, metadata: metadata, start: start, deadline: deadline) {
        case .answered(let response):
            return .immediate(response)
        case .run(let call):
            // Cheap handlers answer on the event loop, without a task, when the caller needs no check or their
            // token was verified before (the common case of a client reusing its token).
            if case .inline(let handler) = call.entry.handler, let principal = self.inlinePrincipal(call) {
                return .immediate(self.runInline(call, principal: principal, handler))
            }
            self.metrics.started()
            return .deferred(
                work: { await self.run(call, countedInFlight: true) },
                deadline: deadline,
                onTimeout: { self.timedOut([call]).first }
            )
        }
    }

    // MARK: - Batches

    private func handleBatch(
        body: Data,
        metadata: RequestMetadata,
        start: ContinuousClock.Instant,
        deadline: ContinuousClock.Instant
    ) -> Outcome {
        guard let elements = try? JSONCoding.decoder.decode([JSONValue].self, from: body) else {
            return .immediate(Self.errorBody(id: .null, .parseError()))
        }
        guard !elements.isEmpty else {
            return .immediate(Self.errorBody(id: .null, .invalidRequest("an empty batch is not a valid request")))
        }
        guard elements.count <= self.limits.maxBatchLength else {
            return .immediate(
                Self.errorBody(
                    id: .null,
                    .invalidRequest(
                        "a batch of \(elements.count) requests exceeds the limit of \(self.limits.maxBatchLength)"
                    )
                )
            )
        }
        var answered: [Data] = []
        var calls: [PreparedCall] = []
        for element in elements {
            let elementBody = (try? JSONCoding.encoder.encode(element)) ?? Data()
            switch self.prepare(body: elementBody, metadata: metadata, start: start, deadline: deadline) {
            case .answered(let response?): answered.append(response)
            case .answered(nil): break
            case .run(let call): calls.append(call)
            }
        }
        if calls.isEmpty { return .immediate(Self.joinBatch(answered)) }
        for _ in calls { self.metrics.started() }
        let (answeredEarly, pending) = (answered, calls)
        return .deferred(
            work: {
                var responses = answeredEarly
                for call in pending {
                    if let response = await self.run(call, countedInFlight: true) { responses.append(response) }
                }
                return Self.joinBatch(responses)
            },
            deadline: deadline,
            onTimeout: { Self.joinBatch(answeredEarly + self.timedOut(pending)) }
        )
    }

    static func joinBatch(_ responses: [Data]) -> Data? {
        guard !responses.isEmpty else { return nil }
        var out = Data("[".utf8)
        for (index, response) in responses.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(response)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    // MARK: - One request object

    struct PreparedCall: Sendable {
        let entry: RPCMethods.Entry
        let id: RPCID?
        let input: RPCMethods.CallInput
        let metadata: RequestMetadata
        let start: ContinuousClock.Instant
        let deadline: ContinuousClock.Instant
        /// Claimed once, by whichever of completion and timeout comes first, so a call is counted once.
        let settlement = OnceFlag()
        /// Read once from the `authorization` header.
        let bearerToken: String?
        var name: String { self.entry.descriptor.name }
    }

    enum Preparation {
        case answered(Data?)
        case run(PreparedCall)
    }

    private func prepare(
        body: Data,
        metadata: RequestMetadata,
        start: ContinuousClock.Instant,
        deadline: ContinuousClock.Instant
    ) -> Preparation {
        switch RequestDecoder.read(body, methods: self.methods) {
        case .refused(let error, let answerID, let metric):
            if let metric { self.metrics.record(method: metric.method, status: metric.status, duration: self.clock.now - start) }
            return .answered(answerID.map { Self.errorBody(id: $0, error) })
        case .call(let entry, let id, let input):
            return .run(
                PreparedCall(
                    entry: entry,
                    id: id,
                    input: input,
                    metadata: metadata,
                    start: start,
                    deadline: deadline,
                    bearerToken: metadata.bearerToken
                )
            )
        }
    }

    /// The caller of an inline call, known without suspending: `.some(nil)` for a method anyone may call without
    /// a token, the cached principal when it has a required role; nil when the call must go the async way
    /// (a token not verified yet, or a refusal to explain).
    private func inlinePrincipal(_ call: PreparedCall) -> Principal?? {
        guard case .roles(let roles) = call.entry.descriptor.access else {
            guard let token = call.bearerToken else { return .some(nil) }
            guard let principal = call.metadata.knownPrincipal ?? self.verifier?.cachedPrincipal(token) else { return nil }
            return .some(principal)
        }
        guard let token = call.bearerToken,
            let principal = call.metadata.knownPrincipal ?? self.verifier?.cachedPrincipal(token),
            principal.roles.contains(where: { roles.contains($0.rawValue) })
        else { return nil }
        return .some(principal)
    }

    private func runInline(
        _ call: PreparedCall,
        principal: Principal?,
        _ handler: @Sendable (RPCMethods.CallInput, RPCContext) throws -> Data
    ) -> Data? {
        let context = RPCContext(
            principal: principal,
            method: call.name,
            requestID: call.metadata.requestID ?? "",
            idempotencyKey: call.metadata.idempotencyKey,
            deadline: call.deadline,
            clientAddress: call.metadata.clientAddress,
            logger: self.logger
        )
        let response: Data?
        let status: String
        do {
            let result = try handler(call.input, context)
            if let mismatch = self.schemaCheck?.mismatch(method: call.name, body: call.input.body, result: result) {
                throw mismatch
            }
            response = call.id.map { Self.resultBody(id: $0, result: result) }
            status = "OK"
        } catch {
            let rpcError = self.rpcError(from: error, method: call.name, context: context)
            response = call.id.map { Self.errorBody(id: $0, rpcError) }
            status = rpcError.status.rawValue
        }
        self.metrics.record(method: call.name, status: status, duration: self.clock.now - call.start)
        return response
    }

    /// Authenticates, authorizes and runs one call; answers nil for a notification.
    private func run(_ call: PreparedCall, countedInFlight: Bool) async -> Data? {
        let requestID = call.metadata.requestID ?? RequestMetadata.makeRequestID()
        let trace = call.metadata.traceContext
        var context = RPCContext(
            principal: nil,
            method: call.name,
            requestID: requestID,
            deadline: call.deadline,
            traceID: "\(trace.traceID)",
            logger: self.logger
        )
        let outcome: Result<Data, RPCError>
        do {
            let principal = try await self.authorize(call)
            context = RPCContext(
                principal: principal,
                method: call.name,
                requestID: requestID,
                idempotencyKey: call.metadata.idempotencyKey,
                deadline: call.deadline,
                traceID: context.traceID,
                clientAddress: call.metadata.clientAddress,
                logger: self.logger
            )
            let propagated = PropagatedContext(
                deadline: call.deadline,
                traceparent: trace.traceParentHeaderValue,
                requestID: requestID,
                bearerToken: call.bearerToken
            )
            let result = try await PropagatedContext.$current.withValue(propagated) {
                switch call.entry.handler {
                case .async(let handler): try await handler(call.input, context)
                case .inline(let handler): try handler(call.input, context)
                }
            }
            if let mismatch = self.schemaCheck?.mismatch(method: call.name, body: call.input.body, result: result) {
                context.logger.error("schema mismatch", metadata: ["error": "\(mismatch.message)"])
                throw mismatch
            }
            outcome = .success(result)
        } catch {
            outcome = .failure(self.rpcError(from: error, method: call.name, context: context))
        }
        let duration = self.clock.now - call.start
        let status = (try? outcome.get()).map { _ in "OK" } ?? outcome.failureStatus
        if countedInFlight, call.settlement.claim() {
            self.metrics.finished(method: call.name, status: status, duration: duration)
        }
        if self.logger.logLevel <= .debug {
            context.logger.debug("call finished", metadata: ["rpc.status": "\(status)", "rpc.duration": "\(duration)"])
        }
        guard let id = call.id else { return nil }
        switch outcome {
        case .success(let result): return Self.resultBody(id: id, result: result)
        case .failure(let error): return Self.errorBody(id: id, error)
        }
    }

    /// The caller, checked against the method's declared access.
    private func authorize(_ call: PreparedCall) async throws(RPCError) -> Principal? {
        let token = call.bearerToken
        guard case .roles(let roles) = call.entry.descriptor.access else {
            // Anyone may call; a token, if sent, still names the caller.
            guard let token, let verifier = self.verifier else { return nil }
            return try? await verifier.verify(token)
        }
        guard let token else {
            throw RPCError.unauthenticated("\(call.name) needs an access token (authorization: Bearer …)")
        }
        guard let verifier = self.verifier else {
            throw RPCError.unavailable("this service has no key set to verify access tokens")
        }
        let principal = try await verifier.verify(token)
        guard principal.roles.contains(where: { roles.contains($0.rawValue) }) else {
            throw RPCError.permissionDenied(
                "\(call.name) needs one of the roles \(roles.sorted().joined(separator: ", "))"
            )
        }
        return principal
    }

    /// The answers for calls whose deadline passed; those not finished meanwhile are counted as `DEADLINE_EXCEEDED`.
    private func timedOut(_ calls: [PreparedCall]) -> [Data] {
        let error = RPCError.deadlineExceeded()
        var responses: [Data] = []
        for call in calls {
            if call.settlement.claim() {
                self.metrics.finished(method: call.name, status: error.status.rawValue, duration: self.clock.now - call.start)
            }
            if let id = call.id { responses.append(Self.errorBody(id: id, error)) }
        }
        return responses
    }

    private func rpcError(from error: any Error, method: String, context: RPCContext) -> RPCError {
        switch error {
        case let error as RPCError: return Self.loggingCause(error, context: context)
        case let error as any RPCErrorConvertible: return Self.loggingCause(error.rpcError, context: context)
        case is CancellationError: return .deadlineExceeded()
        default:
            context.logger.error("method failed", metadata: ["error": "\(String(reflecting: error))"])
            return .internalError()
        }
    }

    /// An internal error's cause goes to the log, not to the caller (its text may name files and internals).
    private static func loggingCause(_ error: RPCError, context: RPCContext) -> RPCError {
        if error.status == .internal, let cause = error.cause {
            context.logger.error("method failed", metadata: ["error": "\(error.message)", "cause": "\(String(reflecting: cause))"])
        }
        return error
    }

    /// The call's time budget: the caller's `rpc-timeout-ms`, capped by the server's limit.
    private func timeout(_ metadata: RequestMetadata) -> Duration {
        guard let text = metadata.timeoutMilliseconds, let milliseconds = Int64(text), milliseconds >= 0 else {
            return self.limits.maxDeadline
        }
        return min(.milliseconds(milliseconds), self.limits.maxDeadline)
    }

    // MARK: - Response bodies

    static func resultBody(id: RPCID, result: Data) -> Data {
        var out = Data()
        out.reserveCapacity(result.count + 48)
        out.append(contentsOf: #"{"jsonrpc":"2.0","result":"#.utf8)
        out.append(result)
        out.append(contentsOf: #","id":"#.utf8)
        Self.appendID(id, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func errorBody(id: RPCID, _ error: RPCError) -> Data {
        (try? JSONCoding.encoder.encode(OutgoingResponse<Empty>(id: id, outcome: .error(error))))
            ?? Data(#"{"jsonrpc":"2.0","error":{"code":-32603,"message":"internal error"},"id":null}"#.utf8)
    }

    static func appendID(_ id: RPCID, to out: inout Data) {
        switch id {
        case .number(let value): out.append(contentsOf: String(value).utf8)
        case .null: out.append(contentsOf: "null".utf8)
        default: out.append((try? JSONCoding.encoder.encode(id)) ?? Data("null".utf8))
        }
    }
}

extension Result where Failure == RPCError {
    fileprivate var failureStatus: String {
        if case .failure(let error) = self { return error.status.rawValue }
        return "OK"
    }
}
