import HTTPTypes
import NIOCore
import NIOHTTP2
import NIOHTTPTypes
import NIOHTTPTypesHTTP2

extension HTTPExchangeHandler {
    /// Answers before the request ended; the rest of the request is not read (see ``Transport`` for how each
    /// protocol then ends the exchange).
    func refuseNow(_ response: HTTPResponder.Response, context: ChannelHandlerContext) {
        guard let head = self.head else { return }
        self.head = nil
        self.cutOff = true
        self.keepAlive = false
        self.bodyTimer.disarm()
        self.write(response, head: head, context: context)
    }

    func write(_ response: HTTPResponder.Response, head: HTTPResponder.Head, context: ChannelHandlerContext) {
        // Read before writing: on HTTP/1.1, writing the end of this answer lets NIO's pipeline handler deliver the
        // next pipelined request at once, whose head resets these for itself.
        let keepAlive = self.keepAlive
        let early = self.cutOff
        self.body.release(guard: self.connectionGuard)
        var fields = HTTPFields()
        fields.reserveCapacity(4 + response.extraHeaders.count)
        if let contentType = response.contentType { fields.append(HTTPField.contentType(contentType)) }
        if let requestID = head.metadata.requestID, let name = HTTPField.Name.requestID {
            // Unique per call: kept out of HPACK's dynamic table, where it would only evict entries that repeat.
            var field = HTTPField(name: name, value: requestID)
            field.indexingStrategy = .avoid
            fields.append(field)
        }
        for (name, value) in response.extraHeaders {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        if response.status != 204 {
            fields.append(HTTPField(name: .contentLength, value: String(response.body?.count ?? 0)))
        }
        if self.transport == .http1, !keepAlive { fields.append(HTTPField(name: .connection, value: "close")) }
        let answer = HTTPResponse(status: .init(code: response.status), headerFields: fields)
        context.write(self.wrapOutboundOut(.head(answer)), promise: nil)
        if head.method != "HEAD", let body = response.body, !body.isEmpty {
            context.write(self.wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        }
        let written = context.writeAndFlush(self.wrapOutboundOut(.end(nil)))
        switch self.transport {
        case .http1: self.finishHTTP1(written, keepAlive: keepAlive, lingering: early, channel: context.channel)
        case .http2:
            guard early else { return }
            let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in
                let reset = NIOHTTP2FramePayloadToHTTPEvent.reset(code: .noError)
                loopContext.value.triggerUserOutboundEvent(reset, promise: nil)
            }
        }
    }

    /// Once an HTTP/1.1 answer is written: the request no longer counts as in progress, and the connection closes
    /// if either side asked for it.
    private func finishHTTP1(_ written: EventLoopFuture<Void>, keepAlive: Bool, lingering: Bool, channel: any Channel) {
        let connectionGuard = NIOLoopBound(self.connectionGuard, eventLoop: channel.eventLoop)
        written.whenComplete { _ in
            connectionGuard.value.requestFinished()
            guard !keepAlive else { return }
            guard lingering else { return channel.close(promise: nil) }
            // Answered before the body was read: closing now with unread bytes would make the kernel send RST, and
            // the client lose the answer. The output is shut, what still arrives is dropped, the close comes later.
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
        }
    }

    func startStreamed(_ route: StreamRoute, head: HTTPResponder.Head, request: HTTPRequest, context: ChannelHandlerContext) {
        var fields: [String: String] = [:]
        for field in request.headerFields { fields[field.name.canonicalName] = field.value }
        self.streamed = StreamedExchange(
            route: route,
            head: head,
            query: request.queryParameters,
            headers: fields,
            responder: self.responder,
            context: context
        )
    }
}

extension HTTPField {
    private static let json = HTTPField(name: .contentType, value: "application/json")

    /// The content-type field; the JSON one of every call is built once, not validated again per answer.
    static func contentType(_ value: String) -> HTTPField {
        value == "application/json" ? Self.json : HTTPField(name: .contentType, value: value)
    }
}

extension HTTPField.Name {
    /// The id of one call, echoed on its answer (PROTOCOL.md, "Metadata").
    /// Optional only because the initializer validates any string; this one is a valid token, so it is never nil.
    static let requestID = HTTPField.Name("x-request-id")
}
