/// Limits that protect a service from oversized or abusive requests and from slow or stalled clients
/// (PROTOCOL.md, "Limits"; README, "Connection limits and timeouts").
public struct RPCLimits: Sendable {
    /// Largest request body accepted, in bytes (413 above it).
    public var maxBodyBytes: Int
    /// Largest body buffered for a request without a verified access token (401 above it): the methods anyone may
    /// call (sign-in, health, discovery) take small bodies, so an anonymous caller never makes the server hold more.
    public var maxAnonymousBodyBytes: Int
    /// Most request-body bytes one connection may have buffered at once, over all its streams (503 beyond).
    public var maxBufferedBytesPerConnection: Int
    /// Most request-body bytes the whole process may have buffered at once (503 beyond).
    public var maxBufferedBytesPerProcess: Int
    /// Most requests in one batch.
    public var maxBatchLength: Int
    /// Deepest nesting of arrays and objects in a body.
    public var maxNestingDepth: Int
    /// The longest a call may run; a caller's `rpc-timeout-ms` is capped to it.
    public var maxDeadline: Duration
    /// How long shutdown waits for in-flight calls before closing connections.
    public var drainTimeout: Duration
    /// Most open connections; a connection beyond it is closed as soon as it is accepted. Lowered at start to stay
    /// below the process's file limit.
    public var maxConnections: Int
    /// How long a new connection has to send its first request head (TLS handshake, HTTP/2 preface and SETTINGS,
    /// HTTP/1.1 request line and headers included); and, over HTTP/1.1, how long a request head may take once its
    /// first byte has arrived.
    public var headerTimeout: Duration
    /// How long a connection may stay open with no request in progress.
    public var idleTimeout: Duration
    /// How long a request body may go without receiving a byte before its stream is reset (HTTP/2) or its connection
    /// closed (HTTP/1.1), with 408.
    public var bodyTimeout: Duration

    public init(
        maxBodyBytes: Int = 1 << 20,
        maxAnonymousBodyBytes: Int = 64 << 10,
        maxBufferedBytesPerConnection: Int = 8 << 20,
        maxBufferedBytesPerProcess: Int = 128 << 20,
        maxBatchLength: Int = 100,
        maxNestingDepth: Int = 32,
        maxDeadline: Duration = .seconds(60),
        drainTimeout: Duration = .seconds(10),
        maxConnections: Int = 8192,
        headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        bodyTimeout: Duration = .seconds(30)
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxAnonymousBodyBytes = maxAnonymousBodyBytes
        self.maxBufferedBytesPerConnection = maxBufferedBytesPerConnection
        self.maxBufferedBytesPerProcess = maxBufferedBytesPerProcess
        self.maxBatchLength = maxBatchLength
        self.maxNestingDepth = maxNestingDepth
        self.maxDeadline = maxDeadline
        self.drainTimeout = drainTimeout
        self.maxConnections = maxConnections
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
    }
}
