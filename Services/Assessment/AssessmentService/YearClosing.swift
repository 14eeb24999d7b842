import ActivitiesAPI
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import ResourcesAPI

/// Tells the owners of dated records (activities, resources) what a year's rules say of dating: the record window
/// when the rule set is loaded, and the year's closure when its run is frozen. Each owner keeps it in its own
/// records and refuses on its own what falls outside (R-MGT-2); both must have it before the freeze stands.
struct YearClosing: Sendable {
    let resources: any RPCTransport
    let activities: any RPCTransport

    /// Sends `request` to both owners, failing (nothing frozen or loaded) if either cannot take it.
    func send(_ request: SetYearPolicyRequest, doing what: String) async throws {
        async let resources = Self.guarded("resources", what) { try await self.resources.call(Resources.setYearPolicy, request) }
        async let activities = Self.guarded("activities", what) { try await self.activities.call(Activities.setYearPolicy, request) }
        _ = try await (resources, activities)
    }

    /// The peer's refusal with its status, or UNAVAILABLE when it cannot be reached, saying what waits on it.
    static func guarded<T: Sendable>(_ service: String, _ what: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await MetricPull.guarded(body) { "\(what) needs \(service) to record it" }
    }
}
