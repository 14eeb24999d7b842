import ActivitiesAPI
import ArgumentParser
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import ResourcesAPI

/// `mingshi load-activities`: a year of activities for every active provincial studio at the scale of the
/// province (about 10 per studio with their participants, a lecture and an award per subject leader, a featured
/// project each), from the rosters membership holds, through `activities.importActivities`. For the assessment
/// benchmark, after `load-membership` and `load-resources`.
struct LoadActivities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load a year of activities at the scale of the province (benchmark).")

    @OptionGroup var endpoints: Endpoints
    @Option var year = 2026
    @Option var seed: UInt64 = 1

    func run() async throws {
        let membership = try await self.endpoints.transport("membership")
        let activities = try await self.endpoints.transport("activities")
        let clock = ContinuousClock()
        let start = clock.now
        var studios: [Studio] = []
        var token: String?
        repeat {
            let page = try await membership.call(Membership.listStudios, .init(level: .province, pageSize: 500, pageToken: token))
            studios += page.studios
            token = page.nextPageToken
        } while token != nil
        let rosters = try await Seed.concurrently(studios, limit: 16) { studio in
            (
                studio.id, try await Self.roster(of: studio, role: .subjectLeader, over: membership),
                try await Self.roster(of: studio, role: .coreMember, over: membership)
            )
        }
        var subjectLeaders: [String: [String]] = [:]
        var coreMembers: [String: [String]] = [:]
        for (id, leaders, cores) in rosters {
            subjectLeaders[id] = leaders
            coreMembers[id] = cores
        }
        // Everyone counted is an account: the leaders host and attend too.
        _ = try await RosterPlan.ensureLeaderAccounts(studios, identity: try await self.endpoints.transport("identity"))
        var random = SeededRandom(seed: self.seed)
        let plan = DemoActivities.plan(
            for: studios,
            subjectLeaders: subjectLeaders,
            coreMembers: coreMembers,
            year: self.year,
            random: &random
        )
        var total = try await activities.call(Activities.importActivities, .init(projects: plan.projects))
        for batch in Pages.of(plan.activities, maxCount: 500) {
            let result = try await activities.call(
                Activities.importActivities,
                .init(activities: batch),
                options: .init(timeout: .seconds(300))
            )
            total.activities += result.activities + result.unchanged
            total.participants += result.participants
            if Terminal.isInteractive { Terminal.progress("activities", total.activities) }
        }
        for batch in Pages.of(plan.records, maxCount: 4_000) {
            total.records += try await activities.call(Activities.importActivities, .init(records: batch)).records
        }
        let elapsed = LoadMembership.seconds(clock.now - start)
        print(
            "activities imported: \(total.activities) with \(total.participants) participants, \(total.records) lectures and awards, \(total.projects) projects over \(studios.count) studios in \(String(format: "%.1f", elapsed)) s"
        )
    }

    static func roster(of studio: Studio, role: MemberRole, over membership: HTTP2Transport) async throws -> [String] {
        var ids: [String] = []
        var token: String?
        repeat {
            let page = try await membership.call(Membership.getRoster, .init(studioID: studio.id, role: role, pageSize: 1000, pageToken: token))
            ids += page.members.map(\.profile.teacherID)
            token = page.nextPageToken
        } while token != nil
        return ids
    }
}
