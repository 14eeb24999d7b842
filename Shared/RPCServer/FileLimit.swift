#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit, which every connection takes one of.
enum FileLimit {
    /// Files kept for the database, its WAL, logs, peer connections and stored files beside the connections.
    static let reserve = 256

    /// Raises the soft limit to the hard one where the system allows it; answers the soft limit now in force.
    static func raise() -> Int {
        #if os(Linux)
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur >= rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
        #else
        return 10_240
        #endif
    }

    /// The configured connection cap, lowered to stay below the file limit.
    static func connectionCap(_ configured: Int, fileLimit: Int) -> Int {
        max(1, min(configured, fileLimit - Self.reserve))
    }
}
