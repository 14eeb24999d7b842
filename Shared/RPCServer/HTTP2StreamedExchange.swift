import Auth
import Foundation
import JSONRPC
import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2

/// One HTTP/2 stream served by a ``StreamRoute``: the request body flows to the handler's task through a
/// back-pressured async sequence, the answer flows back through a writer that awaits each write.
///
/// Back-pressure: the stream channel's auto-read is turned off, so DATA frames are only read (and the HTTP/2
/// flow-control window only reopened) while the handler keeps up. NIO's `NIOThrowingAsyncSequenceProducer` is the
/// library piece for this bridge; only the wiring to the stream handler is written here.
final class HTTP2StreamedExchange {
    typealias Producer = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Demand
    >

    /// Why the request body ended early.
    struct ClientAborted: Error {}

    private var source: Producer.Source?
    private let demand: Demand
    private var requestEnded = false
    private var task: Task<Void, Never>?

    init(
        route: StreamRoute,
        head: HTTPResponder.Head,
        query: [String: String],
        headers: [String: String],
        responder: HTTPResponder,
        context: ChannelHandlerContext
    ) {
        context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.demand = Demand(context: loopContext)
        let producer = Producer.makeSequence(
            backPressureStrategy: .init(lowWatermark: 4, highWatermark: 16),
            finishOnDeinit: false,
            delegate: self.demand
        )
        self.source = producer.source
        let body = StreamRequestBody(next: Self.iterate(producer.sequence))
        let writer = HTTP2StreamResponseWriter(
            context: loopContext,
            requestID: head.metadata.requestID,
            headOnly: head.method == "HEAD"
        )
        let logger = responder.dispatcher.logger
        let verifier = responder.dispatcher.verifier
        let subpath = String(head.path.dropFirst(route.pathPrefix.count))
        self.task = nil
        self.task = Self.spawn(
            Handling(
                route: route,
                head: head,
                subpath: subpath,
                query: query,
                headers: headers,
                body: body,
                writer: writer,
                verifier: verifier,
                logger: logger
            ),
            exchange: NIOLoopBound(self, eventLoop: context.eventLoop),
            context: loopContext
        )
    }

    /// Everything the handler's task needs, gathered so the task captures Sendable values only.
    private struct Handling: Sendable {
        let route: StreamRoute
        let head: HTTPResponder.Head
        let subpath: String
        let query: [String: String]
        let headers: [String: String]
        let body: StreamRequestBody
        let writer: HTTP2StreamResponseWriter
        let verifier: TokenVerifier?
        let logger: Logger
    }

    private static func spawn(
        _ handling: Handling,
        exchange: NIOLoopBound<HTTP2StreamedExchange>,
        context: NIOLoopBound<ChannelHandlerContext>
    ) -> Task<Void, Never> {
        let eventLoop = context.value.eventLoop
        return Task {
            await Self.serve(handling)
            await handling.writer.closeIfUnfinished()
            // An answer given before the upload ended (wrong type, too big, refused): reset the stream with
            // NO_ERROR rather than read a body nobody wants; the client keeps the answer (RFC 9113, section 8.1).
            eventLoop.execute {
                if !exchange.value.requestEnded {
                    context.value.writeAndFlush(NIOAny(HTTP2Frame.FramePayload.rstStream(.noError)), promise: nil)
                }
                exchange.value.finish(nil)
                exchange.value.task = nil
            }
        }
    }

    /// A DATA frame arrived.
    func received(_ bytes: ByteBuffer, endStream: Bool) {
        guard let source = self.source else { return }
        if bytes.readableBytes > 0, source.yield(bytes) == .stopProducing { self.demand.wanted.value = false }
        if endStream { self.finish(nil) }
    }

    /// The client ended the stream with its HEADERS (no body).
    func requestHeadersEnded() { self.finish(nil) }

    /// The read burst is over: ask for more frames if the handler keeps up.
    func readComplete(context: ChannelHandlerContext) {
        if !self.requestEnded, self.demand.wanted.value { context.read() }
    }

    /// The stream closed or failed before the request ended: the handler's body iteration throws.
    func abort() {
        if !self.requestEnded { self.finish(ClientAborted()) }
    }

    private func finish(_ error: (any Error)?) {
        guard self.source != nil else { return }
        self.requestEnded = true
        if let error { self.source?.finish(error) } else { self.source?.finish() }
        self.source = nil
    }

    private static func iterate(_ sequence: Producer) -> @Sendable () async throws -> ByteBuffer? {
        let iterator = IteratorBox(sequence.makeAsyncIterator())
        return { try await iterator.next() }
    }

    private static func serve(_ handling: Handling) async {
        let (route, head, writer, logger) = (handling.route, handling.head, handling.writer, handling.logger)
        let requestID = head.metadata.requestID ?? RequestMetadata.makeRequestID()
        do {
            var principal: Principal?
            if let token = head.metadata.bearerToken {
                guard let verifier = handling.verifier else { throw RPCError.unavailable("this service has no key set to verify access tokens") }
                principal = try await verifier.verify(token)
            }
            var requestLogger = logger
            requestLogger[metadataKey: "request.id"] = .string(requestID)
            let request = StreamRequest(
                method: head.method,
                subpath: handling.subpath,
                query: handling.query,
                headers: handling.headers,
                principal: principal,
                requestID: requestID,
                logger: requestLogger,
                body: handling.body
            )
            // Calls the handler makes to other services act on the caller's behalf, as for RPC methods.
            let propagated = PropagatedContext(requestID: requestID, bearerToken: head.metadata.bearerToken)
            try await PropagatedContext.$current.withValue(propagated) { try await route.handler(request, writer) }
        } catch is ClientAborted {
            logger.debug("client abandoned the request", metadata: ["path": "\(head.path)"])
        } catch let error as ChannelError {
            logger.debug("client went away", metadata: ["path": "\(head.path)", "error": "\(error)"])
        } catch {
            let rpcError: RPCError
            switch error {
            case let error as RPCError: rpcError = error
            case let error as any RPCErrorConvertible: rpcError = error.rpcError
            default:
                logger.error("stream route failed", metadata: ["path": "\(head.path)", "error": "\(error)"])
                rpcError = .internalError()
            }
            await writer.fail(with: rpcError)
        }
    }
}

extension HTTP2StreamedExchange {
    /// The consumer's demand, read and written on the stream's event loop.
    final class Demand: NIOAsyncSequenceProducerDelegate {
        let wanted: NIOLoopBoundBox<Bool>
        private let context: NIOLoopBound<ChannelHandlerContext>

        init(context: NIOLoopBound<ChannelHandlerContext>) {
            self.context = context
            self.wanted = .makeBoxSendingValue(true, eventLoop: context.value.eventLoop)
        }

        func produceMore() {
            let eventLoop = self.wanted.eventLoop
            eventLoop.execute {
                self.wanted.value = true
                self.context.value.read()
            }
        }

        func didTerminate() {}
    }

    /// The producer's iterator, advanced by one task at a time (the handler's).
    final class IteratorBox: @unchecked Sendable {
        private var iterator: Producer.AsyncIterator
        init(_ iterator: Producer.AsyncIterator) { self.iterator = iterator }
        func next() async throws -> ByteBuffer? { try await self.iterator.next() }
    }
}

/// Writes a streamed answer on the stream's event loop; each body write completes when the frame has gone out.
final class HTTP2StreamResponseWriter: StreamResponseWriter, @unchecked Sendable {
    private let context: NIOLoopBound<ChannelHandlerContext>
    private let requestID: String?
    /// Answering HEAD: the head is sent, body chunks are not (HTTP/2 refuses DATA beyond a HEAD answer's length).
    private let headOnly: Bool
    /// Loop-bound: what has been sent so far.
    private let state: NIOLoopBoundBox<State>

    enum State { case idle, headSent, ended }

    init(context: NIOLoopBound<ChannelHandlerContext>, requestID: String?, headOnly: Bool) {
        self.context = context
        self.requestID = requestID
        self.headOnly = headOnly
        self.state = .makeBoxSendingValue(.idle, eventLoop: context.value.eventLoop)
    }

    private var eventLoop: any EventLoop { self.state.eventLoop }

    func writeHead(status: Int, headers: [(String, String)]) async throws {
        try await self.eventLoop.submit {
            guard self.state.value == .idle else { throw RPCError.internalError("response head written twice") }
            var hpack = HPACKHeaders()
            hpack.add(name: ":status", value: String(status))
            if let requestID = self.requestID { hpack.add(name: "x-request-id", value: requestID) }
            for (name, value) in headers { hpack.add(name: name, value: value) }
            self.state.value = .headSent
            self.context.value.write(NIOAny(HTTP2Frame.FramePayload.headers(.init(headers: hpack))), promise: nil)
        }.get()
    }

    func writeBody(_ chunk: ByteBuffer) async throws {
        if self.headOnly { return }
        try await self.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            guard self.state.value == .headSent else {
                return self.eventLoop.makeFailedFuture(RPCError.internalError("body written outside the response"))
            }
            let frame = HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(chunk)))
            return self.context.value.writeAndFlush(NIOAny(frame))
        }.get()
    }

    func end() async throws {
        try await self.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            guard self.state.value == .headSent else {
                return self.eventLoop.makeFailedFuture(RPCError.internalError("response ended before its head"))
            }
            self.state.value = .ended
            let frame = HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true))
            return self.context.value.writeAndFlush(NIOAny(frame))
        }.get()
    }

    /// Answers `error` as JSON if nothing was sent yet; otherwise the stream is reset so the client sees a failure.
    func fail(with error: RPCError) async {
        let sendable = (try? await self.eventLoop.submit { self.state.value == .idle }.get()) ?? false
        guard sendable else { return }
        let body = (try? JSONCoding.encoder.encode(["error": error])).map(Array.init) ?? []
        try? await self.writeJSON(status: error.status.httpStatus, body)
    }

    /// Resets the stream if the handler returned without ending its answer.
    func closeIfUnfinished() async {
        try? await self.eventLoop.submit {
            if self.state.value != .ended { self.context.value.close(promise: nil) }
        }.get()
    }
}
