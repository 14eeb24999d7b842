import Dispatch

/// Runs CPU-heavy work (password hashing) on a Dispatch queue, so it never holds one of the few threads of the
/// cooperative pool that every other call on this 2-core machine needs.
enum Offload {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
