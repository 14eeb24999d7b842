import Auth
import Foundation
import NIOCore
import NIOFoundationCompat

/// A request body being buffered within its limits: the request's own (smaller while the caller has no verified
/// token) and the connection's and process's budgets, which every byte is reserved from until the request is done.
struct RequestBody {
    private var bytes: ByteBuffer?
    /// Bytes reserved from the budgets, by whether they came from the share of callers without a verified token.
    private var reserved = 0
    private var reservedAnonymously = 0
    /// The first chunk is held as NIO handed it, a slice of its read buffer, until the read burst ends: a body that
    /// ends within the burst (the usual case) is then copied once, into the `Data` the dispatcher takes.
    private var holdsReadBuffer = false
    /// The most this request may send: the service's limit, or the anonymous one.
    private(set) var limit: Int
    private let limits: RPCLimits

    /// Who the caller is, as far as the request head tells without suspending.
    enum Caller {
        /// A token verified before (the verifier's cache), or no verifier to ask.
        case verified
        /// No bearer token at all.
        case anonymous
        /// A token not seen before: verified in a task while the body arrives.
        case unverified(String, TokenVerifier)
    }

    init(caller: Caller, limits: RPCLimits) {
        self.limits = limits
        if case .anonymous = caller { self.limit = Self.anonymousLimit(limits) } else { self.limit = limits.maxBodyBytes }
    }

    static func anonymousLimit(_ limits: RPCLimits) -> Int { min(limits.maxAnonymousBodyBytes, limits.maxBodyBytes) }

    /// With no verifier (a server that checks no tokens) every caller counts as anonymous: no method there can
    /// need a large body from a verified caller.
    /// A verified caller is recorded in `metadata` for the dispatcher.
    static func caller(of metadata: inout RequestMetadata, verifier: TokenVerifier?) -> Caller {
        guard let token = metadata.bearerToken, let verifier else { return .anonymous }
        if let principal = verifier.cachedPrincipal(token) {
            metadata.knownPrincipal = principal
            return .verified
        }
        return .unverified(token, verifier)
    }

    /// Whether the body is still held to the anonymous limit (and so to the anonymous share of the budgets, and to
    /// one body deadline rather than one per received frame).
    var isAnonymous: Bool { self.limit < self.limits.maxBodyBytes }

    var count: Int { self.bytes?.readableBytes ?? 0 }

    private static let allocator = ByteBufferAllocator()

    /// Adds `incoming`, or answers the refusal to send at once (the body is then dropped and its bytes released).
    mutating func append(_ incoming: inout ByteBuffer, guard connectionGuard: ConnectionGuard) -> HTTPResponder.Response? {
        let size = incoming.readableBytes
        guard self.count + size <= self.limit else {
            let refusal = self.limit < self.limits.maxBodyBytes ? Self.unauthenticated(self.limit) : Self.tooLarge(self.limit)
            self.drop(guard: connectionGuard)
            return refusal
        }
        let anonymous = self.isAnonymous
        guard connectionGuard.reserve(size, anonymous: anonymous) else {
            self.drop(guard: connectionGuard)
            return Self.busy
        }
        if anonymous { self.reservedAnonymously += size } else { self.reserved += size }
        if var held = self.bytes {
            self.bytes = nil  // keeps `held` uniquely referenced, so the append does not copy it
            held.writeBuffer(&incoming)
            self.bytes = held
        } else {
            self.bytes = incoming
            self.holdsReadBuffer = true
        }
        return nil
    }

    /// The read burst ended with the body unfinished: a chunk still held as NIO handed it is copied, since holding
    /// a slice would keep NIO's whole read buffer alive while counting only the slice.
    mutating func readBurstEnded() {
        guard self.holdsReadBuffer, let held = self.bytes else { return }
        self.holdsReadBuffer = false
        var copy = Self.allocator.buffer(capacity: held.readableBytes)
        copy.writeImmutableBuffer(held)
        self.bytes = copy
    }

    /// The caller's token was found not valid: the anonymous limit applies from now on.
    mutating func tokenRejected(guard connectionGuard: ConnectionGuard) -> HTTPResponder.Response? {
        self.limit = Self.anonymousLimit(self.limits)
        guard self.count > self.limit else { return nil }
        self.drop(guard: connectionGuard)
        return Self.unauthenticated(self.limit)
    }

    /// The whole body, as the dispatcher takes it; the bytes stay reserved until ``release(guard:)``.
    mutating func take() -> Data {
        defer {
            self.bytes = nil
            self.holdsReadBuffer = false
        }
        return self.bytes.map { Data(buffer: $0) } ?? Data()
    }

    /// Gives the reserved bytes back (the request was answered or its stream went away).
    mutating func release(guard connectionGuard: ConnectionGuard) {
        connectionGuard.release(self.reserved, anonymous: false)
        connectionGuard.release(self.reservedAnonymously, anonymous: true)
        self.reserved = 0
        self.reservedAnonymously = 0
    }

    private mutating func drop(guard connectionGuard: ConnectionGuard) {
        self.bytes = nil
        self.holdsReadBuffer = false
        self.release(guard: connectionGuard)
    }

    static func tooLarge(_ limit: Int) -> HTTPResponder.Response {
        .text(413, "413 request body exceeds the limit of \(limit) bytes")
    }

    static func unauthenticated(_ limit: Int) -> HTTPResponder.Response {
        .text(401, "401 a request without a valid access token may send at most \(limit) bytes")
    }

    static var busy: HTTPResponder.Response {
        var response = HTTPResponder.Response.text(503, "503 the server holds as many request bodies as it may; retry shortly")
        response.extraHeaders = [("retry-after", "1")]
        return response
    }

    static func stalled(_ timeout: Duration) -> HTTPResponder.Response {
        .text(408, "408 the request body stalled: no byte for \(timeout.components.seconds) s")
    }
}
