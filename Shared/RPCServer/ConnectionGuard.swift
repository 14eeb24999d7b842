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
    private var anyRequest = false
    private let acceptedAt = NIODeadline.now()
    /// When the connection last had no request in progress (after its first).
    private var idleSince: NIODeadline?
    /// HTTP/1.1: when the head of the next request began arriving.
    private var headStartedAt: NIODeadline?
    /// One timer at a time, never moved earlier or later on every request: when it fires it looks at the state and
    /// either closes the connection or sets itself for the new due time. (Scheduling and cancelling a timer per
    /// request cost a tenth of the requests per second of a cheap call here.)
    private var timer: Scheduled<Void>?
    private var timerDue: NIODeadline?
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
        self.arm(at: self.acceptedAt + Self.amount(self.limits.headerTimeout))
        let loopBound = NIOLoopBound(self, eventLoop: self.channel.eventLoop)
        self.channel.closeFuture.whenComplete { _ in loopBound.value.connectionClosed() }
    }

    /// A request (an HTTP/2 stream, an HTTP/1.1 request) began: the connection may not close while one is in
    /// progress.
    func requestStarted() {
        self.activeRequests += 1
        self.anyRequest = true
        self.headStartedAt = nil
    }

    /// A request was answered (or its stream closed).
    func requestFinished() {
        self.activeRequests = max(0, self.activeRequests - 1)
        guard self.activeRequests == 0 else { return }
        let now = NIODeadline.now()
        self.idleSince = now
        if self.timer == nil { self.arm(at: now + Self.amount(self.limits.idleTimeout)) }
    }

    /// HTTP/1.1: bytes arrived while no request is in progress, i.e. the head of the next request has begun; it has
    /// the header timeout to complete. (Before the first request the header timeout already runs.)
    func headBytesArrived() {
        guard self.activeRequests == 0, self.anyRequest, self.headStartedAt == nil else { return }
        let now = NIODeadline.now()
        self.headStartedAt = now
        let due = now + Self.amount(self.limits.headerTimeout)
        if let timerDue = self.timerDue, timerDue <= due { return }
        self.arm(at: due)
    }

    /// When the connection must close if nothing changes: the first head's deadline, the next head's, or the end
    /// of the idle time.
    private var due: NIODeadline {
        guard self.anyRequest else { return self.acceptedAt + Self.amount(self.limits.headerTimeout) }
        let idle = (self.idleSince ?? .now()) + Self.amount(self.limits.idleTimeout)
        guard let head = self.headStartedAt else { return idle }
        return min(idle, head + Self.amount(self.limits.headerTimeout))
    }

    private func arm(at deadline: NIODeadline) {
        self.timer?.cancel()
        guard !self.closed else { return }
        let loopBound = NIOLoopBound(self, eventLoop: self.channel.eventLoop)
        self.timerDue = deadline
        self.timer = self.channel.eventLoop.scheduleTask(deadline: deadline) { loopBound.value.timerFired() }
    }

    private func timerFired() {
        self.timer = nil
        self.timerDue = nil
        // Busy: no timer until the connection is idle again (requestFinished sets one).
        guard !self.closed, self.activeRequests == 0 else { return }
        let due = self.due
        guard due <= .now() else { return self.arm(at: due) }
        self.expire(self.channel)
        // A backstop in case a graceful close waits on something that never comes.
        let channel = self.channel
        self.channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
    }

    private static func amount(_ duration: Duration) -> TimeAmount { .nanoseconds(duration.nanosecondsClamped) }

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
