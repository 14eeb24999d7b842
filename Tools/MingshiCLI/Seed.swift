import ActivitiesAPI
import ArgumentParser
import AssessmentAPI
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import ResourcesAPI

/// `mingshi seed`: demonstration data through the services' own methods — quotas and the studios of the notice's
/// Attachment 1 (223 provincial, 363 city, 109 county, per city as of 2019-01-28), workstations of the provincial
/// studios, paired schools and rosters of every studio (most meeting R-COMP-2…R-COMP-7, some not), resources and
/// activities, the year's rule set and a first run. Seeded: the same seed gives the same data; idempotency keys make a rerun change nothing.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load demonstration data (Attachment 1's studios and more).")

    @Option(help: "A province-office access token.") var officeToken: String
    @OptionGroup var endpoints: Endpoints
    @Option(help: "Seed of the generated rosters.") var seed: UInt64 = 2019
    @Option(help: "A token of a provincial studio's leader: their coming activities get electronic notices (R-MGT-7).")
    var leaderToken: String?
    @Option(help: "Whom --leader-token names.") var leaderID = DemoData.leaderID(0)
    @Option(
        help:
            "The demo training system's directory: with --leader-token, teachers sign in through it and apply to be that leader's subject leaders this year (R-APP-5…7)."
    )
    var trainingDir: String?
    @Option(help: "Share of Attachment 1's studios to load, per city and level (0 < scale ≤ 1; small demos for tests).")
    var scale = 1.0

    func validate() throws {
        guard self.scale > 0, self.scale <= 1 else { throw ValidationError("--scale must be within (0, 1]") }
    }

    func run() async throws {
        let membership = try HTTP2Transport(url: try self.endpoints.url(of: "membership"), token: self.officeToken)
        let assessment = try HTTP2Transport(url: try self.endpoints.url(of: "assessment"), token: self.officeToken)

        let plans = DemoData.studios(scale: self.scale)
        let loader = MembershipLoader(membership: membership)
        try await loader.setQuotas(for: plans, headroom: 2)
        let studios = try await loader.createStudios(plans, keyPrefix: "seed")
        print("studios: \(studios.count) (\(studios.filter { $0.level == .province }.count) provincial)")

        let provincial = studios.filter { $0.level == .province }
        let rosters = try await self.seedRosters(studios, loader: loader)
        print("roster entries: \(rosters.count) in \(studios.count) studios of the three levels")
        let resourceCount = try await self.seedResources(studios)
        print("resources: \(resourceCount)")
        let activityCount = try await self.seedActivities(studios, rosters: rosters)
        print(
            "activities: \(activityCount.activities) with \(activityCount.participants) participants, \(activityCount.records) lectures and awards, \(activityCount.projects) featured projects"
        )

        if let leaderToken = self.leaderToken, let studio = provincial.first(where: { $0.leaderID == self.leaderID }) {
            let notices = try await self.seedNotices(studio, leaderToken: leaderToken)
            print("electronic notices: \(notices.map { "\($0.number ?? "-") (\($0.status.rawValue))" }.joined(separator: ", ")) for \(studio.name)")
            if let trainingDir = self.trainingDir {
                let applications = DemoApplications(
                    identityURL: try self.endpoints.url(of: "identity"),
                    officeToken: self.officeToken,
                    leaderToken: leaderToken,
                    trainingDir: trainingDir
                )
                print("subject-leader applications to \(studio.name):")
                for line in try await applications.run(studio: studio) { print("  " + line) }
            }
        }
        let rules = try await assessment.call(
            Assessment.loadRuleSet,
            .init(ruleSet: .default2019()),
            options: .init(idempotencyKey: "seed-rules-2019")
        )
        print("rule set 2019: version \(rules.version)")
        let run = try await assessment.call(Assessment.runAssessment, .init(year: 2019), options: .init(timeout: .seconds(120)))
        print("assessment 2019: run \(run.id), \(run.studios) studios, \(run.passed) passed, \(run.idle) idle")
    }

    /// Workstations (provincial studios, R-MGT-1), paired schools (most studios) and rosters of every studio, whose
    /// people are first imported into identity as training-system accounts; answers the entries.
    func seedRosters(_ studios: [Studio], loader: MembershipLoader) async throws -> [ImportMembersRequest.Entry] {
        var random = SeededRandom(seed: self.seed)
        // Rosters built in the 2019 round (subject leaders from 1 February 2019), so the 2019 assessment sees them.
        let plan = RosterPlan(
            subjectLeaders: 8...15,
            coreMembers: 60...100,
            networkMembers: 10...60,
            joinedFrom: Date(timeIntervalSince1970: 1_548_950_400)
        )
        var people: [RosterPlan.Person] = []
        for (index, studio) in studios.enumerated() {
            if studio.level == .province {
                _ = try await loader.membership.call(
                    Membership.assignWorkstation,
                    .init(
                        studioID: studio.id,
                        workstation: DemoData.workstations[index % DemoData.workstations.count]
                    )
                )
            }
            let diligence = DemoData.diligence(of: index)
            if diligence == .diligent || random.chance(0.6) {
                let county = DemoData.counties[studio.city]?.first ?? "\(studio.city.chineseName)乡镇"
                _ = try await loader.membership.call(
                    Membership.setPairedSchool,
                    .init(
                        studioID: studio.id,
                        school: .init(
                            name: "\(county)中心小学",
                            city: studio.city == .provinceDirect ? .lishui : studio.city,
                            county: county,
                            kind: .townSchool
                        )
                    )
                )
            }
            var studioPlan = plan
            if diligence == .diligent {
                // Built as the notice asks (R-COMP-2…R-COMP-5): 10–15 subject leaders, three rural and three from
                // other cities, 100 core members.
                studioPlan.subjectLeaders = 10...15
                studioPlan.coreMembers = 100...100
                studioPlan.guaranteedRural = 3
                studioPlan.guaranteedOtherCity = 3
            }
            people += studioPlan.people(for: studio, index: index, random: &random)
        }
        try await self.importAccounts(people, leadersOf: studios)
        let entries = people.map(\.entry)
        _ = try await loader.importEntries(entries, keyPrefix: "seed-\(self.seed)")
        return entries
    }

    /// The roster's people as training-system accounts in identity, and the studios' leaders where the training
    /// roster (`generate-roster`) did not bring them: they host and attend activities too.
    func importAccounts(_ people: [RosterPlan.Person], leadersOf studios: [Studio]) async throws {
        let identity = try HTTP2Transport(url: try self.endpoints.url(of: "identity"), token: self.officeToken)
        let report = try await RosterPlan.importAccounts(people, into: identity)
        print("teacher accounts of the rosters: \(report.accepted) new, \(report.updated + report.unchanged) known")
        let added = try await RosterPlan.ensureLeaderAccounts(studios, identity: identity)
        if added > 0 { print("studio leaders' accounts: \(added) added") }
    }

    /// A year (2019) of closed activities with participants, lectures and awards, and featured projects.
    func seedActivities(_ studios: [Studio], rosters: [ImportMembersRequest.Entry]) async throws -> ImportActivitiesResult {
        let activities = try HTTP2Transport(url: try self.endpoints.url(of: "activities"), token: self.officeToken)
        var subjectLeaders: [String: [String]] = [:]
        var coreMembers: [String: [String]] = [:]
        var networkMembers: [String: [String]] = [:]
        for entry in rosters {
            switch entry.role {
            case .subjectLeader: subjectLeaders[entry.studioID, default: []].append(entry.teacherID)
            case .coreMember: coreMembers[entry.studioID, default: []].append(entry.teacherID)
            case .networkMember: networkMembers[entry.studioID, default: []].append(entry.teacherID)
            }
        }
        var random = SeededRandom(seed: self.seed &+ 7)
        let plan = DemoActivities.plan(
            for: studios,
            subjectLeaders: subjectLeaders,
            coreMembers: coreMembers,
            networkMembers: networkMembers,
            year: 2019,
            random: &random
        )
        var total = ImportActivitiesResult()
        for (part, batch) in Pages.of(plan.projects, maxCount: 5_000).enumerated() {
            // The first page keeps the key earlier seeds used for the single call.
            let key = part == 0 ? "seed-projects-\(self.seed)" : "seed-projects-\(self.seed)-\(part)"
            _ = try await activities.call(
                Activities.importActivities,
                .init(projects: batch),
                options: .init(timeout: .seconds(120), idempotencyKey: key)
            )
        }
        total.projects = plan.projects.count
        for (part, batch) in Pages.of(plan.activities, maxCount: 500).enumerated() {
            let result = try await activities.call(
                Activities.importActivities,
                .init(activities: batch),
                options: .init(timeout: .seconds(120), idempotencyKey: "seed-activities-\(self.seed)-\(part)")
            )
            total.activities += result.activities
            total.participants += result.participants
        }
        for (part, batch) in Pages.of(plan.records, maxCount: 2_000).enumerated() {
            total.records += try await activities.call(
                Activities.importActivities,
                .init(records: batch),
                options: .init(idempotencyKey: "seed-records-\(self.seed)-\(part)")
            ).records
        }
        return total
    }

    /// Uploads the sample file once and imports every studio's resources of 2019 with their decisions.
    func seedResources(_ studios: [Studio]) async throws -> Int {
        let resources = try HTTP2Transport(url: try self.endpoints.url(of: "resources"), token: self.officeToken)
        var random = SeededRandom(seed: self.seed &+ 5)
        let (entries, files) = DemoResources.entries(for: studios, year: 2019, random: &random)
        // The sample (the lectures' and awards' evidence) and every resource's own file, before the resources.
        var uploads = files
        uploads[DemoResources.sampleSHA256] = DemoResources.samplePDF
        _ = try await Seed.concurrently(uploads.sorted { $0.key < $1.key }, limit: 16) { sha256, data in
            let upload = try await resources.send("PUT", path: "/files/\(sha256)", body: DataBodySource(data))
            guard upload.status == 200 || upload.status == 201 else {
                throw RPCError(.internal, "uploading a demo file failed: HTTP \(upload.status) \(String(decoding: upload.body, as: UTF8.self))")
            }
            return upload.status
        }
        var imported = 0
        for (part, batch) in Pages.of(entries, maxCount: 5_000).enumerated() {
            let result = try await resources.call(
                Resources.importResources,
                .init(entries: batch),
                options: .init(idempotencyKey: "seed-resources-\(self.seed)-\(part)")
            )
            imported += result.imported + result.unchanged
        }
        return imported
    }

    /// Four coming activities of the leader's studio with electronic notices: two published by the office, one
    /// published then withdrawn, so verification shows both outcomes (R-MGT-7), and one still waiting in the office's
    /// queue (the console's 待办). Reruns add nothing (idempotency keys).
    func seedNotices(_ studio: Studio, leaderToken: String) async throws -> [Notice] {
        let leader = try HTTP2Transport(url: try self.endpoints.url(of: "activities"), token: leaderToken)
        let office = try HTTP2Transport(url: try self.endpoints.url(of: "activities"), token: self.officeToken)
        var notices: [Notice] = []
        let week = 7 * 86_400.0
        let dayStart = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 + 6 * 3600  // 14:00 China time
        for (index, title) in [
            "\(studio.subject)大单元教学研讨", "送教下乡：\(studio.subject)课堂诊断", "\(studio.subject)命题研究工作坊",
            "\(studio.subject)青年教师成长论坛",
        ].enumerated() {
            let start = Date(timeIntervalSince1970: dayStart + Double(index + 1) * week)
            let activity = try await leader.call(
                Activities.scheduleActivity,
                .init(
                    studioID: studio.id,
                    title: title,
                    mode: .both,
                    kind: index == 1 && studio.pairedSchool != nil ? .sendTeaching : .research,
                    place: "\(studio.city.chineseName)市教育研究院",
                    link: "https://live.zjer.cn/\(studio.id)/\(index)",
                    startsAt: start,
                    endsAt: start.addingTimeInterval(3 * 3600)
                ),
                options: .init(idempotencyKey: "seed-notice-activity-\(self.seed)-\(index)")
            )
            let draft = try await leader.call(
                Activities.draftNotice,
                .init(
                    activityID: activity.id,
                    body: "请各成员所在学校准予公假，按时参加。"
                ),
                options: .init(idempotencyKey: "seed-notice-\(self.seed)-\(index)")
            )
            guard index < 3 else {
                notices.append(draft)
                continue
            }
            var notice = try await office.call(
                Activities.reviewNotice,
                .init(id: draft.id, approve: true),
                options: .init(idempotencyKey: "seed-notice-review-\(self.seed)-\(index)")
            )
            if index == 2 {
                notice = try await office.call(
                    Activities.withdrawNotice,
                    .init(id: notice.id, reason: "主讲专家行程调整，另行通知"),
                    options: .init(idempotencyKey: "seed-notice-withdraw-\(self.seed)")
                )
            }
            notices.append(notice)
        }
        return notices
    }

    /// Runs `body` over `items` with at most `limit` calls in flight, keeping the input order.
    static func concurrently<Item: Sendable, Output: Sendable>(
        _ items: some Sequence<Item>,
        limit: Int,
        _ body: @escaping @Sendable (Item) async throws -> Output
    ) async throws -> [Output] {
        let items = Array(items)
        var results = [Output?](repeating: nil, count: items.count)
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            for _ in 0..<min(limit, items.count) {
                let index = next
                group.addTask { (index, try await body(items[index])) }
                next += 1
            }
            while let (index, output) = try await group.next() {
                results[index] = output
                if next < items.count {
                    let index = next
                    group.addTask { (index, try await body(items[index])) }
                    next += 1
                }
            }
        }
        return results.compactMap { $0 }
    }
}
