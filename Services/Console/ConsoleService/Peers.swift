import Foundation
import JSONRPC
import RPCClient

/// The five services, reached over the project's RPC client. Every call carries the signed-in person's own
/// token, so the console can never show or do more than that person may.
struct Peers: Sendable {
    let identity: HTTP2Transport
    let membership: HTTP2Transport
    let resources: HTTP2Transport
    let activities: HTTP2Transport
    let assessment: HTTP2Transport

    init(identity: String, membership: String, resources: String, activities: String, assessment: String) throws {
        self.identity = try HTTP2Transport(url: identity)
        self.membership = try HTTP2Transport(url: membership)
        self.resources = try HTTP2Transport(url: resources)
        self.activities = try HTTP2Transport(url: activities)
        self.assessment = try HTTP2Transport(url: assessment)
    }
}

extension RPCTransport {
    /// A call as `session`'s person.
    func call<P, R>(_ method: RPCMethod<P, R>, _ params: P, as session: ConsoleSession) async throws -> R {
        try await self.call(method, params, options: CallOptions(timeout: .seconds(30), bearerToken: session.accessToken))
    }
}
