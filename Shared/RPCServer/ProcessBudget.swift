import Synchronization

/// What all of a server's connections share: how many are open, and how many request-body bytes they hold.
final class ProcessBudget: Sendable {
    let maxConnections: Int
    let maxBufferedBytes: Int
    private let openConnections = Atomic<Int>(0)
    private let bufferedBytes = Atomic<Int>(0)
    private let anonymousBytes = Atomic<Int>(0)
    /// Callers without a verified token share a quarter of the budget: however many of them there are, the rest
    /// stays for the callers who signed in.
    var maxAnonymousBytes: Int { self.maxBufferedBytes / 4 }

    init(maxConnections: Int, maxBufferedBytes: Int) {
        self.maxConnections = maxConnections
        self.maxBufferedBytes = maxBufferedBytes
    }

    /// Counts a new connection in, or answers false (and counts nothing) when the server is full.
    func admitConnection() -> Bool {
        if self.openConnections.wrappingAdd(1, ordering: .relaxed).newValue <= self.maxConnections { return true }
        self.openConnections.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    func connectionClosed() { self.openConnections.wrappingSubtract(1, ordering: .relaxed) }

    var connections: Int { self.openConnections.load(ordering: .relaxed) }

    /// Reserves `count` bytes of body buffer, or answers false (reserving nothing) when the process holds its most.
    func reserve(_ count: Int, anonymous: Bool) -> Bool {
        if anonymous {
            guard self.anonymousBytes.wrappingAdd(count, ordering: .relaxed).newValue <= self.maxAnonymousBytes else {
                self.anonymousBytes.wrappingSubtract(count, ordering: .relaxed)
                return false
            }
        }
        if self.bufferedBytes.wrappingAdd(count, ordering: .relaxed).newValue <= self.maxBufferedBytes { return true }
        self.bufferedBytes.wrappingSubtract(count, ordering: .relaxed)
        if anonymous { self.anonymousBytes.wrappingSubtract(count, ordering: .relaxed) }
        return false
    }

    func release(_ count: Int, anonymous: Bool) {
        self.bufferedBytes.wrappingSubtract(count, ordering: .relaxed)
        if anonymous { self.anonymousBytes.wrappingSubtract(count, ordering: .relaxed) }
    }

    var buffered: Int { self.bufferedBytes.load(ordering: .relaxed) }
}
