import Foundation
import JSONRPC
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
import Synchronization

/// JSON-RPC over HTTP/2 to one peer: h2c with prior knowledge, or TLS with ALPN `h2`.
///
/// One connection per peer, multiplexing every call as its own stream (as a gRPC channel does); a lost connection
/// is re-established on the next call, after a backoff that grows while the peer stays down. Calls carry the
/// deadline (`rpc-timeout-ms`), `traceparent` and `x-request-id` of the call being served, if any. Idempotent methods
/// are retried on `UNAVAILABLE` while their deadline allows; any method is sent again when the server certainly
/// never processed it (no connection, the stream not written, or excluded by the server's GOAWAY).
///
/// Written on swift-nio-http2 because AsyncHTTPClient speaks HTTP/2 only over TLS (STACK-NOTES.md).
public final class HTTP2Transport: RPCTransport, Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Speak TLS; with `trustRoots` nil, the system's roots verify the peer.
        public var useTLS: Bool
        /// PEM file of extra trusted roots (e.g. a platform's own CA).
        public var trustRootsPath: String?
        /// Skip certificate verification (tests with self-signed certificates only).
        public var insecureSkipVerify: Bool
        /// The deadline of a call when neither the caller nor the current call sets one.
        public var defaultTimeout: Duration
        /// How many times an idempotent call is retried after `UNAVAILABLE`.
        public var maxRetries: Int
        public var connectTimeout: Duration

        public init(
            host: String,
            port: Int,
            useTLS: Bool = false,
            trustRootsPath: String? = nil,
            insecureSkipVerify: Bool = false,
            defaultTimeout: Duration = .seconds(30),
            maxRetries: Int = 3,
            connectTimeout: Duration = .seconds(5)
        ) {
            self.host = host
            self.port = port
            self.useTLS = useTLS
            self.trustRootsPath = trustRootsPath
            self.insecureSkipVerify = insecureSkipVerify
            self.defaultTimeout = defaultTimeout
            self.maxRetries = maxRetries
            self.connectTimeout = connectTimeout
        }

        /// Reads `http://host:port` (h2c) or `https://host:port` (TLS).
        public init(url: String) throws {
            guard let components = URLComponents(string: url), let host = components.host,
                let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https"
            else { throw RPCError.invalidArgument("'\(url)' is not an http:// or https:// URL") }
            self.init(host: host, port: components.port ?? (scheme == "https" ? 443 : 80), useTLS: scheme == "https")
        }
    }

    public let configuration: Configuration
    let group: any EventLoopGroup
    private let tokenProvider: @Sendable () async -> String?
    let connectionState: Mutex<ConnectionState>
    let sslContext: NIOSSLContext?

    enum ConnectionState {
        case idle(failures: Int, retryAfter: ContinuousClock.Instant?)
        case connecting(EventLoopFuture<Connection>)
        case ready(Connection)
    }

    struct Connection: Sendable {
        let channel: any Channel
        let multiplexer: NIOHTTP2Handler.StreamMultiplexer
        /// Set when the server sent GOAWAY: the connection then takes no new call.
        let goAway: GoAwayRecord
    }

    /// - Parameters:
    ///   - tokenProvider: the access token to send when the call carries none of its own.
    public init(
        configuration: Configuration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        tokenProvider: @escaping @Sendable () async -> String? = { nil }
    ) throws {
        self.configuration = configuration
        self.group = group
        self.tokenProvider = tokenProvider
        self.connectionState = Mutex(.idle(failures: 0, retryAfter: nil))
        if configuration.useTLS {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.applicationProtocols = ["h2"]
            if let roots = configuration.trustRootsPath { tls.trustRoots = .file(roots) }
            if configuration.insecureSkipVerify { tls.certificateVerification = .none }
            self.sslContext = try NIOSSLContext(configuration: tls)
        } else {
            self.sslContext = nil
        }
    }

    public convenience init(url: String, token: String? = nil) throws {
        try self.init(configuration: Configuration(url: url), tokenProvider: { token })
    }

    /// Closes the connection; later calls open a new one.
    public func close() async {
        let state = self.connectionState.withLock { state -> ConnectionState in
            defer { state = .idle(failures: 0, retryAfter: nil) }
            return state
        }
        if case .ready(let connection) = state { try? await connection.channel.close() }
    }

    // MARK: - Calls

    public func send(_ body: Data, options: CallOptions) async throws -> Data? {
        let deadline = self.deadline(for: options)
        var attempt = 0
        while true {
            do {
                return try await self.sendOnce(body, options: options, deadline: deadline)
            } catch let error as RPCError
                where error.status == .unavailable && (options.idempotent || error.cause is CallNotProcessed)
                && attempt < self.configuration.maxRetries && ContinuousClock.now < deadline
            {
                attempt += 1
                let pause = Duration.milliseconds(25 * (1 << min(attempt, 6)))
                if ContinuousClock.now + pause >= deadline { throw error }
                try await Task.sleep(for: pause)
            }
        }
    }

    private func deadline(for options: CallOptions) -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        var deadline = now + (options.timeout ?? self.configuration.defaultTimeout)
        if options.timeout == nil, let inherited = PropagatedContext.current?.deadline { deadline = inherited }
        if let timeout = options.timeout, let inherited = PropagatedContext.current?.deadline {
            deadline = min(now + timeout, inherited)
        }
        return deadline
    }

    private func sendOnce(_ body: Data, options: CallOptions, deadline: ContinuousClock.Instant) async throws -> Data? {
        guard deadline > ContinuousClock.now else {
            throw RPCError.deadlineExceeded("deadline passed before calling \(options.methodName)")
        }
        let headers = await self.headers(options: options, bodyLength: body.count)
        let opening = try self.connection()
        let response = opening.eventLoop.makePromise(of: StreamResponse.self)
        // The stream is opened and written on the event loop as soon as the connection is up, with no task in
        // between: a busy process would otherwise leave a new connection silent past the server's header timeout.
        opening.whenComplete { result in
            switch result {
            case .success(let connection):
                self.startCall(on: connection, headers: headers, body: body, deadline: deadline, response: response)
            case .failure(let error):
                response.fail(
                    RPCError.unavailable("cannot connect to \(self.peer): \(error)").caused(by: CallNotProcessed(error))
                )
            }
        }
        do {
            return try self.interpret(try await response.futureResult.get(), method: options.methodName)
        } catch let error as RPCError {
            throw error
        } catch is DeadlinePassed {
            throw RPCError.deadlineExceeded("\(options.methodName) on \(self.peer) did not answer in time")
        } catch let notProcessed as CallNotProcessed {
            throw RPCError.unavailable("\(self.peer) did not take \(options.methodName): \(notProcessed)").caused(by: notProcessed)
        } catch {
            throw RPCError.unavailable("\(self.peer) failed during \(options.methodName): \(error)").caused(by: error)
        }
    }

    /// Opens the call's stream on `connection` and writes the call; on the connection's event loop. `response`
    /// fails with ``CallNotProcessed`` when the server certainly never saw the call.
    private func startCall(
        on connection: Connection,
        headers: HPACKHeaders,
        body: Data,
        deadline: ContinuousClock.Instant,
        response: EventLoopPromise<StreamResponse>
    ) {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return response.fail(DeadlinePassed()) }
        var withDeadline = headers
        withDeadline.add(name: "rpc-timeout-ms", value: String(max(1, remaining.nanosecondsClamped / 1_000_000)))
        let callHeaders = withDeadline
        let received = connection.channel.eventLoop.makePromise(of: StreamResponse.self)
        connection.multiplexer.createStreamChannel { stream in
            stream.eventLoop.makeCompletedFuture {
                try stream.pipeline.syncOperations.addHandler(ResponseCollector(promise: received))
            }
        }.whenComplete { result in
            switch result {
            case .success(let stream):
                self.write(callHeaders, body, on: stream, goAway: connection.goAway, received: received, response: response)
                let timer = stream.eventLoop.scheduleTask(in: .nanoseconds(remaining.nanosecondsClamped)) {
                    response.fail(DeadlinePassed())
                    stream.close(promise: nil)
                }
                response.futureResult.whenComplete { _ in timer.cancel() }
            case .failure(let error):
                self.connectionFailed(connection)
                received.fail(error)
                response.fail(
                    RPCError.unavailable("cannot open a stream to \(self.peer): \(error)").caused(by: CallNotProcessed(error))
                )
            }
        }
    }

    /// Writes the call on its stream and passes the answer (or why there is none) to `response`; on the stream's
    /// event loop.
    private func write(
        _ headers: HPACKHeaders,
        _ body: Data,
        on stream: any Channel,
        goAway: GoAwayRecord,
        received: EventLoopPromise<StreamResponse>,
        response: EventLoopPromise<StreamResponse>
    ) {
        // The stream's ID exists once its HEADERS are flushed; a GOAWAY naming a lower last stream means the server
        // never processed it, whether the stream then ends as StreamClosed or, the connection closing first, as EOF.
        let streamID = NIOLoopBoundBox<HTTP2StreamID?>(nil, eventLoop: stream.eventLoop)
        received.futureResult.whenComplete { result in
            switch result {
            case .success(let answer):
                response.succeed(answer)
            case .failure(let error):
                if let id = streamID.value, goAway.refused(id) {
                    response.fail(CallNotProcessed("the server's GOAWAY excluded stream \(id) (\(error))"))
                } else {
                    response.fail(error)
                }
            }
        }
        let headersWritten = stream.eventLoop.makePromise(of: Void.self)
        headersWritten.futureResult.whenFailure { error in response.fail(CallNotProcessed(error)) }
        stream.write(HTTP2Frame.FramePayload.headers(.init(headers: headers)), promise: headersWritten)
        var buffer = stream.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        stream.writeAndFlush(HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(buffer), endStream: true)), promise: nil)
        // Assigned by the flush, before any answer can arrive.
        streamID.value = try? stream.syncOptions?.getOption(HTTP2StreamChannelOptions.streamID)
    }

    private func interpret(_ response: StreamResponse, method: String) throws -> Data? {
        switch response.status {
        case 200:
            return response.body.map { Data(buffer: $0) } ?? Data()
        case 204:
            return nil
        case 503:
            throw RPCError.unavailable("\(self.peer) is not serving (503)")
        case 413:
            let text = response.body.map { String(buffer: $0) } ?? ""
            throw RPCError(.resourceExhausted, "\(self.peer) refused the body of \(method) as too large: \(text)")
        case 401:
            let text = response.body.map { String(buffer: $0) } ?? ""
            throw RPCError(.unauthenticated, "\(self.peer) refused \(method): \(text)")
        default:
            let text = response.body.map { String(buffer: $0) } ?? ""
            throw RPCError(.internal, "\(self.peer) answered HTTP \(response.status) to \(method): \(text)")
        }
    }

    /// The call's headers but its deadline, which is written when the stream opens.
    private func headers(options: CallOptions, bodyLength: Int) async -> HPACKHeaders {
        let propagated = PropagatedContext.current
        var headers = HPACKHeaders()
        headers.reserveCapacity(10)
        headers.add(name: ":method", value: "POST")
        headers.add(name: ":scheme", value: self.configuration.useTLS ? "https" : "http")
        headers.add(name: ":authority", value: "\(self.configuration.host):\(self.configuration.port)")
        headers.add(name: ":path", value: "/rpc")
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(bodyLength))
        // A handler's calls act on behalf of its caller unless they say otherwise.
        var token = options.bearerToken ?? propagated?.bearerToken
        if token == nil { token = await self.tokenProvider() }
        if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
        if let key = options.idempotencyKey { headers.add(name: "idempotency-key", value: key) }
        if let requestID = options.requestID ?? propagated?.requestID { headers.add(name: "x-request-id", value: requestID) }
        if let traceparent = propagated?.traceparent { headers.add(name: "traceparent", value: traceparent) }
        return headers
    }

    var peer: String { "\(self.configuration.host):\(self.configuration.port)" }

    /// The token of the call being served, else the transport's own.
    func currentToken() async -> String? {
        if let token = PropagatedContext.current?.bearerToken { return token }
        return await self.tokenProvider()
    }
}

struct DeadlinePassed: Error {}
