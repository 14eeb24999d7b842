import MembershipAPI
import Synchronization

/// Studios by id, kept after a read: every other service asks membership for the studio behind each resource,
/// activity and assessment, so reads far outnumber writes. Only this process writes the studio table, and every
/// write calls ``invalidate(_:)`` after its transaction commits.
///
/// A read that raced a write must not put the old value back: a read remembers the generation it started in and
/// stores its result only if no write has been invalidated since.
public final class StudioCache: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var studios: [String: Studio] = [:]
    }

    private let state = Mutex(State())
    public static let defaultLimit = 20_000
    /// How many studios are kept; 0 keeps none.
    let limit: Int

    init(limit: Int = StudioCache.defaultLimit) { self.limit = max(0, limit) }

    func studio(_ id: String) -> Studio? { self.state.withLock { $0.studios[id] } }

    /// The generation to pass to ``store(_:since:)``, taken before reading the database.
    var generation: UInt64 { self.state.withLock { $0.generation } }

    func store(_ studio: Studio, since generation: UInt64) {
        self.state.withLock { state in
            guard state.generation == generation, self.limit > 0 else { return }
            if state.studios.count >= self.limit { state.studios.removeAll(keepingCapacity: true) }
            state.studios[studio.id] = studio
        }
    }

    /// Forgets `id` once a write to it has committed.
    func invalidate(_ id: String) {
        self.state.withLock { state in
            state.generation &+= 1
            state.studios[id] = nil
        }
    }
}
