import JSONRPC
import Testing

@testable import AssessmentService

/// Assessment's domain errors answer exactly what the handlers wrote inline before they existed.
@Suite("Assessment: domain errors on the wire")
struct AssessmentErrorTests {
    @Test(
        "each refusal keeps its status, message and field",
        arguments: [
            (AssessmentError.runNotFound(id: "run-1"), RPCError.notFound("run run-1 does not exist", field: "runID")),
            (
                .noRunYet(year: 2026),
                RPCError.notFound("no assessment run for 2026 yet: the province office runs one first", field: "year")
            ),
            (
                .studioNotInRun(studioID: "st-1", runID: "run-1"),
                RPCError.notFound("studio st-1 is not in run run-1", field: "studioID")
            ),
            (.foreignPageToken, RPCError.invalidArgument("pageToken is not a token this service issued", field: "pageToken")),
        ]
    )
    func wireForm(_ error: AssessmentError, _ expected: RPCError) {
        #expect(error.rpcError == expected)
        #expect(RPCError(converting: error) == expected)
    }
}
