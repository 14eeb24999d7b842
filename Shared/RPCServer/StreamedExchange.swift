import Auth
import Foundation
import JSONRPC
import Logging
import NIOCore
import NIOHTTP2
import NIOHTTPTypes
import NIOHTTPTypesHTTP2

/// One HTTP/2 stream served by a ``StreamRoute`` (parts in the shared HTTP types): the request body flows to the handler's task through a
/// back-pressured async sequence, the answer flows back through a writer that awaits each write.
///
/// Back-pressure: the stream channel's auto-read is turned off, so DATA frames are only read (and the HTTP/2
/// flow-control window only reopened) while the handler keeps up. NIO's `NIOThrowingAsyncSequenceProducer` is the
/// library piece for this bridge; only the wiring to the stream handler is written here.
final class StreamedExchange {
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
        let writer = ExchangeResponseWriter(
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
        let writer: ExchangeResponseWriter
        let verifier: TokenVerifier?
        let logger: Logger
    }

    private static func spawn(
        _ handling: Handling,
        exchange: NIOLoopBound<StreamedExchange>,
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
                    context.value.triggerUserOutboundEvent(NIOHTTP2FramePayloadToHTTPEvent.reset(code: .noError), promise: nil)
                }
                exchange.value.finish(nil)
                exchange.value.task = nil
            }
        }
    }

    /// A part of the body arrived.
    func received(_ bytes: ByteBuffer) {
        guard let source = self.source else { return }
        if bytes.readableBytes > 0, source.yield(bytes) == .stopProducing { self.demand.wanted.value = false }
    }

    /// The client ended the request (its last DATA frame, its HEADERS when it sent no body, or trailers).
    func ended() { self.finish(nil) }

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

extension StreamedExchange {
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
