import Foundation
import JSONRPC
import NIOCore
import Synchronization

/// The routes of a service's port, shared by the HTTP/1.1 and HTTP/2 handlers (PROTOCOL.md, "Transport").
///
/// `POST /rpc` goes to the dispatcher; `GET /healthz`, `/readyz`, `/metrics` and the documents a service
/// published (``RPCMethods/publish(path:contentType:_:)``) answer directly.
public final class HTTPResponder: Sendable {
    let dispatcher: RPCDispatcher
    let state: ServerState

    init(dispatcher: RPCDispatcher, state: ServerState) {
        self.dispatcher = dispatcher
        self.state = state
    }

    var limits: RPCLimits { self.dispatcher.limits }
    var maxBodyBytes: Int { self.dispatcher.limits.maxBodyBytes }

    /// What the handlers learnt from the request head.
    struct Head {
        var method: String
        var path: String
        var contentType: String?
        var contentLength: Int?
        var metadata = RequestMetadata()
    }

    struct Response {
        var status: Int
        var contentType: String?
        var body: Data?
        var extraHeaders: [(String, String)] = []

        static func json(_ body: Data?) -> Response {
            body.map { Response(status: 200, contentType: "application/json", body: $0) } ?? Response(status: 204)
        }
        static func text(_ status: Int, _ text: String) -> Response {
            Response(status: status, contentType: "text/plain; charset=utf-8", body: Data((text + "\n").utf8))
        }
    }

    enum Outcome {
        case now(Response)
        case deferred(work: @Sendable () async -> Data?, deadline: ContinuousClock.Instant, onTimeout: @Sendable () -> Data?)
    }

    /// The streamed route serving `head`'s path, if any.
    func streamRoute(for head: Head) -> StreamRoute? {
        let routes = self.dispatcher.methods.streamRoutes
        guard !routes.isEmpty else { return nil }
        return routes.first { head.path.hasPrefix($0.pathPrefix) }
    }

    /// The refusal of a streamed route's request that can be given from the head alone (method not served).
    func streamRefusal(for head: Head, route: StreamRoute) -> Response? {
        guard route.methods.contains(head.method) else {
            var response = Response.text(405, "405 method not allowed on \(route.pathPrefix)")
            response.extraHeaders = [("allow", route.methods.sorted().joined(separator: ", "))]
            return response
        }
        return nil
    }

    /// A refusal that can be given from the head alone (wrong path, method or content type); nil to read the body.
    func refusal(for head: Head) -> Response? {
        switch head.path {
        case "/rpc":
            guard head.method == "POST" else {
                var response = Response.text(405, "405 method not allowed: use POST /rpc")
                response.extraHeaders = [("allow", "POST")]
                return response
            }
            guard Self.isJSON(head.contentType) else {
                return .text(415, "415 unsupported media type: send content-type: application/json")
            }
            if let length = head.contentLength, length > self.maxBodyBytes {
                return .text(413, "413 request body of \(length) bytes exceeds the limit of \(self.maxBodyBytes)")
            }
            return nil
        case _
        where ["/healthz", "/readyz", "/metrics"].contains(head.path)
            || self.dispatcher.methods.documents[head.path] != nil:
            guard head.method == "GET" || head.method == "HEAD" else {
                var response = Response.text(405, "405 method not allowed: use GET \(head.path)")
                response.extraHeaders = [("allow", "GET, HEAD")]
                return response
            }
            return nil
        case _ where self.streamRoute(for: head) != nil:
            // Only reached over HTTP/1.1: the HTTP/2 handler serves streamed routes before asking for refusals.
            return .text(505, "505 \(head.path) is served over HTTP/2 only (h2c or TLS with ALPN h2)")
        default:
            return .text(404, "404 not found: JSON-RPC is served at POST /rpc")
        }
    }

    /// The answer to a request whose body (within the limit) has been read.
    func respond(to head: Head, body: Data) -> Outcome {
        switch head.path {
        case "/healthz":
            return .now(.text(200, "ok"))
        case "/readyz":
            return .now(self.state.isReady ? .text(200, "ready") : .text(503, "not ready"))
        case "/metrics":
            return .now(
                Response(
                    status: 200,
                    contentType: "text/plain; version=0.0.4; charset=utf-8",
                    body: Data(self.dispatcher.metrics.exposition())
                )
            )
        case _ where self.dispatcher.methods.documents[head.path] != nil:
            let document = self.dispatcher.methods.documents[head.path]!
            return .now(Response(status: 200, contentType: document.contentType, body: document.body()))
        default:
            switch self.dispatcher.handle(body: body, metadata: head.metadata) {
            case .immediate(let body): return .now(.json(body))
            case .deferred(let work, let deadline, let onTimeout):
                return .deferred(work: work, deadline: deadline, onTimeout: onTimeout)
            }
        }
    }

    /// Whether the media type (before any `;` parameters, case and surrounding blanks ignored) is
    /// `application/json`. Compared byte by byte: it runs on every call, and Foundation's trimming and lowercasing
    /// cost 3 % of a database read's time here (perf).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        if contentType == "application/json" { return true }
        let expected = Array("application/json".utf8)
        var matched = 0
        var trailing = false  // past the media type: only blanks, then `;` or the end, may follow
        for byte in contentType.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if matched > 0 { trailing = true }
                continue
            }
            if byte == UInt8(ascii: ";") { break }
            guard !trailing, matched < expected.count else { return false }
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
            guard lowered == expected[matched] else { return false }
            matched += 1
        }
        return matched == expected.count
    }
}

/// Whether the service is ready and whether it is draining for shutdown.
public final class ServerState: Sendable {
    private let draining = Atomic<Bool>(false)
    private let ready = Atomic<Bool>(true)

    public init() {}

    /// 200 on `/readyz` and `SERVING` from `health.check` while ready and not draining.
    public var isReady: Bool { self.ready.load(ordering: .relaxed) && !self.draining.load(ordering: .relaxed) }

    public func setReady(_ value: Bool) { self.ready.store(value, ordering: .relaxed) }

    func startDraining() { self.draining.store(true, ordering: .relaxed) }
}
