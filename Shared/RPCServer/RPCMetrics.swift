import Prometheus
import Synchronization

/// The service's Prometheus metrics: calls by method and status, call latency by method, calls in flight.
public final class RPCMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let inFlight: Gauge
    private let perMethod: Mutex<[String: MethodMetrics]>

    private struct MethodMetrics {
        var latency: DurationHistogram
        var byStatus: [String: Counter]
    }

    static let buckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.inFlight = registry.makeGauge(name: "rpc_server_in_flight", help: "JSON-RPC calls being served")
        self.perMethod = Mutex([:])
    }

    func started() { self.inFlight.increment() }

    /// Records one finished call.
    func finished(method: String, status: String, duration: Duration) {
        self.inFlight.decrement()
        self.record(method: method, status: status, duration: duration)
    }

    /// Records a call that was answered without being counted as in flight (refused early, or answered inline).
    func record(method: String, status: String, duration: Duration) {
        let (histogram, counter) = self.perMethod.withLock { table -> (DurationHistogram, Counter) in
            var entry =
                table[method]
                ?? MethodMetrics(
                    latency: self.registry.makeDurationHistogram(
                        name: "rpc_server_duration_seconds",
                        labels: [("method", method)],
                        buckets: Self.buckets,
                        help: "JSON-RPC call latency"
                    ),
                    byStatus: [:]
                )
            let counter =
                entry.byStatus[status]
                ?? self.registry.makeCounter(
                    name: "rpc_server_requests_total",
                    labels: [("method", method), ("status", status)],
                    help: "JSON-RPC calls by method and status"
                )
            entry.byStatus[status] = counter
            table[method] = entry
            return (entry.latency, counter)
        }
        counter.increment()
        histogram.record(duration)
    }

    /// The exposition text for `/metrics`.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        self.registry.emit(into: &buffer)
        return buffer
    }
}
