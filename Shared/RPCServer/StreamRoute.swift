import Auth
import JSONRPC
import Logging
import NIOCore

/// A route served beside `POST /rpc` whose bodies stream instead of being held in memory: file uploads and
/// downloads (PROTOCOL.md allows such routes on the RPC port, with the same bearer-token auth).
///
/// The handler reads the request body as an async sequence whose demand is the HTTP/2 flow-control window, so a
/// slow disk slows the sender instead of filling memory, and writes its answer through a ``StreamResponseWriter``
/// that waits for each chunk to leave. Served over HTTP/2 only; HTTP/1.1 callers are told so (505).
public struct StreamRoute: Sendable {
    /// The paths served: every path that starts with it (e.g. `/files/`).
    public let pathPrefix: String
    /// The HTTP methods served (e.g. `GET`, `HEAD`, `PUT`).
    public let methods: Set<String>
    let handler: @Sendable (StreamRequest, any StreamResponseWriter) async throws -> Void

    /// - Parameter handler: answers one request; a thrown ``RPCError`` becomes the matching HTTP status with the
    ///   error as a JSON body (`{"error": {…}}`), if nothing was written yet.
    public init(
        pathPrefix: String,
        methods: Set<String>,
        handler: @escaping @Sendable (StreamRequest, any StreamResponseWriter) async throws -> Void
    ) {
        precondition(
            pathPrefix.hasPrefix("/") && pathPrefix.hasSuffix("/") && pathPrefix != "/rpc/",
            "a stream route's prefix is a path ending in /"
        )
        self.pathPrefix = pathPrefix
        self.methods = methods
        self.handler = handler
    }
}

/// One request on a ``StreamRoute``.
public struct StreamRequest: Sendable {
    public let method: String
    /// The path after the route's prefix, percent-decoding left to the handler.
    public let subpath: String
    /// The query parameters (`a=b&c=d`), last value wins.
    public let query: [String: String]
    /// Lowercased header names and their values.
    public let headers: [String: String]
    /// The verified caller; nil when no token was sent.
    public let principal: Principal?
    public let requestID: String
    public let logger: Logger
    /// The request body, chunk by chunk; ends when the client ends the stream, throws if the client resets it.
    public let body: StreamRequestBody

    /// The declared `content-length`, when sent.
    public var contentLength: Int64? { self.headers["content-length"].flatMap { Int64($0) } }
}

/// The body of a streamed request; iterate it once.
public struct StreamRequestBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    let next: @Sendable () async throws -> ByteBuffer?

    public struct AsyncIterator: AsyncIteratorProtocol {
        let next: @Sendable () async throws -> ByteBuffer?
        public mutating func next() async throws -> ByteBuffer? { try await self.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(next: self.next) }
}

/// Writes the answer of a streamed request: the head once, then body chunks, then the end.
public protocol StreamResponseWriter: Sendable {
    /// Sends the status and headers (content-type, content-length, …); call once, before any body.
    func writeHead(status: Int, headers: [(String, String)]) async throws
    /// Sends a chunk and waits until the connection has taken it (backpressure).
    func writeBody(_ chunk: ByteBuffer) async throws
    /// Ends the response (after the head, with or without a body).
    func end() async throws
}

extension StreamResponseWriter {
    /// A whole small answer in one go: head, JSON body, end.
    public func writeJSON(status: Int = 200, _ bytes: [UInt8]) async throws {
        try await self.writeHead(
            status: status,
            headers: [
                ("content-type", "application/json"),
                ("content-length", String(bytes.count)),
            ]
        )
        try await self.writeBody(ByteBuffer(bytes: bytes))
        try await self.end()
    }
}

extension RPCStatus {
    /// The HTTP status a streamed route answers an error of this status with.
    public var httpStatus: Int {
        switch self {
        case .invalidArgument, .outOfRange: 400
        case .unauthenticated: 401
        case .permissionDenied: 403
        case .notFound: 404
        case .alreadyExists, .aborted: 409
        case .failedPrecondition: 412
        case .resourceExhausted: 413
        case .unimplemented: 501
        case .unavailable: 503
        case .deadlineExceeded: 504
        case .cancelled: 499
        case .unknown, .internal, .dataLoss: 500
        }
    }
}
