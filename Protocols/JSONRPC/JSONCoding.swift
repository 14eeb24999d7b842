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
        // Foundation's `.iso8601` strategy reports a malformed date without the member's key in the coding path,
        // and refuses fractional seconds (JavaScript's `toISOString()`); this one names the member and takes both.
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Self.parseDate(text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "must be an RFC 3339 date-time such as 2019-04-16T23:59:59+08:00, not \"\(text.prefix(40))\""
                    )
                )
            }
            return date
        }
        return decoder
    }

    /// An RFC 3339 date-time with or without fractional seconds.
    public static func parseDate(_ text: String) -> Date? {
        // The platform writes whole seconds: try the form the text has first (a failed parse costs as much as one).
        if text.utf8.contains(UInt8(ascii: ".")) {
            if let date = try? Date(text, strategy: Self.fractionalSeconds) { return date }
            return try? Date(text, strategy: Self.wholeSeconds)
        }
        if let date = try? Date(text, strategy: Self.wholeSeconds) { return date }
        return try? Date(text, strategy: Self.fractionalSeconds)
    }

    private static let wholeSeconds = Date.ISO8601FormatStyle()
    private static let fractionalSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

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
