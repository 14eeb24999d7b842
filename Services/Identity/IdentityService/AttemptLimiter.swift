import Foundation
import Synchronization

/// Failed sign-in attempts per key (an account, an address) in a sliding window; once a key has `limit` failures
/// inside the window, attempts for it are refused until the oldest failure leaves the window. Kept in memory:
/// a restart forgives, which is acceptable for a throttle (the password hash does the real work).
final class AttemptLimiter: Sendable {
    private let limit: Int
    private let window: Duration
    private let clock = ContinuousClock()
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// How long `key` must wait before trying again; nil when it may try now.
    func retryAfter(_ key: String) -> Duration? {
        let now = self.clock.now
        return self.failures.withLock { failures in
            let recent = (failures[key] ?? []).filter { now - $0 < self.window }
            failures[key] = recent.isEmpty ? nil : recent
            guard recent.count >= self.limit, let oldest = recent.first else { return nil }
            return self.window - (now - oldest)
        }
    }

    func recordFailure(_ key: String) {
        let now = self.clock.now
        self.failures.withLock { failures in
            var recent = (failures[key] ?? []).filter { now - $0 < self.window }
            recent.append(now)
            // Bounded: a flood against one key keeps only what the limit needs.
            failures[key] = Array(recent.suffix(self.limit))
            if failures.count > 100_000 { failures.removeAll() }
        }
    }

    func reset(_ key: String) {
        _ = self.failures.withLock { $0.removeValue(forKey: key) }
    }
}
