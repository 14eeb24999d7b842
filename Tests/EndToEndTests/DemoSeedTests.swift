import AssessmentAPI
import Foundation
import JSONRPC
import MembershipAPI
import RPCClient
import RPCTesting
import Testing

/// The demo loader behind the README's first command (`deploy/local/run-all.sh` runs `mingshi seed`), at a small
/// scale against the five services as processes: it loads studios of the three levels with their rosters,
/// resources and activities and ranks them; a second run with the same seed adds nothing and ranks the same.
@Suite("End to end: demo data at a small scale", .timeLimit(.minutes(4)))
struct DemoSeedTests {
    @Test("seed loads all three levels and ranks each; the same seed again adds nothing and gives the same ranking")
    func seed() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.path
            let identity = try await ServiceProcess(
                "identity", arguments: ["--http-port", "0", "--data-dir", "\(data)/identity"], logDirectory: directory)
            let membership = try await ServiceProcess("membership", arguments: [
                "--http-port", "0", "--data-dir", "\(data)/membership", "--peers-identity-url", identity.url,
            ], logDirectory: directory)
            let withMembership = ["--peers-identity-url", identity.url, "--peers-membership-url", membership.url]
            let resources = try await ServiceProcess(
                "resources", arguments: ["--http-port", "0", "--data-dir", "\(data)/resources"] + withMembership, logDirectory: directory)
            let activities = try await ServiceProcess("activities", arguments: [
                "--http-port", "0", "--data-dir", "\(data)/activities", "--peers-resources-url", resources.url,
            ] + withMembership, logDirectory: directory)
            let assessment = try await ServiceProcess("assessment", arguments: [
                "--http-port", "0", "--data-dir", "\(data)/assessment", "--peers-resources-url", resources.url,
                "--peers-activities-url", activities.url,
            ] + withMembership, logDirectory: directory)
            let office = try await ServiceProcess.run(
                "identity", ["mint-token", "--data-dir", "\(data)/identity", "--subject", "office", "--role", "provinceOffice"]
            ).trimmingCharacters(in: .whitespacesAndNewlines)
            let seed = ["seed", "--office-token", office, "--scale", "0.03",
                        "--peers-identity-url", identity.url, "--peers-membership-url", membership.url,
                        "--peers-resources-url", resources.url, "--peers-activities-url", activities.url,
                        "--peers-assessment-url", assessment.url]

            let first = try await ServiceProcess.run("mingshi", seed)
            // "assessment 2019: run run-…, N studios, P passed, I idle"
            func counts(_ output: String) -> [Int] {
                let line = output.split(separator: "\n").first { $0.hasPrefix("assessment 2019:") }.map(String.init) ?? ""
                return line.split(separator: ",").dropFirst().compactMap { Int($0.split(separator: " ").first ?? "") }
            }
            let ranked = counts(first)
            #expect(ranked.count == 3, "\(first)")
            let studios = try await membership.transport(token: office).call(Membership.listStudios, .init(pageSize: 200))
            #expect(ranked.first == studios.totalCount)
            #expect(Set(studios.studios.map(\.level)) == Set(StudioLevel.allCases))
            #expect(first.contains("roster entries: ") && first.contains("resources: ") && first.contains("activities: "))

            // Every level has its ranking, with passes, and the provincial one has tiers.
            for level in StudioLevel.allCases {
                let ranking = try await assessment.transport(token: office).call(Assessment.getRanking, .init(year: 2019, level: level))
                #expect(!ranking.rows.isEmpty && ranking.rows.allSatisfy { $0.level == level }, "\(level)")
                #expect(ranking.rows.map(\.rank) == Array(1...ranking.rows.count), "\(level)")
            }
            let provincial = try await assessment.transport(token: office).call(Assessment.getRanking, .init(year: 2019, passed: true))
            #expect(!provincial.rows.isEmpty && provincial.rows.first?.tier == "一档")

            // Idempotent and seeded: nothing added, the same numbers ranked the same way.
            let second = try await ServiceProcess.run("mingshi", seed)
            #expect(counts(second) == ranked, "\(second)")
            #expect(try await membership.transport(token: office).call(Membership.listStudios, .init(pageSize: 200)).totalCount
                    == studios.totalCount)
            let runs = try await assessment.transport(token: office).call(Assessment.listRuns, .init(year: 2019))
            #expect(runs.count == 2 && runs[0].passed == runs[1].passed && runs[0].idle == runs[1].idle)

            for service in [assessment, activities, resources, membership, identity] { _ = await service.terminate() }
        }
    }
}
