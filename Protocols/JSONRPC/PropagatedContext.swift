/// What a handler's outgoing calls inherit from the call being served: deadline, trace and request id.
///
/// The server sets it around each handler; the client transport reads it, so a service calling another passes
/// on the remaining budget and the `traceparent` without any code in the handler.
public struct PropagatedContext: Sendable {
    /// When the current call must be done.
    public var deadline: ContinuousClock.Instant?
    /// The W3C `traceparent` to send on outgoing calls (same trace, this call's span as parent).
    public var traceparent: String?
    public var requestID: String?
    /// The caller's token, for calls made on the caller's behalf.
    public var bearerToken: String?

    public init(
        deadline: ContinuousClock.Instant? = nil,
        traceparent: String? = nil,
        requestID: String? = nil,
        bearerToken: String? = nil
    ) {
        self.deadline = deadline
        self.traceparent = traceparent
        self.requestID = requestID
        self.bearerToken = bearerToken
    }

    @TaskLocal public static var current: PropagatedContext?
}
