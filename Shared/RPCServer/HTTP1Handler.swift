import Foundation
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
    private var head: HTTPResponder.Head?
    private var keepAlive = true
    private var refusal: HTTPResponder.Response?
    private var body: ByteBuffer?

    init(responder: HTTPResponder) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let request):
            var head = HTTPResponder.Head(
                method: request.method.rawValue,
                path: String(request.uri.split(separator: "?", maxSplits: 1).first ?? ""),
                contentType: request.headers.first(name: "content-type"),
                contentLength: request.headers.first(name: "content-length").flatMap { Int($0) })
            for header in request.headers { head.metadata.take(name: header.name.lowercased(), value: header.value) }
            if head.metadata.requestID == nil { head.metadata.requestID = RequestMetadata.makeRequestID() }
            head.metadata.clientAddress = context.channel.remoteAddress?.ipAddress
            self.head = head
            self.keepAlive = request.isKeepAlive
            self.refusal = self.responder.refusal(for: head)
            self.body = nil
        case .body(var bytes):
            guard self.refusal == nil else { return }
            if (self.body?.readableBytes ?? 0) + bytes.readableBytes > self.responder.maxBodyBytes {
                self.refusal = .text(413, "413 request body exceeds the limit of \(self.responder.maxBodyBytes) bytes")
                self.body = nil
            } else if self.body == nil {
                self.body = bytes
            } else {
                self.body!.writeBuffer(&bytes)
            }
        case .end:
            guard let head = self.head else { return }
            self.head = nil
            if let refusal = self.refusal {
                self.write(refusal, head: head, context: context)
                return
            }
            let body = self.body.map { Data(buffer: $0) } ?? Data()
            self.body = nil
            let contextBox = NIOLoopBound(context, eventLoop: context.eventLoop)
            self.responder.respond(to: head, body: body).deliver(on: context.eventLoop) { response in
                self.write(response, head: head, context: contextBox.value)
            }
        }
    }

    private func write(_ response: HTTPResponder.Response, head: HTTPResponder.Head, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        if let contentType = response.contentType { headers.add(name: "content-type", value: contentType) }
        if let requestID = head.metadata.requestID { headers.add(name: "x-request-id", value: requestID) }
        for (name, value) in response.extraHeaders { headers.add(name: name, value: value) }
        let body = head.method == "HEAD" ? nil : response.body
        if response.status != 204 { headers.add(name: "content-length", value: String(response.body?.count ?? 0)) }
        if !self.keepAlive { headers.add(name: "connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                      promise: nil)
        if let body, !body.isEmpty {
            context.write(self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                          promise: nil)
        }
        let keepAlive = self.keepAlive
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
