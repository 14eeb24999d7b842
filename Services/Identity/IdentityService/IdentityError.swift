import Foundation
import JSONRPC
import Programme

/// Identity's refusals that more than one place raises, each written once; each converts to the error the wire has
/// always carried.
enum IdentityError: Error, RPCErrorConvertible, Equatable, Sendable {
    /// No application (leader's or subject leader's) has this id.
    case applicationNotFound(id: String)
    /// An admin's city or county does not cover the application.
    case applicationOutsideScope
    /// A scanned form over the size limit. Streamed uploads (`PUT`) answer RESOURCE_EXHAUSTED, as HTTP's 413 does;
    /// a form inside a JSON-RPC call is one of its arguments, so INVALID_ARGUMENT.
    case formTooLarge(maxBytes: Int, field: String, streamed: Bool)
    /// A form whose first bytes are not a JPEG, PNG or PDF, whatever the file was called.
    case formNotAScan(field: String)

    var rpcError: RPCError {
        switch self {
        case .applicationNotFound(let id): RPCError.notFound("application \(id) does not exist", field: "id")
        case .applicationOutsideScope: RPCError.permissionDenied("this application is outside the caller's scope")
        case .formTooLarge(let maxBytes, let field, let streamed):
            RPCError(streamed ? .resourceExhausted : .invalidArgument, "the form is larger than \(maxBytes >> 20) MiB", field: field)
        case .formNotAScan(let field):
            RPCError.invalidArgument("the form must be a JPEG, PNG or PDF scan (its content is none of these)", field: field)
        }
    }
}
