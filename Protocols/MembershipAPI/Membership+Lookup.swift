import JSONRPC

extension Membership {
    /// The studio `id`, asked of membership over `transport`, for services that act on a studio's behalf.
    /// - Throws: `NOT_FOUND` naming `field` when there is no such studio; the transport's error otherwise.
    public static func requireStudio(
        _ id: String,
        over transport: any RPCTransport,
        field: String = "studioID"
    )
        async throws -> Studio
    {
        do {
            return try await transport.call(Self.getStudio, GetStudioRequest(id: id))
        } catch let error as RPCError where error.status == .notFound {
            throw RPCError.notFound("studio \(id) does not exist", field: field)
        }
    }
}
