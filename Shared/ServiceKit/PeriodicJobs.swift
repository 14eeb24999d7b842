import Logging
import ServiceLifecycle
import Synchronization

/// Work a service repeats while it serves (closing records whose window has passed, say), run beside its server in
/// the executable's service group and stopped with it on SIGTERM. A failed round is logged and tried again at the
/// next one: the work is written to be repeatable.
public final class PeriodicJobs: Sendable {
    public struct Job: Sendable {
        public let name: String
        public let interval: Duration
        public let work: @Sendable () async throws -> Void
    }

    private let jobs = Mutex<[Job]>([])

    public init() {}

    /// Runs `work` now and then every `interval`, for as long as the service serves.
    public func every(_ interval: Duration, _ name: String, _ work: @escaping @Sendable () async throws -> Void) {
        self.jobs.withLock { $0.append(Job(name: name, interval: interval, work: work)) }
    }

    public var all: [Job] { self.jobs.withLock { $0 } }

    /// The jobs as services of a group: their ending (at shutdown) never ends the group.
    func services(logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        self.all.map { job in
            .init(
                service: PeriodicJobService(job: job, logger: logger),
                successTerminationBehavior: .ignore,
                failureTerminationBehavior: .ignore
            )
        }
    }
}

/// One job's loop, cancelled at graceful shutdown.
struct PeriodicJobService: Service, CustomStringConvertible {
    let job: PeriodicJobs.Job
    let logger: Logger

    var description: String { "job \(self.job.name)" }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.job.work()
                } catch {
                    self.logger.warning("\(self.job.name) failed; tried again in \(self.job.interval)", metadata: ["error": "\(error)"])
                }
                do { try await Task.sleep(for: self.job.interval) } catch { return }
            }
        }
    }
}
