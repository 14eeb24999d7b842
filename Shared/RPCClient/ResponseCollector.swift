import NIOCore
import NIOHPACK
import NIOHTTP2

/// The answer on one client stream: HTTP status and body.
struct StreamResponse: Sendable {
    var status: Int
    var body: ByteBuffer?
}

/// Gathers one response on a client stream and completes a promise with it.
final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame.FramePayload

    private let promise: EventLoopPromise<StreamResponse>
    private var status: Int?
    private var body: ByteBuffer?

    init(promise: EventLoopPromise<StreamResponse>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .headers(let frame):
            if self.status == nil, let status = frame.headers.first(name: ":status").flatMap({ Int($0) }) {
                self.status = status
            }
            if frame.endStream { self.finish() }
        case .data(let frame):
            if case .byteBuffer(var bytes) = frame.data {
                if self.body == nil { self.body = bytes } else { self.body!.writeBuffer(&bytes) }
            }
            if frame.endStream { self.finish() }
        case .rstStream(let code):
            self.promise.fail(StreamReset(code: code))
        default:
            break
        }
    }

    private func finish() {
        self.promise.succeed(StreamResponse(status: self.status ?? 0, body: self.body))
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.promise.fail(error)
        context.close(promise: nil)
    }
}

struct StreamReset: Error {
    var code: HTTP2ErrorCode
}
