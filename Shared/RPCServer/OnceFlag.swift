import Synchronization

/// Claimed by the first of several racing parties (completion or timeout), so an outcome is acted on once.
final class OnceFlag: Sendable {
    private let claimed = Atomic<Bool>(false)
    /// True for the first caller only.
    func claim() -> Bool { !self.claimed.exchange(true, ordering: .acquiringAndReleasing) }
}
