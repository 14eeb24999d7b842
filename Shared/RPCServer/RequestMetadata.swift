import W3CTraceContext

/// The HTTP headers a call carries (PROTOCOL.md, "Metadata"), read once from HTTP/1.1 or HTTP/2 headers.
public struct RequestMetadata: Sendable {
    public var authorization: String?
    public var timeoutMilliseconds: String?
    public var requestID: String?
    public var traceparent: String?
    public var idempotencyKey: String?

    public init(
        authorization: String? = nil, timeoutMilliseconds: String? = nil, requestID: String? = nil,
        traceparent: String? = nil, idempotencyKey: String? = nil
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
    var bearerToken: String? {
        guard let header = self.authorization else { return nil }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return nil }
        return String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }

    /// The span this call runs as: a child of the caller's `traceparent`, or the root of a new trace.
    var traceContext: TraceContext {
        if let header = self.traceparent, let parent = try? TraceContext(traceParentHeaderValue: header) {
            return TraceContext(traceID: parent.traceID, spanID: .random(), flags: parent.flags, state: parent.state)
        }
        return TraceContext(traceID: .random(), spanID: .random(), flags: .sampled, state: TraceState([]))
    }
}

import Foundation

extension RequestMetadata {
    /// A new request id: 16 random hex digits (cheaper than a UUID, unique enough to follow one call in the logs).
    static func makeRequestID() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
