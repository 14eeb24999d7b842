import NIOCore
import NIOPosix

/// Password hashing (scrypt: 32 MiB and ~0.1 s per hash) runs on a thread pool of its own, one thread per core.
///
/// Not on the cooperative pool, whose few threads every other call needs; not on NIO's shared blocking pool, which
/// `FileSystem.shared` (form uploads) uses; and not on Dispatch's global queue, which starts a thread for each
/// waiting block, so a burst of sign-ins would hold 32 MiB per thread at once. Here at most one hash per core runs
/// and the rest wait their turn.
enum PasswordHashingPool {
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount))
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.pool.runIfActive(work)
    }
}
