import JSONRPC
import Testing

@testable import ActivitiesService

/// Activities' domain errors answer exactly what the handlers wrote inline before they existed.
@Suite("Activities: domain errors on the wire")
struct ActivitiesErrorTests {
    @Test(
        "each refusal keeps its status, message and field",
        arguments: [
            (
                ActivitiesError.activityNotFound(id: "ac-1", field: "activityID"),
                RPCError.notFound("activity ac-1 does not exist", field: "activityID")
            ),
            (.projectNotFound(id: "fp-1", field: "projectID"), RPCError.notFound("featured project fp-1 does not exist", field: "projectID")),
            (.recordNotFound(id: "rc-1"), RPCError.notFound("record rc-1 does not exist", field: "id")),
            (.studioClosed(id: "st-1"), RPCError.failedPrecondition("studio st-1 is closed", field: "studioID")),
            (
                .activityCannot(id: "ac-1", status: "cancelled", action: "held"),
                RPCError.failedPrecondition("activity ac-1 is cancelled and cannot be held", field: "id")
            ),
        ]
    )
    func wireForm(_ error: ActivitiesError, _ expected: RPCError) {
        #expect(error.rpcError == expected)
        #expect(RPCError(converting: error) == expected)
    }
}
