import Foundation
import HTTPTypes

extension HTTPResponder.Head {
    /// What the routes need of a request head, read in one pass over its fields; the same over HTTP/1.1 and HTTP/2,
    /// since both codecs hand over an `HTTPRequest`.
    init(_ request: HTTPRequest) {
        let path = request.path ?? ""
        self.init(method: request.method.rawValue, path: String(path.split(separator: "?", maxSplits: 1).first ?? ""))
        for field in request.headerFields {
            switch field.name {
            case .contentType: self.contentType = field.value
            case .contentLength: self.contentLength = Int(field.value)
            default: self.metadata.take(name: field.name.canonicalName, value: field.value)
            }
        }
        if self.metadata.requestID == nil { self.metadata.requestID = RequestMetadata.makeRequestID() }
    }
}

extension HTTPRequest {
    /// The query parameters of the path (`a=b&c=d`), percent-decoded, the last value of a name winning.
    var queryParameters: [String: String] {
        guard let path = self.path, let mark = path.firstIndex(of: "?") else { return [:] }
        var query: [String: String] = [:]
        for pair in path[path.index(after: mark)...].split(separator: "&") {
            // `=` alone, or `=x`, has no name: skipped.
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first, !name.isEmpty else { continue }
            let key = String(name).removingPercentEncoding ?? String(name)
            let text = parts.count > 1 ? String(parts[1]) : ""
            query[key] = text.removingPercentEncoding ?? text
        }
        return query
    }
}
