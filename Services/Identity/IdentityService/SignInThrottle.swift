import Foundation
import Synchronization

/// Failed password sign-ins, counted per account and source address together, answered by backoff rather than by
/// lockout: a caller who guesses from one address slows only their own guesses at that account, so an anonymous
/// caller elsewhere can never keep an admin out. A looser count per address alone slows password spraying across
/// accounts. Kept in memory: a restart forgives, which is acceptable for a throttle (the password hash does the real
/// work); the addresses an admin signed in from are kept in the database (``KnownSignInAddress``).
final class SignInThrottle: Sendable {
    struct Policy: Sendable {
        /// Failures of one account from one address before the backoff starts.
        var freeFailures = 5
        /// Failures from one address over all accounts before it is slowed on its own.
        var freeFailuresPerAddress = 50
        /// The first wait, doubled with each failure after the free ones, up to `longestWait`.
        var firstWait: Duration = .seconds(30)
        var longestWait: Duration = .seconds(900)
        /// A count with no failure for this long is forgotten.
        var forgetAfter: Duration = .seconds(86_400)
    }

    private struct Failures {
        var count: Int
        var last: ContinuousClock.Instant
    }

    private let policy: Policy
    private let clock = ContinuousClock()
    private let pairs = Mutex<[String: Failures]>([:])
    private let addresses = Mutex<[String: Failures]>([:])

    static let maxTracked = 100_000

    init(policy: Policy = Policy()) { self.policy = policy }

    /// How long the next attempt of `account` from `address` must wait; nil when it may go now.
    func wait(account: String, address: String) -> Duration? {
        let now = self.clock.now
        let pair = self.pairs.withLock { self.remaining($0[Self.key(account, address)], free: self.policy.freeFailures, now) }
        let alone = self.addresses.withLock { self.remaining($0[address], free: self.policy.freeFailuresPerAddress, now) }
        switch (pair, alone) {
        case (nil, nil): return nil
        case (let wait?, nil), (nil, let wait?): return wait
        case (let first?, let second?): return max(first, second)
        }
    }

    /// Counts an attempt as failed. Called before the password is checked, so concurrent guesses cannot all pass
    /// the wait before any of them is counted; a success takes it back.
    func recordFailure(account: String, address: String) {
        let now = self.clock.now
        self.pairs.withLock { self.count(&$0, Self.key(account, address), now) }
        self.addresses.withLock { self.count(&$0, address, now) }
    }

    /// The right password: the account's count from this address starts again, and the attempt counted against
    /// the address is taken back.
    func recordSuccess(account: String, address: String) {
        _ = self.pairs.withLock { $0.removeValue(forKey: Self.key(account, address)) }
        self.addresses.withLock { counts in
            guard var entry = counts[address] else { return }
            entry.count -= 1
            counts[address] = entry.count > 0 ? entry : nil
        }
    }

    /// An operator's unlock: every count of `account`, from every address, is forgotten.
    func unlock(account: String) -> Int {
        let prefix = Self.key(account, "")
        return self.pairs.withLock { counts in
            let keys = counts.keys.filter { $0.hasPrefix(prefix) }
            for key in keys { counts[key] = nil }
            return keys.count
        }
    }

    private static func key(_ account: String, _ address: String) -> String { account.lowercased() + "\u{0}" + address }

    private func remaining(_ entry: Failures?, free: Int, _ now: ContinuousClock.Instant) -> Duration? {
        guard let entry, now - entry.last < self.policy.forgetAfter, entry.count >= free else { return nil }
        let doublings = min(entry.count - free, 20)
        let wait = min(self.policy.firstWait * (1 << doublings), self.policy.longestWait)
        let left = wait - (now - entry.last)
        return left > .zero ? left : nil
    }

    private func count(_ counts: inout [String: Failures], _ key: String, _ now: ContinuousClock.Instant) {
        if counts.count >= Self.maxTracked {
            counts = counts.filter { now - $0.value.last < self.policy.longestWait }
            // A flood of distinct keys: bounded memory matters more than keeping every count.
            if counts.count >= Self.maxTracked { counts.removeAll(keepingCapacity: true) }
        }
        var entry = counts[key] ?? Failures(count: 0, last: now)
        if now - entry.last >= self.policy.forgetAfter { entry.count = 0 }
        entry.count += 1
        entry.last = now
        counts[key] = entry
    }
}
