import Auth
import Foundation
import JSONRPC
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Serves HTTP/1.1 requests (probes, scrapes, simple clients) through the same responder as HTTP/2.
///
/// `HTTPServerPipelineHandler` before it delivers one request at a time, so one set of per-request fields suffices.
final class HTTP1Handler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: HTTPResponder
    private let connectionGuard: ConnectionGuard
    private var head: HTTPResponder.Head?
    private var keepAlive = true
    private var refusal: HTTPResponder.Response?
    private var body: RequestBody
    private var bodyTimer = BodyTimer()
    /// A refusal was sent before the request ended: the connection closes once it is written.
    private var cutOff = false
    /// Counts requests, so a token check that finishes late applies to the request it was made for.
    private var sequence = 0

    init(responder: HTTPResponder, connectionGuard: ConnectionGuard) {
        self.responder = responder
        self.connectionGuard = connectionGuard
        self.body = RequestBody(caller: .verified, limits: responder.limits)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.cutOff else { return }
        switch self.unwrapInboundIn(data) {
        case .head(let request):
            self.sequence += 1
            self.connectionGuard.requestStarted()
            var head = HTTPResponder.Head(
                method: request.method.rawValue,
                path: String(request.uri.split(separator: "?", maxSplits: 1).first ?? ""),
                contentType: request.headers.first(name: "content-type"),
                contentLength: request.headers.first(name: "content-length").flatMap { Int($0) }
            )
            for header in request.headers { head.metadata.take(name: header.name.lowercased(), value: header.value) }
            if head.metadata.requestID == nil { head.metadata.requestID = RequestMetadata.makeRequestID() }
            head.metadata.clientAddress = context.channel.remoteAddress?.ipAddress
            let caller = RequestBody.caller(of: &head.metadata, verifier: self.responder.dispatcher.verifier)
            self.head = head
            self.keepAlive = request.isKeepAlive
            self.refusal = self.responder.refusal(for: head)
            self.body = RequestBody(caller: caller, limits: self.responder.limits)
            if self.refusal == nil, let length = head.contentLength, length > self.body.limit {
                self.refusal = RequestBody.unauthenticated(self.body.limit)
            }
            if let refusal = self.refusal, (head.contentLength ?? 0) > 0 || request.headers.contains(name: "transfer-encoding") {
                self.refuseNow(refusal, head: head, context: context)
                return
            }
            if case .unverified(let token, let verifier) = caller { self.verify(token, verifier, context: context) }
            self.bodyTimer.bytesArrived()
        case .body(var bytes):
            guard self.refusal == nil, let head = self.head else { return }
            if let refusal = self.body.append(&bytes, guard: self.connectionGuard) {
                self.refuseNow(refusal, head: head, context: context)
                return
            }
            // As over HTTP/2: one deadline for an anonymous body, one per received part for the others.
            if !self.body.isAnonymous { self.bodyTimer.bytesArrived() }
        case .end:
            self.disarmBodyTimer()
            guard let head = self.head else { return }
            self.head = nil
            if let refusal = self.refusal {
                self.write(refusal, head: head, context: context)
                return
            }
            let body = self.body.take()
            let contextBox = NIOLoopBound(context, eventLoop: context.eventLoop)
            self.responder.respond(to: head, body: body).deliver(on: context.eventLoop) { response in
                self.write(response, head: head, context: contextBox.value)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if self.bodyTimer.shouldArm(pending: self.head != nil && !self.cutOff) { self.armBodyTimer(context: context) }
        self.bodyTimer.burstEnded()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.disarmBodyTimer()
        self.body.release(guard: self.connectionGuard)
        context.fireChannelInactive()
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
                guard handler.sequence == sequence, let head = handler.head, handler.refusal == nil,
                    let refusal = handler.body.tokenRejected(guard: handler.connectionGuard)
                else { return }
                handler.refuseNow(refusal, head: head, context: context)
            }
        }
    }

    /// Answers before the request ended and closes the connection: the rest of the body is not read.
    private func refuseNow(_ response: HTTPResponder.Response, head: HTTPResponder.Head, context: ChannelHandlerContext) {
        self.disarmBodyTimer()
        self.cutOff = true
        self.keepAlive = false
        self.head = nil
        self.write(response, head: head, context: context)
    }

    private func armBodyTimer(context: ChannelHandlerContext) {
        let timeout = self.responder.limits.bodyTimeout
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        self.bodyTimer.arm(timeout, on: context.eventLoop) {
            let (handler, context) = loopBound.value
            guard let head = handler.head else { return }
            handler.refuseNow(RequestBody.stalled(timeout), head: head, context: context)
        }
    }

    private func disarmBodyTimer() { self.bodyTimer.disarm() }

    private func write(_ response: HTTPResponder.Response, head: HTTPResponder.Head, context: ChannelHandlerContext) {
        self.body.release(guard: self.connectionGuard)
        var headers = HTTPHeaders()
        if let contentType = response.contentType { headers.add(name: "content-type", value: contentType) }
        if let requestID = head.metadata.requestID { headers.add(name: "x-request-id", value: requestID) }
        for (name, value) in response.extraHeaders { headers.add(name: name, value: value) }
        let body = head.method == "HEAD" ? nil : response.body
        if response.status != 204 { headers.add(name: "content-length", value: String(response.body?.count ?? 0)) }
        if !self.keepAlive { headers.add(name: "connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil
        )
        if let body, !body.isEmpty {
            context.write(
                self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                promise: nil
            )
        }
        let keepAlive = self.keepAlive
        let connectionGuard = NIOLoopBound(self.connectionGuard, eventLoop: context.eventLoop)
        let lingering = self.cutOff
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
            connectionGuard.value.requestFinished()
            guard !keepAlive else { return }
            guard lingering else { return channel.close(promise: nil) }
            // Answered before the body was read: closing now with unread bytes would make the kernel send RST, and
            // the client lose the answer. The output is shut, what still arrives is dropped, the close comes later.
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
        }
    }
}
