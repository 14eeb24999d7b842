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
    /// Set when the stream is served by a ``StreamRoute``: frames then go to it.
    private var streamed: HTTP2StreamedExchange?

    init(responder: HTTPResponder) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .headers(let frame):
            if let streamed = self.streamed {
                if frame.endStream { streamed.requestHeadersEnded() }  // trailers
                return
            }
            if self.head == nil {
                var head = Self.head(from: frame.headers)
                head.metadata.clientAddress = (context.channel.parent ?? context.channel).remoteAddress?.ipAddress
                self.head = head
                if let route = self.responder.streamRoute(for: head) {
                    self.refusal = self.responder.streamRefusal(for: head, route: route)
                    if self.refusal == nil {
                        self.startStreamed(route, head: head, headers: frame.headers, context: context)
                        if frame.endStream { self.streamed?.requestHeadersEnded() }
                        return
                    }
                } else {
                    self.refusal = self.responder.refusal(for: head)
                }
            }
            if frame.endStream { self.requestEnded(context: context) }
        case .data(let frame):
            if let streamed = self.streamed {
                if case .byteBuffer(let bytes) = frame.data { streamed.received(bytes, endStream: frame.endStream) }
                return
            }
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

    func channelReadComplete(context: ChannelHandlerContext) {
        self.streamed?.readComplete(context: context)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.streamed?.abort()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.streamed?.abort()
        context.fireErrorCaught(error)
    }

    private func startStreamed(_ route: StreamRoute, head: HTTPResponder.Head, headers: HPACKHeaders,
                               context: ChannelHandlerContext)
    {
        var fields: [String: String] = [:]
        var query: [String: String] = [:]
        for (name, value, _) in headers {
            if name == ":path", let mark = value.firstIndex(of: "?") {
                for pair in value[value.index(after: mark)...].split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                    let text = parts.count > 1 ? String(parts[1]) : ""
                    query[key] = text.removingPercentEncoding ?? text
                }
            } else if !name.hasPrefix(":") {
                fields[name] = value
            }
        }
        self.answered = true
        self.streamed = HTTP2StreamedExchange(
            route: route, head: head, query: query, headers: fields, responder: self.responder, context: context)
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
        // Unique per call: kept out of HPACK's dynamic table, where it would only evict entries that repeat.
        if let requestID { headers.add(name: "x-request-id", value: requestID, indexing: .nonIndexable) }
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
