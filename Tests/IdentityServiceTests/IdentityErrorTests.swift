import JSONRPC
import Testing

@testable import IdentityService

/// Identity's domain errors answer exactly what the handlers wrote inline before they existed.
@Suite("Identity: domain errors on the wire")
struct IdentityErrorTests {
    @Test(
        "each refusal keeps its status, message and field",
        arguments: [
            (IdentityError.applicationNotFound(id: "la-1"), RPCError.notFound("application la-1 does not exist", field: "id")),
            (.applicationOutsideScope, RPCError.permissionDenied("this application is outside the caller's scope")),
            (
                .formTooLarge(maxBytes: 5 << 20, field: "form", streamed: false),
                RPCError.invalidArgument("the form is larger than 5 MiB", field: "form")
            ),
            (
                .formTooLarge(maxBytes: 5 << 20, field: "form", streamed: true),
                RPCError(.resourceExhausted, "the form is larger than 5 MiB", field: "form")
            ),
            (
                .formNotAScan(field: "form"),
                RPCError.invalidArgument("the form must be a JPEG, PNG or PDF scan (its content is none of these)", field: "form")
            ),
        ]
    )
    func wireForm(_ error: IdentityError, _ expected: RPCError) {
        #expect(error.rpcError == expected)
        #expect(RPCError(converting: error) == expected)
    }

    @Test("an error that is no refusal does not convert")
    func otherErrors() {
        struct DiskFull: Error {}
        #expect(RPCError(converting: DiskFull()) == nil)
    }
}
