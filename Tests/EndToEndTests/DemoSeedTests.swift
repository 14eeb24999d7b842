import AssessmentAPI
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import Testing

/// The demo loader behind the README's first command (`deploy/local/run-all.sh` runs `mingshi seed`), at a small
/// scale against the five services as processes: it loads studios of the three levels with their rosters,
/// resources and activities and ranks them; a second run with the same seed adds nothing and ranks the same.
@Suite("End to end: demo data at a small scale", .timeLimit(.minutes(10)))
struct DemoSeedTests {
    @Test("seed loads all three levels and ranks each; the same seed again adds nothing and gives the same ranking")
    func seed() async throws {
        try await withTemporaryDirectory { directory in
            // A demo training system, so the seed's applicants sign in as teachers do (R-APP-8).
            let training = directory.appendingPathComponent("training").path
            let jwks = try await ServiceProcess.run("mingshi", ["demo-training-system", "--dir", training])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try await Platform.with(in: directory, identityExtra: ["--training-jwks-file", jwks]) { platform in
                try await Self.check(platform, training: training)
            }
        }
    }

    static func check(_ platform: Platform, training: String) async throws {
        do {
            let (identity, membership, resources, activities, assessment) =
                (platform.identity, platform.membership, platform.resources, platform.activities, platform.assessment)
            let office = try await platform.mint("office", "provinceOffice")
            let leaderID = "t-330000000"
            let leader = try await platform.mint(leaderID, "teacher")
            let seed = [
                "seed", "--office-token", office, "--scale", "0.03", "--leader-token", leader,
                "--training-dir", training,
                "--peers-identity-url", identity.url, "--peers-membership-url", membership.url,
                "--peers-resources-url", resources.url, "--peers-activities-url", activities.url,
                "--peers-assessment-url", assessment.url,
            ]

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
            #expect(
                try await membership.transport(token: office).call(Membership.listStudios, .init(pageSize: 200)).totalCount
                    == studios.totalCount
            )
            let runs = try await assessment.transport(token: office).call(Assessment.listRuns, .init(year: 2019))
            #expect(runs.count == 2 && runs[0].passed == runs[1].passed && runs[0].idle == runs[1].idle)

            // This year's subject leaders of the leader's studio came through applications the leader decided
            // (R-APP-5…7); the one below R-APP-5 was refused when applying and left nothing behind.
            let studio = try #require(
                try await membership.transport(token: office).call(
                    Membership.listStudios,
                    .init(level: .province, pageSize: 200)
                ).studios.first { $0.leaderID == leaderID }
            )
            let year = currentYear()
            let applications = try await identity.transport(token: leader).call(
                Identity.listSubjectLeaderApplications,
                .init(year: year, studioID: studio.id)
            ).applications
            #expect(
                Set(applications.map(\.applicantID)) == ["t-339900001", "t-339900002", "t-339900003", "t-339900004"],
                "\(applications)"
            )
            #expect(applications.filter { $0.status == .approved }.map(\.applicantID).sorted() == ["t-339900001", "t-339900002"])
            #expect(applications.first { $0.applicantID == "t-339900003" }?.status == .declined)
            #expect(applications.first { $0.applicantID == "t-339900004" }?.status == .submitted)
            let roster = try await membership.transport(token: office).call(Membership.getRoster, .init(studioID: studio.id))
            for approved in applications where approved.status == .approved {
                #expect(roster.members.contains { $0.profile.teacherID == approved.applicantID && $0.role == .subjectLeader })
            }
            #expect(!roster.members.contains { $0.profile.teacherID == "t-339900005" })
        }
    }

    /// The programme year now, China time.
    static func currentYear() -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar.component(.year, from: Date())
    }
}
