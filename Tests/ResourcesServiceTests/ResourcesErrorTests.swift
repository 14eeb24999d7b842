import JSONRPC
import Testing

@testable import ResourcesService

/// Resources' domain errors answer exactly what the handlers wrote inline before they existed.
@Suite("Resources: domain errors on the wire")
struct ResourcesErrorTests {
    @Test(
        "each refusal keeps its status, message and field",
        arguments: [
            (ResourcesError.resourceNotFound(id: "rs-1"), RPCError.notFound("resource rs-1 does not exist", field: "id")),
            (.resourceNotFound(id: "rs-2", field: "items[0]"), RPCError.notFound("resource rs-2 does not exist", field: "items[0]")),
            (.studioClosed(id: "st-1"), RPCError.failedPrecondition("studio st-1 is closed", field: "studioID")),
        ]
    )
    func wireForm(_ error: ResourcesError, _ expected: RPCError) {
        #expect(error.rpcError == expected)
        #expect(RPCError(converting: error) == expected)
    }
}
