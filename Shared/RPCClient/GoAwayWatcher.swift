import NIOCore
import NIOHTTP2
import Synchronization

/// What the server's GOAWAY said on one connection. Streams above its last stream ID were never processed
/// (RFC 9113, section 6.8), so a call on one may be sent again on a new connection whatever its method; and the
/// connection takes no new streams.
final class GoAwayRecord: Sendable {
    private let lastStreamID = Mutex<HTTP2StreamID?>(nil)

    var received: Bool { self.lastStreamID.withLock { $0 != nil } }

    func record(_ id: HTTP2StreamID) {
        self.lastStreamID.withLock { $0 = min($0 ?? id, id) }
    }

    /// Whether the server said it never processed `stream`.
    func refused(_ stream: HTTP2StreamID) -> Bool {
        self.lastStreamID.withLock { last in last.map { stream > $0 } ?? false }
    }
}

/// Reads the connection's root-stream frames (which the HTTP/2 handler passes on) for a GOAWAY.
final class GoAwayWatcher: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame

    private let record: GoAwayRecord

    init(_ record: GoAwayRecord) { self.record = record }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .goAway(let lastStreamID, _, _) = self.unwrapInboundIn(data).payload { self.record.record(lastStreamID) }
        context.fireChannelRead(data)
    }
}

/// The cause of an `UNAVAILABLE` for a call the server certainly never processed: the connection could not be
/// opened, the stream not written, or the server's GOAWAY excluded it. Such a call is sent again even when its
/// method is not idempotent.
struct CallNotProcessed: Error, CustomStringConvertible {
    /// Why: the socket's or the stream's own error, kept for logs.
    let underlying: any Error
    var description: String { "\(self.underlying)" }

    init(_ underlying: any Error) { self.underlying = underlying }
    init(_ reason: String) { self.underlying = Reason(description: reason) }

    private struct Reason: Error, CustomStringConvertible { let description: String }
}
