import JSONRPC
import MembershipAPI
import Programme
import Testing

/// Membership's domain errors answer exactly what its requests' validation and handlers wrote inline before they
/// existed.
@Suite("Membership: domain errors on the wire")
struct MembershipErrorTests {
    @Test(
        "each refusal keeps its status, message, field and rule",
        arguments: [
            (
                MembershipError.countyStudioWithoutCounty(field: "county"),
                RPCError.invalidArgument("a county studio names its county (R-GEO-1)", field: "county", rule: .geo1)
            ),
            (
                .provinceDirectBelowProvince(field: "provinceDirect"),
                RPCError.invalidArgument("only provincial studios may be province-direct (省直)", field: "provinceDirect", rule: .geo1)
            ),
            (.studioNotFound(id: "st-1", field: "studioID"), RPCError.notFound("studio st-1 does not exist", field: "studioID")),
            (.studioClosed(id: "st-1", field: "studioID"), RPCError.failedPrecondition("studio st-1 is closed", rule: .mgt5, field: "studioID")),
        ]
    )
    func wireForm(_ error: MembershipError, _ expected: RPCError) {
        #expect(error.rpcError == expected)
        #expect(RPCError(converting: error) == expected)
    }
}
