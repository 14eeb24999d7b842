import JSONRPC
import Programme

/// Membership's refusals that more than one place raises (a request's own validation, a handler's check, a store's
/// lookup), each written once; each converts to the error the wire has always carried.
public enum MembershipError: Error, RPCErrorConvertible, Equatable, Sendable {
    /// R-GEO-1: a county studio names its county.
    case countyStudioWithoutCounty(field: String)
    /// R-GEO-1: only provincial studios may be province-direct (省直).
    case provinceDirectBelowProvince(field: String)
    /// No studio has this id.
    case studioNotFound(id: String, field: String)
    /// R-MGT-5: a closed studio's roster does not change.
    case studioClosed(id: String, field: String)

    public var rpcError: RPCError {
        switch self {
        case .countyStudioWithoutCounty(let field):
            RPCError.invalidArgument("a county studio names its county (R-GEO-1)", field: field, rule: .geo1)
        case .provinceDirectBelowProvince(let field):
            RPCError.invalidArgument("only provincial studios may be province-direct (省直)", field: field, rule: .geo1)
        case .studioNotFound(let id, let field):
            RPCError.notFound("studio \(id) does not exist", field: field)
        case .studioClosed(let id, let field):
            RPCError.failedPrecondition("studio \(id) is closed", rule: .mgt5, field: field)
        }
    }
}
