import Auth
import Foundation
import JSONRPC
import NIOCore
import NIOFoundationCompat
import NIOHPACK
import NIOHTTP2

/// Serves one HTTP/2 stream: reads HEADERS and DATA frames, answers through the shared responder.
///
/// A plain channel handler on the stream's frames rather than an async channel or an HTTP/1 codec: the per-stream
/// path is where HTTP/2 spends its time (STACK-NOTES.md), so it avoids the extra conversions and task hops.
final class HTTP2StreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias OutboundOut = HTTP2Frame.FramePayload

    private let responder: HTTPResponder
    private let connectionGuard: ConnectionGuard
    private var head: HTTPResponder.Head?
    private var refusal: HTTPResponder.Response?
    private var body: RequestBody
    private var answered = false
    private var requestEnded = false
    private var bodyTimer = BodyTimer()
    /// Whether this stream is counted among the connection's requests in progress.
    private var counted = false
    /// Set when the stream is served by a ``StreamRoute``: frames then go to it.
    private var streamed: HTTP2StreamedExchange?

    init(responder: HTTPResponder, connectionGuard: ConnectionGuard) {
        self.responder = responder
        self.connectionGuard = connectionGuard
        self.body = RequestBody(caller: .verified, limits: responder.limits)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .headers(let frame):
            if let streamed = self.streamed {
                if frame.endStream { streamed.requestHeadersEnded() }  // trailers
                self.bodyEnded()
                return
            }
            if self.head == nil {
                var head = Self.head(from: frame.headers)
                head.metadata.clientAddress = (context.channel.parent ?? context.channel).remoteAddress?.ipAddress
                let caller = RequestBody.caller(of: &head.metadata, verifier: self.responder.dispatcher.verifier)
                self.head = head
                if !frame.endStream { self.bodyTimer.bytesArrived() }
                if let route = self.responder.streamRoute(for: head) {
                    self.refusal = self.responder.streamRefusal(for: head, route: route)
                    if self.refusal == nil {
                        self.startStreamed(route, head: head, headers: frame.headers, context: context)
                        if frame.endStream { self.streamed?.requestHeadersEnded() }
                        return
                    }
                } else {
                    self.refusal = self.responder.refusal(for: head)
                    if self.refusal == nil { self.bound(by: caller, head: head, context: context) }
                }
                if let refusal = self.refusal, !frame.endStream {
                    // Answered from the head: the body is not read at all.
                    self.refuseNow(refusal, context: context)
                    return
                }
            }
            if frame.endStream { self.requestEnded(context: context) }
        case .data(let frame):
            if let streamed = self.streamed {
                if case .byteBuffer(let bytes) = frame.data { streamed.received(bytes, endStream: frame.endStream) }
                if frame.endStream { self.bodyEnded() } else { self.bodyTimer.bytesArrived() }
                return
            }
            guard !self.answered else { return }
            if case .byteBuffer(var bytes) = frame.data, self.refusal == nil {
                if let refusal = self.body.append(&bytes, final: frame.endStream, guard: self.connectionGuard) {
                    self.refuseNow(refusal, context: context)
                    return
                }
            }
            // A caller without a verified token has one deadline for the whole (small) body; others, one per byte
            // received: a trickle of bytes cannot hold an anonymous stream open.
            if frame.endStream {
                self.requestEnded(context: context)
            } else if !self.body.isAnonymous {
                self.bodyTimer.bytesArrived()
            }
        default:
            break
        }
    }

    /// Bounds the body by what the head tells of the caller; a token not seen before is verified meanwhile.
    private func bound(by caller: RequestBody.Caller, head: HTTPResponder.Head, context: ChannelHandlerContext) {
        self.body = RequestBody(caller: caller, limits: self.responder.limits)
        if let length = head.contentLength, length > self.body.limit {
            self.refusal = RequestBody.unauthenticated(self.body.limit)
            return
        }
        guard case .unverified(let token, let verifier) = caller else { return }
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        Task {
            let valid = (try? await verifier.verify(token)) != nil
            if !valid {
                eventLoop.execute {
                    let (handler, context) = loopBound.value
                    guard !handler.answered, let refusal = handler.body.tokenRejected(guard: handler.connectionGuard)
                    else { return }
                    handler.refuseNow(refusal, context: context)
                }
            }
        }
    }

    /// Answers before the request ended, then resets the stream with NO_ERROR once the answer is written, so the
    /// client stops sending and still reads the answer (RFC 9113, section 8.1).
    private func refuseNow(_ response: HTTPResponder.Response, context: ChannelHandlerContext) {
        guard !self.answered else { return }
        self.answered = true
        self.bodyEnded()
        let written = context.eventLoop.makePromise(of: Void.self)
        self.write(response, requestID: self.head?.metadata.requestID, context: context, promise: written)
        let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in
            loopContext.value.writeAndFlush(NIOAny(HTTP2Frame.FramePayload.rstStream(.noError)), promise: nil)
        }
    }

    private func armBodyTimer(context: ChannelHandlerContext) {
        let timeout = self.responder.limits.bodyTimeout
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        self.bodyTimer.arm(timeout, on: context.eventLoop) {
            let (handler, context) = loopBound.value
            guard !handler.requestEnded else { return }
            if let streamed = handler.streamed {
                // A streamed route answers for itself; its body simply ends with an error.
                streamed.abort()
                context.close(promise: nil)
            } else {
                handler.refuseNow(RequestBody.stalled(timeout), context: context)
            }
        }
    }

    private func bodyEnded() {
        self.requestEnded = true
        self.bodyTimer.disarm()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if self.bodyTimer.shouldArm(pending: !self.requestEnded && self.head != nil) { self.armBodyTimer(context: context) }
        self.bodyTimer.burstEnded()
        self.streamed?.readComplete(context: context)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.streamed?.abort()
        self.bodyEnded()
        self.body.release(guard: self.connectionGuard)
        self.uncount()
        context.fireChannelInactive()
    }

    /// The stream counts as a request in progress from the moment it exists until it is gone.
    func handlerAdded(context: ChannelHandlerContext) {
        self.connectionGuard.requestStarted()
        self.counted = true
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.bodyEnded()
        self.body.release(guard: self.connectionGuard)
        self.uncount()
    }

    private func uncount() {
        guard self.counted else { return }
        self.counted = false
        self.connectionGuard.requestFinished()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.streamed?.abort()
        context.fireErrorCaught(error)
    }

    private func startStreamed(
        _ route: StreamRoute,
        head: HTTPResponder.Head,
        headers: HPACKHeaders,
        context: ChannelHandlerContext
    ) {
        var fields: [String: String] = [:]
        var query: [String: String] = [:]
        for (name, value, _) in headers {
            if name == ":path", let mark = value.firstIndex(of: "?") {
                for pair in value[value.index(after: mark)...].split(separator: "&") {
                    // `=` alone, or `=x`, has no name: skipped (split would give no first part to read).
                    let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    guard let name = parts.first, !name.isEmpty else { continue }
                    let key = String(name).removingPercentEncoding ?? String(name)
                    let text = parts.count > 1 ? String(parts[1]) : ""
                    query[key] = text.removingPercentEncoding ?? text
                }
            } else if !name.hasPrefix(":") {
                fields[name] = value
            }
        }
        self.answered = true
        self.streamed = HTTP2StreamedExchange(
            route: route,
            head: head,
            query: query,
            headers: fields,
            responder: self.responder,
            context: context
        )
    }

    private func requestEnded(context: ChannelHandlerContext) {
        self.bodyEnded()
        guard !self.answered, let head = self.head else { return }
        self.answered = true
        if let refusal = self.refusal {
            self.write(refusal, requestID: head.metadata.requestID, context: context)
            return
        }
        let body = self.body.take()
        let requestID = head.metadata.requestID
        let contextBox = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.responder.respond(to: head, body: body).deliver(on: context.eventLoop) { response in
            self.write(response, requestID: requestID, context: contextBox.value)
        }
    }

    private func write(
        _ response: HTTPResponder.Response,
        requestID: String?,
        context: ChannelHandlerContext,
        promise: EventLoopPromise<Void>? = nil
    ) {
        self.body.release(guard: self.connectionGuard)
        var headers = HPACKHeaders()
        headers.reserveCapacity(5 + response.extraHeaders.count)
        headers.add(name: ":status", value: String(response.status))
        if let contentType = response.contentType { headers.add(name: "content-type", value: contentType) }
        // Unique per call: kept out of HPACK's dynamic table, where it would only evict entries that repeat.
        if let requestID { headers.add(name: "x-request-id", value: requestID, indexing: .nonIndexable) }
        for (name, value) in response.extraHeaders { headers.add(name: name, value: value) }
        guard let body = response.body, !body.isEmpty else {
            context.writeAndFlush(self.wrapOutboundOut(.headers(.init(headers: headers, endStream: true))), promise: promise)
            return
        }
        headers.add(name: "content-length", value: String(body.count))
        context.write(self.wrapOutboundOut(.headers(.init(headers: headers))), promise: nil)
        let buffer = context.channel.allocator.buffer(bytes: body)
        context.writeAndFlush(self.wrapOutboundOut(.data(.init(data: .byteBuffer(buffer), endStream: true))), promise: promise)
    }

    static func head(from headers: HPACKHeaders) -> HTTPResponder.Head {
        var head = HTTPResponder.Head(method: "", path: "")
        for (name, value, _) in headers {
            switch name {
            case ":method": head.method = value
            case ":path": head.path = String(value.split(separator: "?", maxSplits: 1).first ?? "")
            case "content-type": head.contentType = value
            case "content-length": head.contentLength = Int(value)
            default: head.metadata.take(name: name, value: value)
            }
        }
        if head.metadata.requestID == nil { head.metadata.requestID = RequestMetadata.makeRequestID() }
        return head
    }
}
