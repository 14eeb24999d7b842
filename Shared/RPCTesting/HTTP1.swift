import Foundation
import JSONRPC

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP/1.1 requests (Foundation's URLSession, which is libcurl on Linux): a client the project did not write,
/// speaking the protocol probes and scrapers use.
public enum HTTP1 {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
        public var json: JSONValue? { try? JSONCoding.decoder.decode(JSONValue.self, from: Data(self.body.utf8)) }
    }

    public static func post(
        port: Int,
        path: String = "/rpc",
        body: String,
        contentType: String = "application/json",
        headers: [String: String] = [:]
    ) async throws -> Response {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue(contentType, forHTTPHeaderField: "content-type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await self.send(request)
    }

    public static func get(port: Int, path: String) async throws -> Response {
        try await self.send(URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!))
    }

    public static func send(_ request: URLRequest) async throws -> Response {
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        return Response(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }
}
