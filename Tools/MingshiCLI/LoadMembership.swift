import ArgumentParser
import Foundation
import MembershipAPI
import Programme
import RPCClient

/// `mingshi load-membership`: the province at full scale for membership's benchmark — by default 600 studios in
/// Attachment 1's proportions, 15 subject leaders and 100 core members each (9,000 and 60,000) and 500,000
/// network memberships — through the service's own methods. Prints what it loaded and how long it took.
struct LoadMembership: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load membership at the scale of the province (benchmark).")

    @OptionGroup var endpoints: Endpoints
    @Option var studios = 600
    @Option var subjectLeaders = 15
    @Option var coreMembers = 100
    @Option(help: "Network memberships in all.") var networkMembers = 500_000
    @Option var seed: UInt64 = 1
    @Flag(help: "Make every studio provincial (the assessment benchmark ranks 600 provincial studios).")
    var allProvincial = false

    func run() async throws {
        let membership = try await self.endpoints.transport("membership")
        let identity = try await self.endpoints.transport("identity")
        let loader = MembershipLoader(membership: membership, batchSize: 4_000)
        let clock = ContinuousClock()
        let start = clock.now

        var plans = Array(DemoData.studios().prefix(self.studios))
        if self.allProvincial {
            plans = plans.map { plan in
                var plan = plan
                plan.level = .province
                plan.county = nil
                return plan
            }
        }
        try await loader.setQuotas(for: plans, headroom: 0)
        let studios = try await loader.createStudios(plans, keyPrefix: "scale")
        let studiosTime = clock.now - start

        var random = SeededRandom(seed: self.seed)
        var total = 0
        let perStudioNetwork = self.networkMembers / max(1, studios.count)
        let extra = self.networkMembers - perStudioNetwork * studios.count
        // One studio's roster at a time keeps the client's memory flat; each import is 4,000 entries (under the default 1 MiB body limit).
        var pending: [RosterPlan.Person] = []
        var batch = 0
        for (index, studio) in studios.enumerated() {
            let network = perStudioNetwork + (index < extra ? 1 : 0)
            let plan = RosterPlan(
                subjectLeaders: self.subjectLeaders...self.subjectLeaders,
                coreMembers: self.coreMembers...self.coreMembers,
                networkMembers: network...network
            )
            pending += plan.people(for: studio, index: index, random: &random)
            if pending.count >= 20_000 || index == studios.count - 1 {
                // Membership takes every person's profile from identity: their accounts come first.
                _ = try await RosterPlan.importAccounts(pending, into: identity)
                total += try await loader.importEntries(pending.map(\.entry), keyPrefix: "scale-\(self.seed)-\(batch)")
                batch += 1
                pending.removeAll(keepingCapacity: true)
                if Terminal.isInteractive { Terminal.progress("roster entries", total) }
            }
        }
        let elapsed = clock.now - start
        print("studios: \(studios.count) in \(Self.seconds(studiosTime)) s")
        print(
            "roster entries added: \(total) in \(Self.seconds(elapsed - studiosTime)) s (\(Int(Double(total) / max(0.001, Self.seconds(elapsed - studiosTime)))) per second)"
        )
        print("total: \(Self.seconds(elapsed)) s")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Progress on a terminal only: quiet when output goes to a file or a pipe.
enum Terminal {
    static var isInteractive: Bool { isatty(STDERR_FILENO) != 0 }

    static func progress(_ label: String, _ count: Int) {
        FileHandle.standardError.write(Data("\r\(label): \(count)".utf8))
    }
}
