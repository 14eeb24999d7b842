import Foundation
import JSONRPC

/// Opaque page tokens: the last key of the previous page, base64url-encoded so callers treat it as opaque.
public enum PageToken {
    public static func encode(_ key: String) -> String {
        Data(key.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decodeString(_ token: String) throws -> String {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let key = String(data: data, encoding: .utf8), !key.isEmpty else {
            throw RPCError.invalidArgument("pageToken is not a token this service issued", field: "pageToken")
        }
        return key
    }

    /// A (sort key, row id) pair, for rosters.
    public static func encode(sortKey: Int, id: Int64) -> String { Self.encode("\(sortKey):\(id)") }

    public static func decodePair(_ token: String) throws -> (sortKey: Int, id: Int64) {
        let parts = try Self.decodeString(token).split(separator: ":")
        guard parts.count == 2, let sortKey = Int(parts[0]), let id = Int64(parts[1]) else {
            throw RPCError.invalidArgument("pageToken is not a token this service issued", field: "pageToken")
        }
        return (sortKey, id)
    }
}
