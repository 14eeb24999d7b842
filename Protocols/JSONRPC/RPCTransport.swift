import Foundation

/// Moves JSON-RPC bodies to a service and back: HTTP/2 in production, in-process in unit tests.
public protocol RPCTransport: Sendable {
    /// Sends one request body and returns the response body (nil when the request held only notifications).
    func send(_ body: Data, options: CallOptions) async throws -> Data?
}

/// Per-call metadata (PROTOCOL.md, "Metadata").
public struct CallOptions: Sendable {
    /// The method's name, for logs and metrics of the transport.
    public var methodName: String
    /// Whether the transport may retry this call after `UNAVAILABLE`.
    public var idempotent: Bool
    /// Seconds the call may take; nil uses what remains of the current call's deadline, if any.
    public var timeout: Duration?
    /// An access token; nil uses the transport's own credentials.
    public var bearerToken: String?
    /// `idempotency-key` for mutating calls.
    public var idempotencyKey: String?
    /// `x-request-id`; nil propagates the current call's or lets the server make one.
    public var requestID: String?

    public init(
        methodName: String = "",
        idempotent: Bool = false,
        timeout: Duration? = nil,
        bearerToken: String? = nil,
        idempotencyKey: String? = nil,
        requestID: String? = nil
    ) {
        self.methodName = methodName
        self.idempotent = idempotent
        self.timeout = timeout
        self.bearerToken = bearerToken
        self.idempotencyKey = idempotencyKey
        self.requestID = requestID
    }
}

extension RPCTransport {
    /// Calls `method` with `params` and returns its typed result.
    /// - Throws: ``RPCError`` as the service answered it, or with status `UNAVAILABLE`/`DEADLINE_EXCEEDED` from the
    ///   transport.
    public func call<P, R>(
        _ method: RPCMethod<P, R>,
        _ params: P,
        options: CallOptions = CallOptions()
    ) async throws
        -> R
    {
        var options = options
        options.methodName = method.name
        options.idempotent = method.idempotent
        let body = try JSONCoding.encoder.encode(RequestEnvelope(method: method.name, params: params, id: .number(1)))
        guard let response = try await self.send(body, options: options) else {
            throw RPCError.internalError("the service sent no response to \(method.name)")
        }
        let envelope: ResponseEnvelope<R>
        do {
            envelope = try JSONCoding.decoder.decode(ResponseEnvelope<R>.self, from: response)
        } catch {
            throw RPCError(.internal, "malformed response to \(method.name): \(error)").caused(by: error)
        }
        if let error = envelope.error { throw error }
        guard let result = envelope.result else { throw RPCError.internalError("no result for \(method.name)") }
        return result
    }

    /// Calls a method that takes no params.
    public func call<R>(_ method: RPCMethod<Empty, R>, options: CallOptions = CallOptions()) async throws -> R {
        try await self.call(method, Empty(), options: options)
    }

    /// Sends a notification: no id, no answer.
    public func notify<P, R>(_ method: RPCMethod<P, R>, _ params: P, options: CallOptions = CallOptions()) async throws {
        var options = options
        options.methodName = method.name
        let body = try JSONCoding.encoder.encode(RequestEnvelope(method: method.name, params: params, id: nil))
        _ = try await self.send(body, options: options)
    }
}
