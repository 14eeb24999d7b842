import Foundation
import JSONRPC

/// Splits what an import sends into pages whose JSON stays within what a service takes in one call (1 MiB by
/// default), also capped at `maxCount` items; the same items always make the same pages, so a rerun's idempotency
/// keys name the same calls.
enum Pages {
    /// Room left for the envelope and the params' other members.
    static let maxBytes = 900 << 10

    static func of<T: Encodable>(_ items: [T], maxCount: Int, maxBytes: Int = Self.maxBytes) -> [[T]] {
        var pages: [[T]] = []
        var page: [T] = []
        var size = 0
        for item in items {
            let itemSize = ((try? JSONCoding.encoder.encode(item))?.count ?? maxBytes) + 1
            if !page.isEmpty, page.count >= maxCount || size + itemSize > maxBytes {
                pages.append(page)
                page = []
                size = 0
            }
            page.append(item)
            size += itemSize
        }
        if !page.isEmpty { pages.append(page) }
        return pages
    }
}
