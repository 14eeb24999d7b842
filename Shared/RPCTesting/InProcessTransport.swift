import Foundation
import JSONRPC
import RPCServer

/// Calls a dispatcher directly, without a network: for unit tests of handlers and of the dispatcher itself.
public struct InProcessTransport: RPCTransport {
    let dispatcher: RPCDispatcher
    let token: String?

    public init(dispatcher: RPCDispatcher, token: String? = nil) {
        self.dispatcher = dispatcher
        self.token = token
    }

    public func send(_ body: Data, options: CallOptions) async throws -> Data? {
        var metadata = RequestMetadata()
        if let token = options.bearerToken ?? self.token { metadata.authorization = "Bearer \(token)" }
        metadata.idempotencyKey = options.idempotencyKey
        metadata.timeoutMilliseconds = options.timeout.map { String($0.nanosecondsClamped / 1_000_000) }
        switch self.dispatcher.handle(body: body, metadata: metadata) {
        case .immediate(let response): return response
        case .deferred(let work, _, _): return await work()
        }
    }
}
