/// Limits that protect a service from oversized or abusive requests (PROTOCOL.md, "Limits").
public struct RPCLimits: Sendable {
    /// Largest request body accepted, in bytes (413 above it).
    public var maxBodyBytes: Int
    /// Most request objects in one batch.
    public var maxBatchLength: Int
    /// Deepest nesting of arrays and objects in a body.
    public var maxNestingDepth: Int
    /// The longest a call may run; a caller's `rpc-timeout-ms` is capped to it.
    public var maxDeadline: Duration
    /// How long shutdown waits for in-flight calls before closing connections.
    public var drainTimeout: Duration

    public init(
        maxBodyBytes: Int = 1 << 20, maxBatchLength: Int = 100, maxNestingDepth: Int = 32,
        maxDeadline: Duration = .seconds(60), drainTimeout: Duration = .seconds(10)
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchLength = maxBatchLength
        self.maxNestingDepth = maxNestingDepth
        self.maxDeadline = maxDeadline
        self.drainTimeout = drainTimeout
    }
}
