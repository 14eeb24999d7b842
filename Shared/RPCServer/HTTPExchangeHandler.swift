import Auth
import HTTPTypes
import JSONRPC
import NIOCore
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Serves requests in the shared HTTP types: one instance per HTTP/1.1 connection (behind NIOHTTPTypes'
/// `HTTP1ToHTTPServerCodec`) and one per HTTP/2 stream (behind `HTTP2FramePayloadToHTTPServerCodec`), as
/// HummingbirdCore does, so both protocols share the routes, the body limits, the stall timer and the refusals.
///
/// What differs is named by ``Transport``: how requests are counted for the idle timer, where the caller's address
/// is, how an answer given before the body was read ends the exchange, and that streamed routes are HTTP/2's only.
/// A plain channel handler rather than an async channel: the per-stream path is where HTTP/2 spends its time
/// (STACK-NOTES.md), so it avoids task hops until a method needs one.
final class HTTPExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    enum Transport {
        /// One connection, one request at a time (`HTTPServerPipelineHandler` before the codec sees to that).
        /// An answer given before the body was read closes the connection.
        case http1
        /// One stream, one request. An answer given before the body was read is followed by RST_STREAM NO_ERROR,
        /// so the client stops sending and still reads the answer (RFC 9113, section 8.1).
        case http2
    }

    let transport: Transport
    let responder: HTTPResponder
    let connectionGuard: ConnectionGuard
    /// The request being read; nil once its answer is under way (a streamed route's head stays while it runs).
    var head: HTTPResponder.Head?
    /// Why the request is refused, known from its head; sent when the request ends, or at once if a body comes.
    var refusal: HTTPResponder.Response?
    var body: RequestBody
    var bodyTimer = BodyTimer()
    var requestEnded = true
    var keepAlive = true
    /// An answer went out before the request ended: whatever else arrives is dropped.
    var cutOff = false
    /// Counts requests, so a token check that finishes late applies to the request it was made for.
    var sequence = 0
    /// Whether the stream counts among the connection's requests in progress (HTTP/2: from creation to removal).
    var counted = false
    /// Set while the request is served by a ``StreamRoute``: its parts go there.
    var streamed: StreamedExchange?

    init(transport: Transport, responder: HTTPResponder, connectionGuard: ConnectionGuard) {
        self.transport = transport
        self.responder = responder
        self.connectionGuard = connectionGuard
        self.body = RequestBody(caller: .verified, limits: responder.limits)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.cutOff else { return }
        switch self.unwrapInboundIn(data) {
        case .head(let request):
            self.started(request, context: context)
        case .body(var bytes):
            if let streamed = self.streamed {
                streamed.received(bytes)
                self.bodyTimer.bytesArrived()
                return
            }
            guard self.head != nil else { return }
            if let refusal = self.refusal { return self.refuseNow(refusal, context: context) }
            if let refusal = self.body.append(&bytes, guard: self.connectionGuard) {
                return self.refuseNow(refusal, context: context)
            }
            // A caller without a verified token has one deadline for the whole (small) body; others, one per read
            // burst that brought bytes: a trickle of bytes cannot hold an anonymous request open.
            if !self.body.isAnonymous { self.bodyTimer.bytesArrived() }
        case .end:
            self.requestEnded = true
            self.bodyTimer.disarm()
            if let streamed = self.streamed { return streamed.ended() }
            guard let head = self.head else { return }
            self.head = nil
            if let refusal = self.refusal { return self.write(refusal, head: head, context: context) }
            let body = self.body.take()
            let contextBox = NIOLoopBound(context, eventLoop: context.eventLoop)
            self.responder.respond(to: head, body: body).deliver(on: context.eventLoop) { response in
                self.write(response, head: head, context: contextBox.value)
            }
        }
    }

    /// A request head arrived: its refusal, if the head alone decides one, and its body's limit.
    private func started(_ request: HTTPRequest, context: ChannelHandlerContext) {
        self.sequence += 1
        var head = HTTPResponder.Head(request)
        switch self.transport {
        case .http1:
            self.connectionGuard.requestStarted()
            self.keepAlive = !request.closesConnection
            head.metadata.clientAddress = context.channel.remoteAddress?.ipAddress
        case .http2:
            head.metadata.clientAddress = (context.channel.parent ?? context.channel).remoteAddress?.ipAddress
        }
        self.requestEnded = false
        self.bodyTimer.bytesArrived()
        if self.transport == .http2, let route = self.responder.streamRoute(for: head) {
            self.head = head
            self.refusal = self.responder.streamRefusal(for: head, route: route)
            if self.refusal == nil { self.startStreamed(route, head: head, request: request, context: context) }
            return
        }
        self.refusal = self.responder.refusal(for: head)
        let caller = RequestBody.caller(of: &head.metadata, verifier: self.responder.dispatcher.verifier)
        self.head = head
        self.body = RequestBody(caller: caller, limits: self.responder.limits)
        guard self.refusal == nil else { return }
        if let length = head.contentLength, length > self.body.limit {
            self.refusal = RequestBody.unauthenticated(self.body.limit)
        } else if case .unverified(let token, let verifier) = caller {
            self.verify(token, verifier, context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Refused from its head and not ended within the read: the body is not waited for (or read at all).
        if let refusal = self.refusal, self.head != nil, !self.requestEnded, !self.cutOff, self.streamed == nil {
            self.refuseNow(refusal, context: context)
        }
        let pending = self.head != nil && !self.requestEnded && !self.cutOff
        if self.bodyTimer.shouldArm(pending: pending) { self.armBodyTimer(context: context) }
        self.bodyTimer.burstEnded()
        self.body.readBurstEnded()
        self.streamed?.readComplete(context: context)
        context.fireChannelReadComplete()
    }

    /// Verifies a token not seen before while the body arrives; a token found not valid leaves the anonymous limit.
    private func verify(_ token: String, _ verifier: TokenVerifier, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let sequence = self.sequence
        Task {
            guard (try? await verifier.verify(token)) == nil else { return }
            eventLoop.execute {
                let (handler, context) = loopBound.value
                guard handler.sequence == sequence, handler.head != nil, handler.refusal == nil,
                    let refusal = handler.body.tokenRejected(guard: handler.connectionGuard)
                else { return }
                handler.refuseNow(refusal, context: context)
            }
        }
    }

    private func armBodyTimer(context: ChannelHandlerContext) {
        let timeout = self.responder.limits.bodyTimeout
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        self.bodyTimer.arm(timeout, on: context.eventLoop) {
            let (handler, context) = loopBound.value
            guard !handler.requestEnded, !handler.cutOff else { return }
            if let streamed = handler.streamed {
                // A streamed route answers for itself; its body simply ends with an error.
                streamed.abort()
                context.close(promise: nil)
            } else {
                handler.refuseNow(RequestBody.stalled(timeout), context: context)
            }
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard self.transport == .http2 else { return }
        self.connectionGuard.requestStarted()
        self.counted = true
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.bodyTimer.disarm()
        self.body.release(guard: self.connectionGuard)
        self.uncount()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.streamed?.abort()
        self.bodyTimer.disarm()
        self.body.release(guard: self.connectionGuard)
        self.uncount()
        context.fireChannelInactive()
    }

    private func uncount() {
        guard self.counted else { return }
        self.counted = false
        self.connectionGuard.requestFinished()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.streamed?.abort()
        // A head the codec could not make an HTTPRequest of (a method that is no token, pseudo-headers out of
        // place): answered 400 and the exchange ended, as NIO's own HTTP/1.1 error handler does for a bad parse.
        let malformedHead =
            switch self.transport {
            case .http1: error is HTTP1TypeConversionError
            case .http2: self.sequence == 0  // before any head, only the codec's conversion fails on a stream
            }
        if malformedHead, self.head == nil, !self.cutOff {
            if self.transport == .http1 { self.connectionGuard.requestStarted() }  // finished when its answer is written
            self.head = HTTPResponder.Head(method: "", path: "")
            self.head?.metadata.requestID = RequestMetadata.makeRequestID()
            self.refuseNow(.text(400, "400 malformed request head"), context: context)
            return
        }
        context.fireErrorCaught(error)
    }
}

extension HTTPRequest {
    /// Whether the client asked for the connection to close after this request (`connection: close`; HTTP/1.0
    /// requests without keep-alive are marked so by ``HTTP1KeepAliveMarker``).
    var closesConnection: Bool {
        self.headerFields[values: .connection].contains { value in
            value.split(separator: ",").contains { $0.trimmingBlanks.lowercased() == "close" }
        }
    }
}

extension Substring {
    fileprivate var trimmingBlanks: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
