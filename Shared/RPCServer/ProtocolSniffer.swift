import NIOCore

/// Serves h2c (prior knowledge) and HTTP/1.1 on one cleartext port: reads the first bytes of a connection and, if
/// they are the HTTP/2 connection preface, sets up the HTTP/2 pipeline, otherwise the HTTP/1.1 one.
///
/// Written by hand because neither SwiftNIO nor Hummingbird offers this for cleartext (Go's `h2c` package does the
/// same); ALPN makes the choice on TLS connections.
final class ProtocolSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    private let configureHTTP2: (any Channel) throws -> Void
    private let configureHTTP1: (any Channel) throws -> Void
    private var buffered: ByteBuffer?

    init(configureHTTP2: @escaping (any Channel) throws -> Void, configureHTTP1: @escaping (any Channel) throws -> Void) {
        self.configureHTTP2 = configureHTTP2
        self.configureHTTP1 = configureHTTP1
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = self.unwrapInboundIn(data)
        if self.buffered == nil {
            self.buffered = incoming
        } else {
            self.buffered!.writeBuffer(&incoming)
        }
        guard let buffered = self.buffered else { return }
        let seen = buffered.readableBytesView.prefix(Self.preface.count)
        let matchesSoFar = seen.elementsEqual(Self.preface.prefix(seen.count))
        if matchesSoFar && seen.count < Self.preface.count { return }  // wait for more bytes
        do {
            if matchesSoFar {
                try self.configureHTTP2(context.channel)
            } else {
                try self.configureHTTP1(context.channel)
            }
        } catch {
            context.fireErrorCaught(error)
            context.close(promise: nil)
            return
        }
        self.buffered = nil
        context.fireChannelRead(self.wrapInboundOut(buffered))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.buffered = nil
        context.fireChannelInactive()
    }
}
