import NIOCore
import NIOHTTP2

/// Closes an HTTP/2 connection gracefully when the server quiesces: a GOAWAY naming the last stream it took, then
/// the close once those streams have finished, or when the grace period runs out.
///
/// Hand-written because swift-nio-http2's `NIOHTTP2ServerConnectionManagementHandler`, placed the same way, left
/// about a third of idle connections open after the quiesce event under parallel load in our tests (cause not pinned
/// down), so shutdown waited out the drain timeout. This one skips its GOAWAY/PING dance: a stream the client opens
/// in the instant before it reads the GOAWAY is refused, and the client retries it if the method is idempotent.
final class HTTP2Quiescer: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    private let gracePeriod: TimeAmount
    private var openStreams: Set<HTTP2StreamID> = []
    private var lastStreamID: HTTP2StreamID = .rootStream
    private var quiescing = false

    init(gracePeriod: TimeAmount) { self.gracePeriod = gracePeriod }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let created as NIOHTTP2StreamCreatedEvent:
            self.openStreams.insert(created.streamID)
            self.lastStreamID = max(self.lastStreamID, created.streamID)
        case let closed as StreamClosedEvent:
            self.openStreams.remove(closed.streamID)
            if self.quiescing && self.openStreams.isEmpty { context.close(promise: nil) }
        case is ChannelShouldQuiesceEvent where !self.quiescing:
            self.quiescing = true
            let goAway = HTTP2Frame(
                streamID: .rootStream, payload: .goAway(lastStreamID: self.lastStreamID, errorCode: .noError, opaqueData: nil))
            context.writeAndFlush(self.wrapOutboundOut(goAway), promise: nil)
            if self.openStreams.isEmpty {
                context.close(promise: nil)
            } else {
                let channel = context.channel
                context.eventLoop.scheduleTask(in: self.gracePeriod) { channel.close(promise: nil) }
            }
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }
}
