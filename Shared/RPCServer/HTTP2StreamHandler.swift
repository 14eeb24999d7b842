import Foundation
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
    private var head: HTTPResponder.Head?
    private var refusal: HTTPResponder.Response?
    private var body: ByteBuffer?
    private var answered = false

    init(responder: HTTPResponder) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .headers(let frame):
            if self.head == nil {
                self.head = Self.head(from: frame.headers)
                self.head?.metadata.clientAddress = (context.channel.parent ?? context.channel).remoteAddress?.ipAddress
                self.refusal = self.head.flatMap(self.responder.refusal(for:))
            }
            if frame.endStream { self.requestEnded(context: context) }
        case .data(let frame):
            if case .byteBuffer(var bytes) = frame.data, self.refusal == nil {
                if (self.body?.readableBytes ?? 0) + bytes.readableBytes > self.responder.maxBodyBytes {
                    self.refusal = .text(413, "413 request body exceeds the limit of \(self.responder.maxBodyBytes) bytes")
                    self.body = nil
                } else if self.body == nil {
                    self.body = bytes
                } else {
                    self.body!.writeBuffer(&bytes)
                }
            }
            if frame.endStream { self.requestEnded(context: context) }
        default:
            break
        }
    }

    private func requestEnded(context: ChannelHandlerContext) {
        guard !self.answered, let head = self.head else { return }
        self.answered = true
        if let refusal = self.refusal {
            self.write(refusal, requestID: head.metadata.requestID, context: context)
            return
        }
        let body = self.body.map { Data(buffer: $0) } ?? Data()
        self.body = nil
        let requestID = head.metadata.requestID
        let contextBox = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.responder.respond(to: head, body: body).deliver(on: context.eventLoop) { response in
            self.write(response, requestID: requestID, context: contextBox.value)
        }
    }

    private func write(_ response: HTTPResponder.Response, requestID: String?, context: ChannelHandlerContext) {
        var headers = HPACKHeaders()
        headers.reserveCapacity(5 + response.extraHeaders.count)
        headers.add(name: ":status", value: String(response.status))
        if let contentType = response.contentType { headers.add(name: "content-type", value: contentType) }
        if let requestID { headers.add(name: "x-request-id", value: requestID) }
        for (name, value) in response.extraHeaders { headers.add(name: name, value: value) }
        guard let body = response.body, !body.isEmpty else {
            context.writeAndFlush(self.wrapOutboundOut(.headers(.init(headers: headers, endStream: true))), promise: nil)
            return
        }
        headers.add(name: "content-length", value: String(body.count))
        context.write(self.wrapOutboundOut(.headers(.init(headers: headers))), promise: nil)
        let buffer = context.channel.allocator.buffer(bytes: body)
        context.writeAndFlush(self.wrapOutboundOut(.data(.init(data: .byteBuffer(buffer), endStream: true))), promise: nil)
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
