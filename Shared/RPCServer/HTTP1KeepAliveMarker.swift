import NIOCore
import NIOHTTP1

/// Marks an HTTP/1.x request that does not keep its connection open (HTTP/1.0 without `keep-alive`) with
/// `connection: close`, before the request becomes an `HTTPRequest`: the shared HTTP types carry no version, and
/// the exchange handler reads persistence from that header alone. Written here because NIOHTTPTypes' codec has no
/// such option; HTTP/1.1 requests pass untouched.
final class HTTP1KeepAliveMarker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = self.unwrapInboundIn(data), !head.isKeepAlive,
            !head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" })
        else { return context.fireChannelRead(data) }
        head.headers.replaceOrAdd(name: "connection", value: "close")
        context.fireChannelRead(self.wrapInboundOut(.head(head)))
    }
}
