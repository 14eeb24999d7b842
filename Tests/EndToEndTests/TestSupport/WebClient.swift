import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A browser's part of HTTP/1.1 for the console's tests: cookies kept per client, redirects not followed (the test
/// reads each 303 and its Location), forms posted URL-encoded.
final class WebClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    struct Page {
        var status: Int
        var headers: [String: String]
        var body: String
        func header(_ name: String) -> String? { self.headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    let base: String
    private let lock = NSLock()
    private var cookies: [String: String] = [:]
    private lazy var session = URLSession(
        configuration: {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpShouldSetCookies = false
            configuration.httpCookieAcceptPolicy = .never
            return configuration
        }(),
        delegate: self,
        delegateQueue: nil
    )

    init(base: String) { self.base = base }

    func cookie(_ name: String) -> String? { self.lock.withLock { self.cookies[name] } }

    func get(_ path: String) async throws -> Page { try await self.send(URLRequest(url: URL(string: self.base + path)!)) }

    func post(_ path: String, form: [String: String]) async throws -> Page {
        var request = URLRequest(url: URL(string: self.base + path)!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        request.httpBody = Data(
            form.sorted { $0.key < $1.key }.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&").utf8
        )
        return try await self.send(request)
    }

    private func send(_ request: URLRequest) async throws -> Page {
        var request = request
        let jar = self.lock.withLock { self.cookies }
        if !jar.isEmpty { request.setValue(jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie") }
        let (data, response): (Data, URLResponse) = try await withCheckedThrowingContinuation { continuation in
            self.session.dataTask(with: request) { data, response, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: (data ?? Data(), response!)) }
            }.resume()
        }
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
        // Set-Cookie: name=value; attributes (the console sets Max-Age, never Expires, so a comma separates cookies).
        if let setCookie = headers.first(where: { $0.key.lowercased() == "set-cookie" })?.value {
            for cookie in setCookie.components(separatedBy: ", ") {
                guard let pair = cookie.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
                let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
                let value = String(pair[pair.index(after: equals)...])
                let expired = cookie.lowercased().contains("max-age=0")
                self.lock.withLock { self.cookies[name] = expired || value.isEmpty ? nil : value }
            }
        }
        return Page(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

extension WebClient.Page {
    /// The value of the hidden `csrf` field of the page's first form.
    var csrf: String? {
        guard let range = self.body.range(of: #"name="csrf" value=""#) else { return nil }
        return String(self.body[range.upperBound...].prefix { $0 != "\"" })
    }
}
