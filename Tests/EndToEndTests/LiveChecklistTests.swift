import ActivitiesAPI
import AssessmentAPI
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import Testing

/// The records a live line carries at most (the service's `LiveChecklistHandler.recordsPerLine`).
enum LiveChecklistHandlerLimit { static let recordsPerLine = 100 }

/// A studio's leader reads the checklist of their studio during the year, on the five processes: each line's number
/// is what the owners hold now, with its records and, where it fails, what is missing in words; a new activity
/// shows at the next call; nothing is stored as a result; only the leader and the studio's supervisors may read it.
@Suite("End to end: a leader's live checklist", .timeLimit(.minutes(10)))
struct LiveChecklistTests {
    @Test("the leader sees what is missing to pass now, with the records behind each line; others are refused")
    func liveChecklist() async throws {
        try await withTemporaryDirectory { directory in
            try await Platform.with(in: directory) { platform in try await Self.check(platform) }
        }
    }

    static func check(_ platform: Platform) async throws {
        let year = AnomalyFlagTests.year
        let office = try await platform.mint("office-1", "provinceOffice")
        let membership = try platform.membership.transport(token: office)
        let identity = try platform.identity.transport(token: office)
        let leaders = (0..<3).map { "t-ls-\($0)" }
        let members = (0..<10).map { "t-lm-\($0)" }
        try await TestAccounts.add(["t-live-lead", "t-other-lead"] + leaders + members, city: .hangzhou, office: identity)
        let studio = try await membership.call(
            Membership.importStudio,
            .init(
                studio: .init(
                    name: "进行中工作室",
                    level: .province,
                    city: .hangzhou,
                    stage: .primary,
                    subject: "数学",
                    kind: .subject,
                    leaderID: "t-live-lead"
                ),
                createdAt: AnomalyFlagTests.january(1),
                source: "测试"
            )
        )
        _ = try await membership.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-live"))
        _ = try await membership.call(
            Membership.importMembers,
            .init(
                entries:
                    leaders.map { .init(studioID: studio.id, role: .subjectLeader, teacherID: $0, joinedAt: AnomalyFlagTests.january(1)) }
                    + members.map { .init(studioID: studio.id, role: .networkMember, teacherID: $0, joinedAt: AnomalyFlagTests.january(1)) }
            )
        )
        let activities = try platform.activities.transport(token: office)
        func importActivity(_ serial: Int) async throws {
            let start = AnomalyFlagTests.january(5 + serial)
            _ = try await activities.call(
                Activities.importActivities,
                .init(activities: [
                    ImportedActivity(
                        externalID: "live-\(serial)",
                        studioID: studio.id,
                        title: "研修\(serial)",
                        kind: .research,
                        mode: .online,
                        startsAt: start,
                        endsAt: start.addingTimeInterval(3600),
                        hostID: leaders[0],
                        participants: Array(members.prefix(6)) + [leaders[0]]
                    )
                ])
            )
        }
        try await importActivity(0)
        try await importActivity(1)

        let leader = try platform.assessment.transport(token: try await platform.mint("t-live-lead", "teacher"))
        // Before the office loads the year's rules, the programme's own (version 0) judge, as a run would.
        #expect(try await leader.call(Assessment.getLiveChecklist, .init(studioID: studio.id, year: year)).ruleSetVersion == 0)
        let assessment = try platform.assessment.transport(token: office)
        _ = try await assessment.call(Assessment.loadRuleSet, .init(ruleSet: .default2019(year: year)))

        let live = try await leader.call(Assessment.getLiveChecklist, .init(studioID: studio.id, year: year))
        #expect(live.studioID == studio.id && live.year == year && live.floor == "province" && !live.passed && live.ruleSetVersion == 1)
        let held = try #require(live.lines.first { $0.check.metric == .activitiesHeld })
        #expect(held.check.value == 2 && held.total == 2)
        #expect(Set(held.records.map(\.id)) == ["ac-import-live-0", "ac-import-live-1"])
        #expect(held.records.allSatisfy { $0.service == "activities" && $0.method == "activities.getActivity" })
        #expect(held.missing?.contains("还差 \(Int(held.check.threshold) - 2)") == true, "\(held.missing ?? "nil")")
        let subjectLeaders = try #require(live.lines.first { $0.check.metric == .subjectLeaders })
        #expect(subjectLeaders.check.value == 3 && Set(subjectLeaders.records.map(\.id)) == Set(leaders))
        // Every failing line says what it lacks; every passing line says nothing.
        #expect(live.lines.allSatisfy { ($0.missing == nil) == $0.check.passed })
        // Each line's records add up to its number.
        for line in live.lines where line.total <= LiveChecklistHandlerLimit.recordsPerLine {
            #expect(line.records.reduce(0) { $0 + $1.contributed } == line.check.value, "\(line.check.metric)")
        }

        // A third activity shows at the next call; no run was made or stored.
        try await importActivity(2)
        let later = try await leader.call(Assessment.getLiveChecklist, .init(studioID: studio.id))
        #expect(later.lines.first { $0.check.metric == .activitiesHeld }?.check.value == 3)
        #expect(try await assessment.call(Assessment.listRuns, .init(year: year)).isEmpty)

        // Its workstation reads it; another studio's leader, another workstation and a city's admin for a
        // provincial studio do not.
        let workstation = try platform.assessment.transport(token: try await platform.mint("ws-live-user", "workstation", workstation: "ws-live"))
        #expect(try await workstation.call(Assessment.getLiveChecklist, .init(studioID: studio.id, year: year)).lines.count == live.lines.count)
        for (subject, role, workstation, city) in [
            ("t-other-lead", "teacher", nil, nil), ("ws-other", "workstation", "ws-elsewhere", nil),
            ("city-hz", "cityAdmin", nil, "hangzhou"),
        ] as [(String, String, String?, String?)] {
            let caller = try platform.assessment.transport(token: try await platform.mint(subject, role, city: city, workstation: workstation))
            let refused = await failure { try await caller.call(Assessment.getLiveChecklist, .init(studioID: studio.id, year: year)) }
            #expect(refused?.status == .permissionDenied && refused?.rule == "R-MGT-1", "\(subject): \(String(describing: refused))")
        }
        let missing = await failure { try await leader.call(Assessment.getLiveChecklist, .init(studioID: "st-none", year: year)) }
        #expect(missing?.status == .notFound && missing?.field == "studioID")
    }
}
