import ActivitiesAPI
import AssessmentAPI
import Foundation
import JSONRPC
import MembershipAPI
import ResourcesAPI

/// Pulls a year's metrics of every active studio, of every level, from membership, then resources and activities
/// concurrently, 1,000 studios per call, over the shared HTTP/2 transports with the run's deadline.
///
/// Any failed or inconsistent answer fails the pull naming the service (the peer's status kept; UNAVAILABLE when it cannot be reached): a ranking is never
/// computed from partial data.
struct MetricPull: Sendable {
    let membership: any RPCTransport
    let resources: any RPCTransport
    let activities: any RPCTransport

    struct Pulled: Sendable {
        var snapshots: [StudioSnapshot]
        var sources: [MetricSource]
    }

    /// - Parameters:
    ///   - studioIDs: only these studios (a live checklist); every active studio when nil.
    ///   - options: the token to call with (the service's own for a live checklist); the caller's when absent.
    func pull(
        year: Int,
        anomalies: AnomalyThresholds? = nil,
        studioIDs: [String]? = nil,
        options: CallOptions = .init()
    )
        async throws -> Pulled
    {
        var rosters: [StudioMetrics] = []
        var rosterAsOf: Date?
        var token: String?
        repeat {
            let pageToken = token
            let page = try await Self.guarded("membership") {
                try await self.membership.call(
                    Membership.studioMetrics,
                    .init(year: year, studioIDs: studioIDs, pageSize: 1000, pageToken: pageToken),
                    options: options
                )
            }
            rosters += page.metrics.filter { $0.status == .active }
            rosterAsOf = rosterAsOf ?? page.asOf
            token = page.nextPageToken
        } while token != nil
        let membershipSource = MetricSource(
            service: "membership",
            method: Membership.studioMetrics.name,
            pulledAt: Date(),
            studios: rosters.count
        )
        let chunks = stride(from: 0, to: rosters.count, by: 1000).map { Array(rosters[$0..<min($0 + 1000, rosters.count)].map(\.studioID)) }
        async let resources = Self.guarded("resources") {
            try await withThrowingTaskGroup(of: [ResourceMetrics].self) { group in
                for ids in chunks {
                    group.addTask {
                        try await self.resources.call(Resources.studioMetrics, .init(year: year, studioIDs: ids), options: options).metrics
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }
        async let activities = Self.guarded("activities") {
            try await withThrowingTaskGroup(of: [ActivityMetrics].self) { group in
                for ids in chunks {
                    group.addTask {
                        try await self.activities.call(
                            Activities.studioMetrics,
                            .init(year: year, studioIDs: ids, anomalies: anomalies),
                            options: options
                        ).metrics
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }
        let byResources = Dictionary(try await resources.map { ($0.studioID, $0) }, uniquingKeysWith: { first, _ in first })
        let resourcesSource = MetricSource(service: "resources", method: Resources.studioMetrics.name, pulledAt: Date(), studios: byResources.count)
        let byActivities = Dictionary(try await activities.map { ($0.studioID, $0) }, uniquingKeysWith: { first, _ in first })
        let activitiesSource = MetricSource(
            service: "activities",
            method: Activities.studioMetrics.name,
            pulledAt: Date(),
            studios: byActivities.count
        )
        var snapshots: [StudioSnapshot] = []
        for roster in rosters {
            guard let resource = byResources[roster.studioID] else {
                throw RPCError.unavailable("resources answered without studio \(roster.studioID): the run stops rather than rank on partial data")
            }
            guard let activity = byActivities[roster.studioID] else {
                throw RPCError.unavailable("activities answered without studio \(roster.studioID): the run stops rather than rank on partial data")
            }
            snapshots.append(StudioSnapshot(membership: roster, resources: resource, activities: activity, rosterAsOf: rosterAsOf))
        }
        return Pulled(snapshots: snapshots, sources: [membershipSource, resourcesSource, activitiesSource])
    }

    /// Runs a pull from `service`. The peer's status passes through (a peer's DEADLINE_EXCEEDED stays
    /// DEADLINE_EXCEEDED, its PERMISSION_DENIED stays PERMISSION_DENIED) with the peer named in the message; the
    /// peer's `field` is left out, since it names the peer's params, not the caller's. Only a peer that cannot be
    /// reached is UNAVAILABLE.
    static func guarded<T: Sendable>(_ service: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await Self.guarded(body) { "the run could not pull metrics from \(service)" }
    }

    /// Runs a call to a peer, its failure described by `what` then the peer's own message (see above).
    static func guarded<T: Sendable>(_ body: @Sendable () async throws -> T, what: () -> String) async throws -> T {
        do {
            return try await body()
        } catch let error as RPCError {
            throw RPCError(error.status, "\(what()): \(error.message)", rule: error.rule)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw RPCError.unavailable("\(what()): \(error)")
        }
    }
}
