import ExtrasBase64
import Foundation
import JSONRPC

/// Opaque page tokens: the last key of the previous page, base64url-encoded so callers treat it as opaque.
public enum PageToken {
    public static func encode(_ key: String) -> String {
        Base64.encodeToString(bytes: Array(key.utf8), options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }

    public static func decodeString(_ token: String) throws -> String {
        guard let bytes = try? Base64.decode(string: token, options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            let key = String(validating: bytes, as: UTF8.self), !key.isEmpty
        else {
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
