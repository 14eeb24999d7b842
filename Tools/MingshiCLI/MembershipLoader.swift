import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCClient

/// Fills membership through its own methods: quotas for the planned studios, the studios, then rosters in
/// batches of `importMembers`. Every call carries an idempotency key derived from the plan, so a rerun changes
/// nothing.
struct MembershipLoader {
    let membership: any RPCTransport
    var batchSize = 2_000

    /// City quotas per city and county quotas per county, enough for the planned studios plus `headroom`.
    func setQuotas(for plans: [CreateStudioRequest], headroom: Int) async throws {
        var needed: [String: (SetQuotaRequest, Int)] = [:]
        for plan in plans where plan.level != .province {
            let county = plan.level == .county ? plan.county : nil
            let key = "\(plan.city.rawValue)/\(plan.level.rawValue)/\(county ?? "")"
            let count = (needed[key]?.1 ?? 0) + 1
            needed[key] = (SetQuotaRequest(city: plan.city, county: county, level: plan.level, limit: count + headroom), count)
            // The county of a city studio has room for it too, should it be demoted (R-LVL-2, R-LVL-3).
            if plan.level == .city, let county = plan.county, needed["\(plan.city.rawValue)/county/\(county)"] == nil {
                needed["\(plan.city.rawValue)/county/\(county)"] = (
                    SetQuotaRequest(city: plan.city, county: county, level: .county, limit: headroom), 0
                )
            }
        }
        for (request, _) in needed.values.sorted(by: { $0.0.city.rawValue + ($0.0.county ?? "") < $1.0.city.rawValue + ($1.0.county ?? "") }) {
            _ = try await self.membership.call(Membership.setQuota, request)
        }
    }

    /// The studios of the 2019 notice were founded before the platform: the office imports them, each dated the day
    /// of the notice's Attachment 1 (2019-01-28, China time) and naming it as the source.
    func createStudios(_ plans: [CreateStudioRequest], keyPrefix: String) async throws -> [Studio] {
        try await Seed.concurrently(plans.enumerated(), limit: 16) { index, plan in
            try await self.membership.call(
                Membership.importStudio,
                .init(studio: plan, createdAt: Self.attachment1Day, source: Self.attachment1Source),
                options: .init(idempotencyKey: "\(keyPrefix)-studio-\(index)")
            )
        }
    }

    /// 2019-01-28 00:00 in China.
    static let attachment1Day = Date(timeIntervalSince1970: 1_548_604_800)
    static let attachment1Source = "2019年浙江省名师网络工作室通知附件1（截至2019年1月28日）"

    /// Imports `entries` in batches, four calls in flight; returns how many were added.
    ///
    /// Subject leaders go first, in batches of their own: membership gives each imported core member the
    /// least-loaded mentor among the subject leaders already on the roster, so a core-member batch committed
    /// before its studio's subject leaders would leave them unmentored (R-COMP-5) — and which came first would
    /// depend on timing.
    func importEntries(
        _ entries: [ImportMembersRequest.Entry],
        keyPrefix: String,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Int {
        let leaders = entries.filter { $0.role == .subjectLeader }
        let others = entries.filter { $0.role != .subjectLeader }
        let first = try await self.importBatches(leaders, keyPrefix: keyPrefix + "-leaders", progress: progress)
        return first + (try await self.importBatches(others, keyPrefix: keyPrefix, progress: progress))
    }

    private func importBatches(
        _ entries: [ImportMembersRequest.Entry],
        keyPrefix: String,
        progress: (@Sendable (Int) -> Void)?
    ) async throws -> Int {
        let batches = Pages.of(entries, maxCount: self.batchSize)
        let added = try await Seed.concurrently(batches.enumerated(), limit: 4) { index, batch in
            let result = try await self.membership.call(
                Membership.importMembers,
                .init(entries: batch),
                options: .init(idempotencyKey: "\(keyPrefix)-roster-\(index)")
            )
            progress?(index)
            return result.added
        }
        return added.reduce(0, +)
    }
}
