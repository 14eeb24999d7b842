import JSONRPC
import NIOCore

/// A request body's stall timer, shared by the HTTP/1.1 and HTTP/2 handlers: armed at the end of the first read
/// burst of a body that has not ended, and again at the end of each burst in which bytes arrived; it fires when no
/// byte came for the body timeout. A body that arrives with its head never schedules one.
struct BodyTimer {
    private var scheduled: Scheduled<Void>?
    private var progressed = false

    /// Body bytes arrived in this read burst (not called for a caller held to one deadline for the whole body).
    mutating func bytesArrived() { self.progressed = true }

    /// Whether to (re)arm at the end of this burst, for a request whose body is still `pending`.
    func shouldArm(pending: Bool) -> Bool { pending && (self.scheduled == nil || self.progressed) }

    /// (Re)arms; `stalled` runs on `eventLoop` if no byte comes within `timeout`.
    mutating func arm(_ timeout: Duration, on eventLoop: any EventLoop, _ stalled: @escaping @Sendable () -> Void) {
        self.scheduled?.cancel()
        self.scheduled = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanosecondsClamped), stalled)
    }

    /// The read burst is over.
    mutating func burstEnded() { self.progressed = false }

    /// The body ended, or the request was answered or went away.
    mutating func disarm() {
        self.scheduled?.cancel()
        self.scheduled = nil
        self.progressed = false
    }
}
