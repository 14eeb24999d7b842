import JSONRPC
import Programme

/// Resources' refusals that more than one place raises, each written once; each converts to the error the wire has
/// always carried.
enum ResourcesError: Error, RPCErrorConvertible, Equatable, Sendable {
    /// No resource has this id.
    case resourceNotFound(id: String, field: String = "id")
    /// A closed studio publishes nothing more (its studio read from membership).
    case studioClosed(id: String)

    var rpcError: RPCError {
        switch self {
        case .resourceNotFound(let id, let field): RPCError.notFound("resource \(id) does not exist", field: field)
        case .studioClosed(let id): RPCError.failedPrecondition("studio \(id) is closed", field: "studioID")
        }
    }
}
