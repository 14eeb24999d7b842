import Foundation
import JSONRPC

/// The envelope of one request object, read without its params (those are decoded by the method's own type).
struct IncomingRequest: Decodable {
    /// The id, when the member is present (a notification has none).
    var id: RPCID?
    var hasID: Bool
    var method: String?
    var problem: String?

    private enum CodingKeys: String, CodingKey { case jsonrpc, method, params, id }
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.hasID = container.contains(.id)
        if self.hasID {
            self.id = try? container.decode(RPCID.self, forKey: .id)
            if self.id == nil { self.problem = "id must be a string, a number or null" }
        }
        if (try? container.decode(String.self, forKey: .jsonrpc)) != "2.0" {
            self.problem = self.problem ?? "jsonrpc must be exactly \"2.0\""
        }
        self.method = try? container.decode(String.self, forKey: .method)
        if self.method == nil { self.problem = self.problem ?? "method must be a string" }
        self.hasParams = container.contains(.params)
        if self.hasParams, (try? container.nestedContainer(keyedBy: AnyKey.self, forKey: .params)) == nil {
            self.paramsNotObject = true
            // The specification: "params MUST be a Structured value" (an object or an array); anything else makes the
            // request object invalid, where an array is a valid request with params this server does not take.
            if (try? container.nestedUnkeyedContainer(forKey: .params)) == nil {
                self.problem = self.problem ?? "params must be a structured value (an object of named members)"
            }
        }
    }

    /// `params` is present but not an object: positional params are not supported (PROTOCOL.md).
    var paramsNotObject = false
    /// Whether the request has a `params` member at all.
    var hasParams = false
}

/// Cheap checks on raw JSON bytes before a decoder sees them.
enum JSONScan {
    /// The first byte that is not JSON whitespace, or nil.
    static func firstSignificantByte(_ bytes: Data) -> UInt8? {
        bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }

    /// Whether the nesting of arrays and objects stays within `limit` (strings and escapes skipped).
    static func depthWithin(_ bytes: Data, limit: Int) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit { return false }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return true
    }
}
