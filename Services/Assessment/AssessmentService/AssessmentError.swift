import JSONRPC
import Programme

/// Assessment's refusals that more than one place raises, each written once; each converts to the error the wire
/// has always carried.
enum AssessmentError: Error, RPCErrorConvertible, Equatable, Sendable {
    /// No run has this id.
    case runNotFound(id: String)
    /// A query names no run and the year has none yet.
    case noRunYet(year: Int)
    /// The run did not rank this studio (it was not in the roster the run pulled).
    case studioNotInRun(studioID: String, runID: String)
    /// A page token this service did not issue (or one for another query).
    case foreignPageToken

    var rpcError: RPCError {
        switch self {
        case .runNotFound(let id): RPCError.notFound("run \(id) does not exist", field: "runID")
        case .noRunYet(let year):
            RPCError.notFound("no assessment run for \(year) yet: the province office runs one first", field: "year")
        case .studioNotInRun(let studioID, let runID):
            RPCError.notFound("studio \(studioID) is not in run \(runID)", field: "studioID")
        case .foreignPageToken: RPCError.invalidArgument("pageToken is not a token this service issued", field: "pageToken")
        }
    }
}
