import Auth
import Foundation
import W3CTraceContext

/// The HTTP headers a call carries (PROTOCOL.md, "Metadata"), read once from HTTP/1.1 or HTTP/2 headers.
public struct RequestMetadata: Sendable {
    public var authorization: String?
    public var timeoutMilliseconds: String?
    public var requestID: String?
    public var traceparent: String?
    public var idempotencyKey: String?
    /// The peer's IP address (no port), for per-address limits such as sign-in attempts.
    public var clientAddress: String?
    /// The caller, when the transport already found the bearer token among those verified before (it looks while
    /// bounding the body), so the dispatcher need not look again.
    var knownPrincipal: Principal?

    public init(
        authorization: String? = nil,
        timeoutMilliseconds: String? = nil,
        requestID: String? = nil,
        traceparent: String? = nil,
        idempotencyKey: String? = nil
    ) {
        self.authorization = authorization
        self.timeoutMilliseconds = timeoutMilliseconds
        self.requestID = requestID
        self.traceparent = traceparent
        self.idempotencyKey = idempotencyKey
    }

    /// Records `value` if `name` (lowercase) is one of the headers a call carries.
    mutating func take(name: String, value: String) {
        switch name {
        case "authorization": self.authorization = value
        case "rpc-timeout-ms": self.timeoutMilliseconds = value
        case "x-request-id": self.requestID = value
        case "traceparent": self.traceparent = value
        case "idempotency-key": self.idempotencyKey = value
        default: break
        }
    }

    /// The bearer token, if the `authorization` header holds one.
    ///
    /// Works on the UTF-8 bytes: Foundation's `trimmingCharacters` and `lowercased` cost more than the rest of a
    /// cached token check put together (measured with perf).
    var bearerToken: String? {
        guard let header = self.authorization else { return nil }
        var bytes = header.utf8[...]
        let scheme = "bearer".utf8
        guard bytes.count > scheme.count + 1,
            zip(bytes.prefix(scheme.count), scheme).allSatisfy({ $0 | 0x20 == $1 })
        else { return nil }
        bytes = bytes.dropFirst(scheme.count)
        guard bytes.first == UInt8(ascii: " ") else { return nil }
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        return bytes.isEmpty ? nil : String(Substring(bytes))
    }

    /// The span this call runs as: a child of the caller's `traceparent`, or the root of a new trace.
    var traceContext: TraceContext {
        if let header = self.traceparent, let parent = try? TraceContext(traceParentHeaderValue: header) {
            return TraceContext(traceID: parent.traceID, spanID: .random(), flags: parent.flags, state: parent.state)
        }
        return TraceContext(traceID: .random(), spanID: .random(), flags: .sampled, state: TraceState([]))
    }
}

extension RequestMetadata {
    /// A new request id: 16 random hex digits (cheaper than a UUID, unique enough to follow one call in the logs).
    static func makeRequestID() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
