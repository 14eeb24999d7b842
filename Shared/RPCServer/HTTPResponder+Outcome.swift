import Foundation
import JSONRPC
import NIOCore

extension HTTPResponder.Outcome {
    /// Delivers the response on `eventLoop` exactly once: now, when the work's task finishes, or when the deadline
    /// passes first (the task is then cancelled and the timeout answer sent).
    ///
    /// The deadline is a timer on the event loop rather than a racing child task, so a call costs one task, not three.
    func deliver(on eventLoop: any EventLoop, _ send: @escaping (HTTPResponder.Response) -> Void) {
        switch self {
        case .now(let response):
            send(response)
        case .deferred(let work, let deadline, let onTimeout):
            let delivery = NIOLoopBound(Delivery(send), eventLoop: eventLoop)
            let task = Task {
                let body = await work()
                eventLoop.execute { delivery.value.deliver(.json(body)) }
            }
            let remaining = (deadline - ContinuousClock.now).nanosecondsClamped
            delivery.value.timer = eventLoop.scheduleTask(in: .nanoseconds(remaining)) {
                guard !delivery.value.delivered else { return }
                delivery.value.deliver(.json(onTimeout()))
                task.cancel()
            }
        }
    }
}

/// One call's answer, delivered once; lives on the connection's event loop.
private final class Delivery {
    var delivered = false
    var timer: Scheduled<Void>?
    let send: (HTTPResponder.Response) -> Void

    init(_ send: @escaping (HTTPResponder.Response) -> Void) { self.send = send }

    func deliver(_ response: HTTPResponder.Response) {
        guard !self.delivered else { return }
        self.delivered = true
        self.timer?.cancel()
        self.timer = nil
        self.send(response)
    }
}
