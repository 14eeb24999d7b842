import JSONRPC
import NIOCore

/// One connection's clock and body budget, on the connection's event loop.
///
/// Closes the connection when it has not sent a request head in time (a client that connects and sends nothing,
/// stops inside the TLS handshake, the HTTP/2 preface or an HTTP/1.1 head) or has had no request in progress for
/// the idle timeout; and counts the request-body bytes its streams hold, within the connection's and the process's
/// budgets. Written by hand: NIO's `IdleStateHandler` measures reads and writes, and a client that pings or trickles
/// bytes would keep it quiet forever; what matters here is whether a request is in progress.
final class ConnectionGuard {
    private let channel: any Channel
    private let limits: RPCLimits
    private let process: ProcessBudget
    private var activeRequests = 0
    private var servedAny = false
    private var awaitingHead = false
    private var timer: Scheduled<Void>?
    private var bufferedBytes = 0
    private var anonymousBytes = 0
    private var closed = false
    /// How a connection that overstayed is closed: HTTP/2 connections send GOAWAY first.
    var expire: (any Channel) -> Void = { $0.close(promise: nil) }

    init(channel: any Channel, limits: RPCLimits, process: ProcessBudget) {
        self.channel = channel
        self.limits = limits
        self.process = process
    }

    /// The connection was accepted: its first request head is due within the header timeout.
    func start() {
        self.schedule(self.limits.headerTimeout)
        let loopBound = NIOLoopBound(self, eventLoop: self.channel.eventLoop)
        self.channel.closeFuture.whenComplete { _ in loopBound.value.connectionClosed() }
    }

    /// A request (an HTTP/2 stream, an HTTP/1.1 request) began: no timer runs while one is in progress.
    func requestStarted() {
        self.activeRequests += 1
        self.awaitingHead = false
        self.timer?.cancel()
        self.timer = nil
    }

    /// A request was answered (or its stream closed).
    func requestFinished() {
        self.activeRequests = max(0, self.activeRequests - 1)
        self.servedAny = true
        if self.activeRequests == 0 { self.schedule(self.limits.idleTimeout) }
    }

    /// HTTP/1.1: bytes arrived while no request is in progress, i.e. the head of the next request has begun; it has
    /// the header timeout to complete. (Before the first request the header timeout already runs.)
    func headBytesArrived() {
        guard self.activeRequests == 0, self.servedAny, !self.awaitingHead else { return }
        self.awaitingHead = true
        self.schedule(self.limits.headerTimeout)
    }

    /// Reserves `count` bytes of request body, or answers false when the connection or the process holds its most
    /// (for a caller without a verified token: its share of the process's budget).
    func reserve(_ count: Int, anonymous: Bool) -> Bool {
        guard self.bufferedBytes + count <= self.limits.maxBufferedBytesPerConnection,
              self.process.reserve(count, anonymous: anonymous)
        else { return false }
        self.bufferedBytes += count
        if anonymous { self.anonymousBytes += count }
        return true
    }

    func release(_ count: Int, anonymous: Bool) {
        let released = min(count, anonymous ? self.anonymousBytes : self.bufferedBytes - self.anonymousBytes)
        guard released > 0 else { return }
        self.bufferedBytes -= released
        if anonymous { self.anonymousBytes -= released }
        self.process.release(released, anonymous: anonymous)
    }

    private func schedule(_ delay: Duration) {
        self.timer?.cancel()
        guard !self.closed else { return }
        let loopBound = NIOLoopBound(self, eventLoop: self.channel.eventLoop)
        self.timer = self.channel.eventLoop.scheduleTask(in: .nanoseconds(delay.nanosecondsClamped)) {
            loopBound.value.overstayed()
        }
    }

    private func overstayed() {
        self.timer = nil
        guard self.activeRequests == 0, !self.closed else { return }
        self.expire(self.channel)
        // A backstop in case a graceful close waits on something that never comes.
        let channel = self.channel
        self.channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
    }

    private func connectionClosed() {
        self.closed = true
        self.timer?.cancel()
        self.timer = nil
        self.process.release(self.bufferedBytes - self.anonymousBytes, anonymous: false)
        self.process.release(self.anonymousBytes, anonymous: true)
        self.bufferedBytes = 0
        self.anonymousBytes = 0
        self.process.connectionClosed()
    }
}

/// HTTP/1.1: tells the guard when bytes arrive between requests, so a next request head that stalls is cut off.
final class HeadBytesWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let connectionGuard: ConnectionGuard

    init(connectionGuard: ConnectionGuard) { self.connectionGuard = connectionGuard }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.connectionGuard.headBytesArrived()
        context.fireChannelRead(data)
    }
}
