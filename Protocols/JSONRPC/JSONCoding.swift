import Foundation

/// The one JSON coder configuration of the platform: RFC 3339 UTC times, sorted keys for stable bytes.
public enum JSONCoding {
    /// A fresh encoder with the platform's settings. Encoders are cheap to keep: callers reuse one per context.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Shared instances: encode/decode keep no state between calls, so one instance serves every thread.
    /// `encoder` sorts keys, for bytes that are compared or stored (golden tests, idempotency records).
    public static let encoder = makeEncoder()
    /// For responses on the wire, where key order does not matter and sorting costs time on every call.
    public static let wireEncoder: JSONEncoder = {
        let encoder = makeEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
    public static let decoder = makeDecoder()
}
