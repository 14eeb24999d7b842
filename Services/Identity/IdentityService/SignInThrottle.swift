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

    private struct State {
        var pairs: [String: Failures] = [:]
        var addresses: [String: Failures] = [:]
    }

    private let policy: Policy
    private let clock = ContinuousClock()
    private let state = Mutex(State())

    static let maxTracked = 100_000

    init(policy: Policy = Policy()) { self.policy = policy }

    /// Lets an attempt of `account` from `address` go, counting it as failed at once (a success takes it back), or
    /// answers how long it must wait. One lock for both, so concurrent guesses cannot all pass before any is
    /// counted. From a `known` address (the admin signed in from it before) the attempt always goes.
    func admit(account: String, address: String, known: Bool) -> Duration? {
        let now = self.clock.now
        let pairKey = Self.key(account, address)
        let addressKey = Self.network(of: address)
        return self.state.withLock { state in
            if !known {
                let pair = self.remaining(state.pairs[pairKey], free: self.policy.freeFailures, now)
                let alone = self.remaining(state.addresses[addressKey], free: self.policy.freeFailuresPerAddress, now)
                if let wait = [pair, alone].compactMap({ $0 }).max() { return wait }
            }
            self.count(&state.pairs, pairKey, now)
            self.count(&state.addresses, addressKey, now)
            return nil
        }
    }

    /// The right password: the account's count from this address starts again, and the attempt counted against
    /// the address is taken back.
    func recordSuccess(account: String, address: String) {
        let addressKey = Self.network(of: address)
        self.state.withLock { state in
            state.pairs[Self.key(account, address)] = nil
            guard var entry = state.addresses[addressKey] else { return }
            entry.count -= 1
            state.addresses[addressKey] = entry.count > 0 ? entry : nil
        }
    }

    /// An operator's unlock: every count of `account`, from every address, is forgotten, and so are the counts of
    /// the addresses it was tried from (which may be slowing it too).
    func unlock(account: String) -> Int {
        let prefix = Self.key(account, "")
        return self.state.withLock { state in
            let keys = state.pairs.keys.filter { $0.hasPrefix(prefix) }
            for key in keys {
                state.pairs[key] = nil
                state.addresses[Self.network(of: String(key.dropFirst(prefix.count)))] = nil
            }
            return keys.count
        }
    }

    private static func key(_ account: String, _ address: String) -> String { account.lowercased() + "\u{0}" + address }

    /// The part of an address one party controls: the whole IPv4 address, an IPv6 /64 (the size of a subscriber's
    /// allocation, so rotating through one's own /64 earns no fresh counts).
    static func network(of address: String) -> String {
        guard address.contains(":") else { return address }
        let groups = Self.expand(address)
        return groups.count == 8 ? groups.prefix(4).joined(separator: ":") + "::/64" : address
    }

    /// An IPv6 address's eight groups, `::` expanded; empty if it is not one.
    private static func expand(_ address: String) -> [String] {
        let halves = address.components(separatedBy: "::")
        guard halves.count <= 2 else { return [] }
        let head = halves[0].isEmpty ? [] : halves[0].split(separator: ":").map(String.init)
        let tail = halves.count == 2 && !halves[1].isEmpty ? halves[1].split(separator: ":").map(String.init) : []
        let missing = 8 - head.count - tail.count
        guard missing >= 0, halves.count == 2 || missing == 0 else { return [] }
        return head + Array(repeating: "0", count: missing) + tail
    }

    private func remaining(_ entry: Failures?, free: Int, _ now: ContinuousClock.Instant) -> Duration? {
        guard let entry, now - entry.last < self.policy.forgetAfter, entry.count >= free else { return nil }
        let doublings = min(entry.count - free, 20)
        let wait = min(self.policy.firstWait * (1 << doublings), self.policy.longestWait)
        let left = wait - (now - entry.last)
        return left > .zero ? left : nil
    }

    private func count(_ counts: inout [String: Failures], _ key: String, _ now: ContinuousClock.Instant) {
        if counts.count >= Self.maxTracked, counts[key] == nil {
            // A flood of distinct keys: the oldest half goes, so a burst cannot wipe the count on its target.
            let cutoff = counts.values.map(\.last).sorted()[counts.count / 2]
            counts = counts.filter { $0.value.last > cutoff }
        }
        var entry = counts[key] ?? Failures(count: 0, last: now)
        if now - entry.last >= self.policy.forgetAfter { entry.count = 0 }
        entry.count += 1
        entry.last = now
        counts[key] = entry
    }
}
