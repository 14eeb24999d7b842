import JSONRPC
import Programme

/// Activities' refusals that more than one place raises, each written once; each converts to the error the wire has
/// always carried.
enum ActivitiesError: Error, RPCErrorConvertible, Equatable, Sendable {
    /// No activity has this id.
    case activityNotFound(id: String, field: String)
    /// No featured project has this id.
    case projectNotFound(id: String, field: String)
    /// No lecture, award or other record has this id.
    case recordNotFound(id: String)
    /// A closed studio runs nothing more (its studio read from membership).
    case studioClosed(id: String)
    /// The activity's status does not allow `action` (scheduled → held → closed, or cancelled).
    case activityCannot(id: String, status: String, action: String)

    var rpcError: RPCError {
        switch self {
        case .activityNotFound(let id, let field): RPCError.notFound("activity \(id) does not exist", field: field)
        case .projectNotFound(let id, let field): RPCError.notFound("featured project \(id) does not exist", field: field)
        case .recordNotFound(let id): RPCError.notFound("record \(id) does not exist", field: "id")
        case .studioClosed(let id): RPCError.failedPrecondition("studio \(id) is closed", field: "studioID")
        case .activityCannot(let id, let status, let action):
            RPCError.failedPrecondition("activity \(id) is \(status) and cannot be \(action)", field: "id")
        }
    }
}
