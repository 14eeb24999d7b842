import ActivitiesAPI
import AssessmentAPI
import Crypto
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI
import Testing

/// A year of four provincial and two county studios set up through the services' own methods, assessed with all
/// five services as separate processes: rules pass and fail at their thresholds, tiers, badges and idle flags fall
/// where the 2019 rules say, each level is ranked on its own, a service stopped mid-year makes the run fail cleanly,
/// the frozen run never changes and survives restarts, credits are pulled once, closures, demotions and promotions
/// reach membership within the quotas.
@Suite("End to end: a year assessed across the five services", .timeLimit(.minutes(10)))
struct AssessmentYearTests {
    static let year: Int = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar.component(.year, from: Date())
    }()

    /// A day of this year (China time), before today for any date after mid-March.
    static func day(_ month: Int, _ day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let date = calendar.date(from: DateComponents(year: Self.year, month: month, day: day, hour: 9))!
        return min(date, Date().addingTimeInterval(-Double(13 - month) * 3600))
    }

    @Test("run → checks at thresholds, tiers, badge, idle; a stopped service fails the run; freeze, credits, outcomes, restarts")
    func assessedYear() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.path
            let ports = try await (0..<5).asyncMap { _ in try await freeLocalPort() }
            let names = ["identity", "membership", "resources", "activities", "assessment"]
            let urls = Dictionary(uniqueKeysWithValues: zip(names, ports.map { "http://127.0.0.1:\($0)" }))
            func start(_ name: String) async throws -> ServiceProcess {
                let peers = names.filter { $0 != name }.flatMap { ["--peers-\($0)-url", urls[$0]!] }
                return try await ServiceProcess(
                    name,
                    arguments: [
                        "--http-port", "\(ports[names.firstIndex(of: name)!])", "--data-dir", "\(data)/\(name)",
                    ] + peers,
                    logDirectory: directory
                )
            }
            var services: [String: ServiceProcess] = [:]
            for name in names { services[name] = try await start(name) }
            let office = try await ServiceProcess.run(
                "identity",
                ["mint-token", "--data-dir", "\(data)/identity", "--subject", "office", "--role", "provinceOffice"]
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
            func transport(_ name: String, token: String? = nil) throws -> HTTP2Transport {
                try services[name]!.transport(token: token ?? office)
            }

            // Four provincial studios: A meets every rule; B has 9 premium resources (R-TASK-5); C is idle; D's
            // biggest activity has 49 people (R-TASK-9). Two county studios, E (Hangzhou) and F (Jiaxing), and a city
            // studio G (Ningbo) meet every rule like A. Each of the four cities has room for one city studio — in
            // Ningbo, G's.
            let membership = try transport("membership")
            var studios: [Studio] = []
            let cities = [City.hangzhou, .ningbo, .wenzhou, .jiaxing, .hangzhou, .jiaxing, .ningbo]
            for city in cities.prefix(4) { _ = try await membership.call(Membership.setQuota, .init(city: city, level: .city, limit: 1)) }
            for city in [City.hangzhou, .jiaxing] {
                _ = try await membership.call(Membership.setQuota, .init(city: city, county: "某区", level: .county, limit: 1))
            }
            for (index, city) in cities.enumerated() {
                let level: StudioLevel = index < 4 ? .province : (index < 6 ? .county : .city)
                let plan = CreateStudioRequest(
                    name: "工作室\(["A", "B", "C", "D", "E", "F", "G"][index])",
                    level: level,
                    city: city,
                    county: level == .county ? "某区" : nil,
                    stage: .primary,
                    subject: "数学",
                    kind: .subject,
                    leaderID: index == 6 ? "t-leader-g" : "leader-\(index)"
                )
                // Founded on 1 January, before their rosters (2 January).
                let studio = try await membership.call(Membership.importStudio, .init(studio: plan, createdAt: Self.day(1, 1), source: "测试"))
                if level == .province {
                    _ = try await membership.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-1"))
                }
                _ = try await membership.call(
                    Membership.setPairedSchool,
                    .init(
                        studioID: studio.id,
                        school: .init(
                            name: "乡村中心小学",
                            city: city,
                            county: "某县",
                            kind: .villageSchool
                        )
                    )
                )
                let leaders = (0..<10).map { "t-sl-\(index)-\($0)" }
                let cores = (0..<100).map { "t-core-\(index)-\($0)" }
                let identity = try transport("identity")
                // G's leader is a 省特级教师: G may become provincial (R-APP-1).
                if index == 6 { try await TestAccounts.add(["t-leader-g"], city: city, honours: "省特级教师", office: identity) }
                try await TestAccounts.add(Array(leaders.prefix(5)), city: city, rural: true, office: identity)
                try await TestAccounts.add(Array(leaders.suffix(5)) + cores, city: city, office: identity)
                let leaderEntries = leaders.map {
                    ImportMembersRequest.Entry(studioID: studio.id, role: .subjectLeader, teacherID: $0, joinedAt: Self.day(1, 2))
                }
                let coreEntries = cores.enumerated().map { serial, id in
                    ImportMembersRequest.Entry(
                        studioID: studio.id,
                        role: .coreMember,
                        teacherID: id,
                        mentorID: leaders[serial % 10],
                        joinedAt: Self.day(1, 2)
                    )
                }
                _ = try await membership.call(Membership.importMembers, .init(entries: leaderEntries + coreEntries))
                studios.append(studio)
            }
            let (a, b, c, d) = (studios[0], studios[1], studios[2], studios[3])
            let (e, f, g) = (studios[4], studios[5], studios[6])

            // Resources: one stored PDF; A, D 10 premium and a completed branded series; B 9 premium; C 2 resources.
            let pdf = Data("%PDF-1.4\n% 资料\n%%EOF\n".utf8)
            let sha256 = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
            #expect(try await transport("resources").send("PUT", path: "/files/\(sha256)", body: DataBodySource(pdf)).status == 201)
            var resources: [ImportedResource] = []
            for (index, studio) in studios.enumerated() {
                let count = studio.id == c.id ? 2 : 12
                let premium = studio.id == b.id ? 9 : (studio.id == c.id ? 0 : 10)
                for serial in 0..<count {
                    resources.append(
                        ImportedResource(
                            externalID: "r-\(index)-\(serial)",
                            authorID: studio.leaderID,
                            resource: .init(
                                studioID: studio.id,
                                title: "资源\(serial)",
                                type: .lessonDesign,
                                stage: .primary,
                                subject: "数学",
                                year: Self.year,
                                visibility: .public,
                                files: [.init(sha256: sha256, fileName: "a.pdf")]
                            ),
                            premiumYears: serial < premium ? [Self.year] : nil
                        )
                    )
                }
                if studio.id != c.id {
                    resources.append(
                        ImportedResource(
                            externalID: "s-\(index)",
                            authorID: studio.leaderID,
                            resource: .init(
                                studioID: studio.id,
                                title: "专题",
                                type: .themedSeries,
                                stage: .primary,
                                subject: "数学",
                                year: Self.year,
                                visibility: .public,
                                series: .init(theme: "大单元", items: ["rs-import-r-\(index)-0"], branded: true)
                            ),
                            seriesCompleted: true
                        )
                    )
                }
            }
            _ = try await transport("resources").call(Resources.importResources, .init(entries: resources))

            // Activities: each subject leader hosts one (with half the subject leaders and 10+ people), the first is
            // send-teaching, one has 50 people (49 for D), 2 cases, a lecture and an award per subject leader, and a
            // live-stream project with 4 live streams. C held one activity only.
            var imported = ImportActivitiesRequest()
            for (index, studio) in studios.enumerated() where studio.id != c.id {
                imported.projects.append(
                    ImportedProject(
                        externalID: "p-\(index)",
                        project: .init(
                            studioID: studio.id,
                            year: Self.year,
                            type: .liveStreamSeries,
                            theme: "名师课堂",
                            description: "直播"
                        ),
                        status: .approved
                    )
                )
                let leaders = (0..<10).map { "t-sl-\(index)-\($0)" }
                for (serial, host) in leaders.enumerated() {
                    let big = serial == 1
                    let people = Array(leaders.prefix(5)) + (0..<(big ? (studio.id == d.id ? 44 : 45) : 5)).map { "t-core-\(index)-\($0)" }
                    // Each on its own day: a teacher is in one activity at a time (R-ACT-1).
                    let start = Self.day(2 + serial % 9, 10 + serial / 9 * 5)
                    imported.activities.append(
                        ImportedActivity(
                            externalID: "a-\(index)-\(serial)",
                            studioID: studio.id,
                            title: "研修\(serial)",
                            kind: serial == 0 ? .sendTeaching : (serial < 5 ? .liveStream : .research),
                            mode: .both,
                            startsAt: start,
                            endsAt: start.addingTimeInterval(7200),
                            hostID: host,
                            participants: Array(Set(people + [host])),
                            caseTitle: serial < 2 ? "案例\(serial)" : nil,
                            projectExternalID: (1..<5).contains(serial) ? "p-\(index)" : nil
                        )
                    )
                    for kind in [SubjectLeaderRecord.Kind.lecture, .award] {
                        imported.records.append(
                            ImportedRecord(
                                externalID: "\(kind.rawValue)-\(index)-\(serial)",
                                record: .init(
                                    studioID: studio.id,
                                    teacherID: host,
                                    kind: kind,
                                    title: "示范",
                                    level: kind == .award ? .province : .city,
                                    rank: kind == .award ? "一等奖" : nil,
                                    date: "\(Self.year)-03-01",
                                    evidence: Evidence(sha256: sha256)
                                )
                            )
                        )
                    }
                }
            }
            imported.activities.append(
                ImportedActivity(
                    externalID: "a-c",
                    studioID: c.id,
                    title: "唯一一次",
                    kind: .research,
                    mode: .online,
                    startsAt: Self.day(3, 1),
                    endsAt: Self.day(3, 1).addingTimeInterval(3600),
                    hostID: "t-sl-2-0",
                    participants: ["t-sl-2-0"]
                )
            )
            _ = try await transport("activities").call(Activities.importActivities, imported, options: .init(timeout: .seconds(60)))

            // The run.
            let assessment = try transport("assessment")
            // The studios were created today: the rule set gives them no new-studio grace, so closures and
            // demotions are proposed whatever the date of the run (the grace has its own tests).
            var rules = RuleSet.default2019(year: Self.year)
            rules.newStudios = RuleSet.NewStudioRule.off
            _ = try await assessment.call(Assessment.loadRuleSet, .init(ruleSet: rules))
            let run = try await assessment.call(Assessment.runAssessment, .init(year: Self.year), options: .init(timeout: .seconds(60)))
            #expect(run.studios == 7)
            #expect(run.passed == 4)
            #expect(
                run.levels == [
                    .init(level: .province, studios: 4, passed: 1, idle: 1), .init(level: .city, studios: 1, passed: 1, idle: 0),
                    .init(level: .county, studios: 2, passed: 2, idle: 0),
                ]
            )
            #expect(run.idle == 1)
            #expect(run.sources.map(\.service) == ["membership", "resources", "activities"])
            func report(_ studio: Studio, token: String? = nil) async throws -> StudioResult {
                try await transport("assessment", token: token).call(Assessment.getStudioReport, .init(year: Self.year, studioID: studio.id)).result
            }
            func failed(_ result: StudioResult) -> [String] { result.checklist.filter { !$0.passed }.map(\.rule) }
            let resultA = try await report(a)
            #expect(failed(resultA) == [], "A failed \(failed(resultA))")
            #expect(resultA.passed && resultA.badge && resultA.tier == "一档" && resultA.amount == 100_000 && resultA.rank == 1)
            // A's year came through the office's import, and its report says so.
            #expect(resultA.metrics["activitiesImported"] == resultA.metrics["activitiesHeld"])
            let resultB = try await report(b)
            #expect(failed(resultB) == ["R-TASK-5"])
            #expect(
                resultB.checklist.first { $0.rule == "R-TASK-5" }.map { ($0.value, $0.threshold, $0.source) } ?? (0, 0, "") == (9, 10, "resources")
            )
            #expect(!resultB.badge && resultB.tier == nil && resultB.proposal == .demote)
            let resultC = try await report(c)
            #expect(resultC.idle && resultC.proposal == .close)
            let resultD = try await report(d)
            #expect(failed(resultD) == ["R-TASK-9"])
            try await Self.checkProvenance(of: a, b: b, transport: transport, leaderData: "\(data)/identity")
            // E and F pass and lead the county ranking, G the city one: no tier, badge or credits (provincial), all
            // proposed for promotion one level (R-LVL-2).
            for result in [try await report(e), try await report(f), try await report(g)] {
                #expect(result.passed && result.level != .province && result.tier == nil && !result.badge && result.proposal == .promote)
            }

            // Who sees what: the ranking for every admin, a report for its leader and workstation only.
            let leaderA = try await ServiceProcess.run(
                "identity",
                ["mint-token", "--data-dir", "\(data)/identity", "--subject", "leader-0", "--role", "teacher"]
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await report(a, token: leaderA).studioID == a.id)
            let refused = await failure { try await report(b, token: leaderA) }
            #expect(refused?.status == .permissionDenied)
            // A city's admins read the reports of its city and county studios, not of its provincial ones or of
            // another city's (R-LVL-3).
            func cityAdmin(_ city: City) async throws -> String {
                try await ServiceProcess.run(
                    "identity",
                    [
                        "mint-token", "--data-dir", "\(data)/identity", "--subject", "admin-\(city.rawValue)",
                        "--role", "cityAdmin", "--city", city.rawValue,
                    ]
                )
                .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let hangzhouAdmin = try await cityAdmin(.hangzhou)
            #expect(try await report(e, token: hangzhouAdmin).studioID == e.id)
            #expect(await failure { try await report(a, token: hangzhouAdmin) }?.status == .permissionDenied)
            #expect(await failure { try await report(e, token: try await cityAdmin(.ningbo)) }?.status == .permissionDenied)
            let ranking = try await assessment.call(Assessment.getRanking, .init(year: Self.year))
            #expect(ranking.rows.map(\.studioID).first == a.id)
            #expect(ranking.rows.count == 4 && ranking.rows.allSatisfy { $0.level == .province })
            let counties = try await assessment.call(Assessment.getRanking, .init(year: Self.year, level: .county))
            #expect(Set(counties.rows.map(\.studioID)) == [e.id, f.id] && counties.rows.map(\.rank) == [1, 2])
            #expect(try await assessment.call(Assessment.listIdleStudios, .init(year: Self.year)).rows.map(\.studioID) == [c.id])

            // Activities down: the run fails with UNAVAILABLE naming it; no ranking from partial data.
            #expect(await services["activities"]!.terminate() == 0)
            let down = await failure { try await assessment.call(Assessment.runAssessment, .init(year: Self.year)) }
            #expect(down?.status == .unavailable)
            #expect(down?.message.contains("activities") == true)
            #expect(try await assessment.call(Assessment.listRuns, .init(year: Self.year)).count == 1)
            services["activities"] = try await start("activities")

            // Freeze: credits for A's leader and 10 subject leaders, pulled once; the year cannot be re-run.
            _ = try await assessment.call(Assessment.freezeRun, .init(runID: run.id))
            let again = await failure { try await assessment.call(Assessment.runAssessment, .init(year: Self.year)) }
            #expect(again?.rule == "R-MGT-2")
            let credits = try await assessment.call(Assessment.pullCredits, .init(cursor: 0))
            #expect(credits.entries.count == 11)
            #expect(Set(credits.entries.map(\.credits)) == [30])
            #expect(try await assessment.call(Assessment.pullCredits, .init(cursor: credits.cursor)).entries.isEmpty)
            // Each teacher reads their own: A's leader and a subject leader their credits and A's badge; B's leader none.
            let mine = try await transport("assessment", token: leaderA).call(Assessment.getMyRecord, .init())
            #expect(mine.credits.map(\.credits) == [30] && mine.credits.first?.studioID == a.id)
            #expect(mine.badges.map(\.studioID) == [a.id] && mine.badges.first?.role == "leader" && mine.badges.first?.year == Self.year)
            let subjectLeader = try await ServiceProcess.run(
                "identity",
                ["mint-token", "--data-dir", "\(data)/identity", "--subject", "t-sl-0-3", "--role", "teacher"]
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
            let theirs = try await transport("assessment", token: subjectLeader).call(Assessment.getMyRecord, .init())
            #expect(theirs.badges.map(\.role) == ["subjectLeader"] && theirs.credits.count == 1)
            let leaderB = try await ServiceProcess.run(
                "identity",
                ["mint-token", "--data-dir", "\(data)/identity", "--subject", "leader-1", "--role", "teacher"]
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
            let none = try await transport("assessment", token: leaderB).call(Assessment.getMyRecord, .init())
            #expect(none.credits.isEmpty && none.badges.isEmpty)
            // The frozen year is closed at the owners of its records: nothing can be dated in it any more, by the
            // studio or by an import (R-MGT-2), and what was counted stays as it was.
            let countedActivities = try await transport("activities").call(
                Activities.studioMetrics,
                .init(
                    year: Self.year,
                    studioIDs: [a.id]
                )
            ).metrics[0].activities.count
            let soon = Date().addingTimeInterval(3_600)
            let lateActivity = await failure {
                try await transport("activities", token: leaderA).call(
                    Activities.scheduleActivity,
                    .init(
                        studioID: a.id,
                        title: "补办的研修",
                        mode: .online,
                        kind: .research,
                        link: "https://live.zjer.cn/x",
                        startsAt: soon,
                        endsAt: soon.addingTimeInterval(3_600)
                    )
                )
            }
            #expect(lateActivity?.rule == "R-MGT-2")
            let lateImport = await failure {
                try await transport("activities").call(
                    Activities.importActivities,
                    .init(activities: [
                        ImportedActivity(
                            externalID: "late",
                            studioID: a.id,
                            title: "补录",
                            kind: .research,
                            mode: .online,
                            startsAt: Self.day(4, 1),
                            endsAt: Self.day(4, 1).addingTimeInterval(3_600),
                            hostID: "t-sl-0-0",
                            participants: ["t-sl-0-0"]
                        )
                    ])
                )
            }
            #expect(lateImport?.rule == "R-MGT-2")
            let lateResource = await failure {
                try await transport("resources", token: leaderA).call(
                    Resources.createResource,
                    .init(
                        studioID: a.id,
                        title: "补交的资源",
                        type: .lessonDesign,
                        stage: .primary,
                        subject: "数学",
                        year: Self.year,
                        visibility: .public,
                        files: [.init(sha256: sha256, fileName: "a.pdf")]
                    )
                )
            }
            #expect(lateResource?.rule == "R-MGT-2")
            #expect(try await transport("activities").call(Activities.getYearPolicy, .init(year: Self.year)).closedByRun == run.id)
            #expect(try await transport("resources").call(Resources.getYearPolicy, .init(year: Self.year)).closedByRun == run.id)
            #expect(
                try await transport("activities").call(
                    Activities.studioMetrics,
                    .init(
                        year: Self.year,
                        studioIDs: [a.id]
                    )
                ).metrics[0].activities.count == countedActivities
            )
            // A frozen line is compared with its owner now: nothing changed, and it says so.
            let frozenHeld = try await assessment.call(Assessment.getLineRecords, .init(year: Self.year, studioID: a.id, metric: .activitiesHeld))
            #expect(frozenHeld.frozen && frozenHeld.comparedAt != nil && frozenHeld.changedSince == 0 && frozenHeld.addedSince == 0)
            #expect(frozenHeld.records.allSatisfy { $0.changedSince == nil })
            // A record changed behind the doors (a repair of the stopped store cancels one counted activity): the
            // frozen line still holds it and its number, and says it changed since.
            #expect(await services["activities"]!.terminate() == 0)
            let repaired = try DatabaseQueue(path: "\(data)/activities/activities.sqlite")
            try await repaired.write { db in
                try db.execute(sql: "UPDATE activity SET status = 'cancelled' WHERE id = ?", arguments: ["ac-import-a-0-0"])
            }
            try await repaired.close()
            services["activities"] = try await start("activities")
            let changed = try await assessment.call(Assessment.getLineRecords, .init(year: Self.year, studioID: a.id, metric: .activitiesHeld))
            #expect(changed.value == frozenHeld.value && changed.total == frozenHeld.total && changed.changedSince == 1)
            #expect(changed.records.map(\.id) == frozenHeld.records.map(\.id))
            #expect(changed.records.first { $0.id == "ac-import-a-0-0" }?.changedSince == "no longer counted")
            // Roster lines are the roster as of the pull, never rewritten: not compared.
            #expect(
                try await assessment.call(Assessment.getLineRecords, .init(year: Self.year, studioID: a.id, metric: .subjectLeaders)).comparedAt
                    == nil
            )
            let csv = try await assessment.call(Assessment.exportRanking, .init(year: Self.year)).csv
            #expect(csv.hasPrefix("\u{FEFF}级别,排名,"))
            #expect(csv.contains("县级,1,"))

            // Outcomes: C closed; D demoted; B's demotion first refused (G holds Ningbo's only city place), then
            // applied once G's promotion to the province freed it; E promoted into Hangzhou's free city place; F's
            // promotion refused, as D's demotion took Jiaxing's only city place (R-LVL-3). Applying again changes
            // nothing more.
            let applied = try await assessment.call(Assessment.applyOutcomes, .init(runID: run.id), options: .init(timeout: .seconds(60)))
            #expect(applied.closed == [c.id])
            #expect(Set(applied.demoted) == [b.id, d.id])
            #expect(Set(applied.promoted) == [e.id, g.id])
            #expect(try await membership.call(Membership.getStudio, .init(id: g.id)).level == .province)
            #expect(
                applied.notApplied.count == 1 && applied.notApplied.first?.contains(f.id) == true
                    && applied.notApplied.first?.contains("quota") == true,
                "\(applied.notApplied)"
            )
            #expect(try await membership.call(Membership.getStudio, .init(id: e.id)).level == .city)
            #expect(try await membership.call(Membership.getStudio, .init(id: f.id)).level == .county)
            #expect(try await membership.call(Membership.getStudioHistory, .init(studioID: e.id)).events.last?.kind == .promoted)
            #expect(try await membership.call(Membership.getStudio, .init(id: c.id)).status == .closed)
            #expect(try await membership.call(Membership.getStudio, .init(id: b.id)).level == .city)
            let reapplied = try await assessment.call(Assessment.applyOutcomes, .init(runID: run.id), options: .init(timeout: .seconds(60)))
            #expect(reapplied.closed == [c.id] && Set(reapplied.demoted) == [b.id, d.id] && Set(reapplied.promoted) == [e.id, g.id])
            #expect(reapplied.notApplied.count == 1)

            // Every service restarts; the frozen ranking is what it was.
            for name in names.reversed() { #expect(await services[name]!.terminate() == 0, "\(name)") }
            for name in names { services[name] = try await start(name) }
            let after = try await transport("assessment").call(Assessment.getRanking, .init(year: Self.year))
            #expect(after.rows == ranking.rows)
            #expect(after.run.status == .frozen)
            #expect(try await transport("membership").call(Membership.getStudio, .init(id: c.id)).status == .closed)
            for name in names.reversed() { _ = await services[name]!.terminate() }
        }
    }

    /// Every line of A's result opens onto exactly the records the test created: its ten activities (and their
    /// people), its ten premium resources, its ten subject leaders (five rural) as of the pull, its two cases; pages
    /// cover each line once; a leader reads the lines of their own studio only.
    static func checkProvenance(
        of a: Studio,
        b: Studio,
        transport: (String, String?) throws -> HTTP2Transport,
        leaderData: String
    ) async throws {
        let assessment = try transport("assessment", nil)
        func line(_ metric: Metric, pageSize: Int = 1000) async throws -> (page: LineRecordsPage, records: [LineRecord]) {
            var records: [LineRecord] = []
            var token: String?
            var first: LineRecordsPage?
            repeat {
                let page = try await assessment.call(
                    Assessment.getLineRecords,
                    .init(
                        year: Self.year,
                        studioID: a.id,
                        metric: metric,
                        pageSize: pageSize,
                        pageToken: token
                    )
                )
                first = first ?? page
                records += page.records
                token = page.nextPageToken
            } while token != nil
            return (first!, records)
        }
        let activityIDs = Set((0..<10).map { "ac-import-a-0-\($0)" })
        let held = try await line(.activitiesHeld, pageSize: 3)
        #expect(held.page.value == 10 && held.page.total == 10)
        #expect(Set(held.records.map(\.id)) == activityIDs && held.records.count == 10)
        #expect(held.records.allSatisfy { $0.service == "activities" && $0.method == "activities.getActivity" && $0.day != nil })
        // Each record is answered by its owner with the params given.
        let activities = try transport("activities", nil)
        let first = try #require(held.records.first)
        #expect(try await activities.call(Activities.getActivity, .init(id: first.params["id"] ?? "")).id == first.id)

        let participants = try await line(.participants)
        #expect(participants.records.reduce(0) { $0 + $1.contributed } == participants.page.value)
        for record in participants.records.prefix(3) {
            let listed = try await activities.call(Activities.listParticipants, .init(id: record.id))
            #expect(Double(listed.participants.count) == record.contributed)
        }
        let premium = try await line(.premiumResources)
        #expect(Set(premium.records.map(\.id)) == Set((0..<10).map { "rs-import-r-0-\($0)" }))
        #expect(premium.records.allSatisfy { $0.method == "resources.getResource" })
        let cases = try await line(.cases)
        #expect(Set(cases.records.map(\.id)) == ["ac-import-a-0-0", "ac-import-a-0-1"])

        let leaders = try await line(.subjectLeaders)
        #expect(Set(leaders.records.map(\.id)) == Set((0..<10).map { "t-sl-0-\($0)" }))
        #expect(leaders.page.asOf != nil)
        let rural = try await line(.ruralSubjectLeaders)
        #expect(Set(rural.records.map(\.id)) == Set((0..<5).map { "t-sl-0-\($0)" }))
        #expect(try await line(.coreMembers).records.count == 100)
        #expect(try await line(.subjectLeadersWithoutCityLecture).records.isEmpty)

        // A's leader reads A's lines, not B's.
        let leaderA = try await ServiceProcess.run(
            "identity",
            ["mint-token", "--data-dir", leaderData, "--subject", "leader-0", "--role", "teacher"]
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        let asLeader = try transport("assessment", leaderA)
        #expect(try await asLeader.call(Assessment.getLineRecords, .init(year: Self.year, studioID: a.id, metric: .activitiesHeld)).total == 10)
        let refused = await failure {
            try await asLeader.call(Assessment.getLineRecords, .init(year: Self.year, studioID: b.id, metric: .activitiesHeld))
        }
        #expect(refused?.status == .permissionDenied)
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }

}
