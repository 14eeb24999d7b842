import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCTesting
import ResourcesAPI
import Testing

/// Themed series, micro-courses, premium marks and research outcomes, with their history and the metrics they feed.
@Suite("Resources: series, micro-courses, premium and research outcomes", .timeLimit(.minutes(10)))
struct SelectionTests {
    func series(_ fixture: ResourcesFixture, items: [String], branded: Bool = true) async throws -> Resource {
        try await fixture.leader.call(
            Resources.createResource,
            .init(
                studioID: fixture.studio.id,
                title: "大单元教学专题",
                type: .themedSeries,
                stage: .primary,
                subject: "数学",
                year: ResourcesFixture.year,
                visibility: .public,
                series: .init(theme: "大单元教学", items: items, branded: branded)
            )
        )
    }

    @Test("a themed series orders the studio's resources; one branded series per studio and year (R-TASK-4)")
    func themedSeries() async throws {
        try await ResourcesFixture.run { fixture in
            let first = try await fixture.publish("第一课")
            let second = try await fixture.publish("第二课")
            let series = try await self.series(fixture, items: [second.id, first.id])
            #expect(series.series?.items == [second.id, first.id])
            #expect(series.series?.branded == true)

            let again = await failure { try await self.series(fixture, items: [first.id]) }
            #expect(again?.status == .alreadyExists)
            #expect(again?.rule == "R-TASK-4")
            #expect(try await self.series(fixture, items: [first.id], branded: false).series?.branded == false)

            let foreign = try await fixture.publish("别的工作室", by: try await fixture.teacher("other-leader"), studio: fixture.otherStudio)
            let mixed = await failure {
                try await fixture.leader.call(Resources.updateResource, .init(id: series.id, seriesItems: [foreign.id]))
            }
            #expect(mixed?.field == "seriesItems[0]", "named as the caller wrote it: updateResource's seriesItems")

            let reordered = try await fixture.leader.call(Resources.updateResource, .init(id: series.id, seriesItems: [first.id, second.id]))
            #expect(reordered.series?.items == [first.id, second.id])
            #expect(
                await failure { try await fixture.teacher("t-sl-1").call(Resources.completeSeries, .init(id: series.id)) }?.status
                    == .permissionDenied
            )
            let complete = try await fixture.leader.call(Resources.completeSeries, .init(id: series.id))
            #expect(complete.series?.completedAt != nil)
            let metrics = try await fixture.office.call(Resources.studioMetrics, .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id]))
            #expect(metrics.metrics[0].themedSeriesCompleted == 1)
        }
    }

    @Test("a micro-course entered by the leader and selected by the office counts as premium (R-TASK-4)")
    func microCourse() async throws {
        try await ResourcesFixture.run { fixture in
            let course = try await fixture.publish("十分钟讲透分数", type: .microCourse)
            let lesson = try await fixture.publish("教学设计")
            #expect(
                await failure { try await fixture.leader.call(Resources.enterMicroCourse, .init(id: lesson.id, year: ResourcesFixture.year)) }?.status
                    == .failedPrecondition
            )
            #expect(
                await failure {
                    try await fixture.teacher("t-core-1").call(Resources.enterMicroCourse, .init(id: course.id, year: ResourcesFixture.year))
                }?.status == .permissionDenied
            )
            let entered = try await fixture.leader.call(Resources.enterMicroCourse, .init(id: course.id, year: ResourcesFixture.year))
            #expect(entered.microCourse?.outcome == .pending)
            #expect(
                await failure { try await fixture.workstation("ws-east").call(Resources.decideMicroCourse, .init(id: course.id, selected: true)) }?
                    .status == .permissionDenied
            )
            let selected = try await fixture.office.call(Resources.decideMicroCourse, .init(id: course.id, selected: true, reason: "省级入选"))
            #expect(selected.microCourse?.outcome == .selected)
            let metrics = try await fixture.office.call(Resources.studioMetrics, .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id]))
            #expect(metrics.metrics[0].microCoursesEntered == 1)
            #expect(metrics.metrics[0].microCoursesSelected == 1)
            #expect(metrics.metrics[0].premium == 1)
        }
    }

    @Test("premium is marked by the studio's workstation or the office with a reason, withdrawn with one, and both kept (R-TASK-5)")
    func premium() async throws {
        try await ResourcesFixture.run { fixture in
            let resource = try await fixture.publish("精品课例")
            let decision = ResourceYearDecision(id: resource.id, year: ResourcesFixture.year, reason: "设计新颖，推广价值高")
            #expect(await failure { try await fixture.workstation("ws-west").call(Resources.markPremium, decision) }?.status == .permissionDenied)
            #expect(await failure { try await fixture.leader.call(Resources.markPremium, decision) }?.status == .permissionDenied)
            let marked = try await fixture.workstation("ws-east").call(Resources.markPremium, decision)
            #expect(marked.premiumYears == [ResourcesFixture.year])
            #expect(try await fixture.workstation("ws-east").call(Resources.markPremium, decision).premiumYears == [ResourcesFixture.year])
            var metrics = try await fixture.office.call(Resources.studioMetrics, .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id]))
            #expect(metrics.metrics[0].premium == 1)

            let withdrawn = try await fixture.office.call(
                Resources.withdrawPremium,
                .init(id: resource.id, year: ResourcesFixture.year, reason: "存在版权争议")
            )
            #expect(withdrawn.premiumYears.isEmpty)
            let twice = await failure {
                try await fixture.office.call(Resources.withdrawPremium, .init(id: resource.id, year: ResourcesFixture.year, reason: "x"))
            }
            #expect(twice?.status == .failedPrecondition)
            let history = try await fixture.office.call(Resources.getResourceHistory, .init(id: resource.id))
            #expect(history.events.map(\.kind) == [.created, .premiumMarked, .premiumWithdrawn])
            #expect(history.events[2].reason == "存在版权争议")
            metrics = try await fixture.office.call(Resources.studioMetrics, .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id]))
            #expect(metrics.metrics[0].premium == 0)
            #expect(
                await failure {
                    try await fixture.office.call(Resources.markPremium, .init(id: resource.id, year: ResourcesFixture.year, reason: ""))
                }?.field == "reason"
            )
        }
    }

    @Test("a research outcome approved by the workstation carries the programme's label (R-FEAT-4); a rejection says why")
    func researchOutcome() async throws {
        try await ResourcesFixture.run { fixture in
            let outcome = try await fixture.publish("基于大概念的单元教学研究", type: .researchOutcome)
            #expect(outcome.outcome?.status == .pending)
            #expect(outcome.outcome?.label == nil)
            let noReason = await failure {
                try await fixture.workstation("ws-east").call(Resources.decideResearchOutcome, .init(id: outcome.id, approve: false))
            }
            #expect(noReason?.field == "note")
            #expect(
                await failure {
                    try await fixture.workstation("ws-west").call(Resources.decideResearchOutcome, .init(id: outcome.id, approve: true))
                }?.status == .permissionDenied
            )
            let approved = try await fixture.workstation("ws-east").call(Resources.decideResearchOutcome, .init(id: outcome.id, approve: true))
            #expect(approved.outcome?.label == "浙江省名师网络工作室项目研究成果")
            #expect(try await fixture.anonymous.call(Resources.getResource, .init(id: outcome.id)).outcome?.label == ResearchOutcome.label)
            let metrics = try await fixture.office.call(
                Resources.studioMetrics,
                .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id, "st-unknown"])
            )
            let counted = metrics.metrics.first { $0.studioID == fixture.studio.id }
            #expect(counted?.researchOutcomesApproved == 1)
            // The outcome behind the count comes with it (provenance).
            #expect(counted?.records?.researchOutcomesApproved.map(\.id) == [outcome.id])
            var nothing = ResourceMetrics(studioID: "st-unknown")
            nothing.records = ResourceRecords()
            #expect(metrics.metrics.first { $0.studioID == "st-unknown" } == nothing)
            #expect(
                await failure {
                    try await fixture.leader.call(Resources.studioMetrics, .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id]))
                }?.status == .permissionDenied
            )
        }
    }

    @Test("the outcome queue lists a decider's pending research outcomes only: its own studios', gone once decided (R-FEAT-4)")
    func outcomeQueue() async throws {
        try await ResourcesFixture.run { fixture in
            let first = try await fixture.publish("单元教学研究", type: .researchOutcome)
            let second = try await fixture.publish("作业设计研究", type: .researchOutcome)
            _ = try await fixture.publish("普通课例")
            let east = try await fixture.workstation("ws-east").call(Resources.listOutcomesToDecide, .init())
            #expect(east.resources.map(\.id) == [first.id, second.id])
            let paged = try await fixture.workstation("ws-east").call(Resources.listOutcomesToDecide, .init(pageSize: 1))
            #expect(paged.resources.map(\.id) == [first.id])
            let rest = try await fixture.workstation("ws-east").call(
                Resources.listOutcomesToDecide,
                .init(pageSize: 1, pageToken: paged.nextPageToken)
            )
            #expect(rest.resources.map(\.id) == [second.id] && rest.nextPageToken == nil)
            #expect(try await fixture.office.call(Resources.listOutcomesToDecide, .init()).resources.map(\.id) == [first.id, second.id])
            // Another workstation's queue holds nothing of this studio; a teacher has no queue at all.
            #expect(try await fixture.workstation("ws-west").call(Resources.listOutcomesToDecide, .init()).resources.isEmpty)
            #expect(await failure { try await fixture.leader.call(Resources.listOutcomesToDecide, .init()) }?.status == .permissionDenied)
            #expect(await failure { try await fixture.office.call(Resources.listOutcomesToDecide, .init(pageSize: 0)) }?.field == "pageSize")

            _ = try await fixture.workstation("ws-east").call(Resources.decideResearchOutcome, .init(id: first.id, approve: false, note: "未见发表证明"))
            #expect(try await fixture.workstation("ws-east").call(Resources.listOutcomesToDecide, .init()).resources.map(\.id) == [second.id])
        }
    }

    @Test("a premium resource's files are frozen: replacing them withdraws the mark, with the reason in its history (R-TASK-5)")
    func premiumFilesFrozen() async throws {
        try await ResourcesFixture.run { fixture in
            let resource = try await fixture.publish("精品课例")
            _ = try await fixture.workstation("ws-east").call(
                Resources.markPremium,
                .init(id: resource.id, year: ResourcesFixture.year, reason: "示范性强")
            )
            // Editing the title keeps the mark; the same files again keep it too.
            let retitled = try await fixture.leader.call(Resources.updateResource, .init(id: resource.id, title: "精品课例（修订）", files: resource.files))
            #expect(retitled.premiumYears == [ResourcesFixture.year])
            let other = try await fixture.uploadedPDF("换过的课件")
            let replaced = try await fixture.leader.call(Resources.updateResource, .init(id: resource.id, files: [other]))
            #expect(replaced.premiumYears.isEmpty)
            let history = try await fixture.office.call(Resources.getResourceHistory, .init(id: resource.id))
            let withdrawal = history.events.last { $0.kind == .premiumWithdrawn }
            #expect(withdrawal?.reason?.contains("files replaced") == true)
            #expect(withdrawal?.year == ResourcesFixture.year)
            let metrics = try await fixture.office.call(Resources.studioMetrics, .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id]))
            #expect(metrics.metrics[0].premium == 0)
        }
    }

    @Test("R-FEAT-4: an outcome published or awarded below provincial level cannot be approved and is not counted")
    func researchOutcomeLevel() async throws {
        try await ResourcesFixture.run { fixture in
            let file = try await fixture.uploadedPDF("市级获奖论文")
            let cityLevel = try await fixture.leader.call(
                Resources.createResource,
                .init(
                    studioID: fixture.studio.id,
                    title: "市级获奖论文",
                    type: .researchOutcome,
                    stage: .primary,
                    subject: "数学",
                    year: ResourcesFixture.year,
                    visibility: .public,
                    files: [file],
                    outcome: OutcomeRecognition(kind: .awarded, venue: "宁波市教科研成果评比", level: .city, date: "\(ResourcesFixture.year)-01-01")
                )
            )
            let refused = await failure {
                try await fixture.workstation("ws-east").call(Resources.decideResearchOutcome, .init(id: cityLevel.id, approve: true))
            }
            #expect(refused?.rule == "R-FEAT-4")
            #expect(try await fixture.office.call(Resources.getResource, .init(id: cityLevel.id)).outcome?.status == .pending)
            let metrics = try await fixture.office.call(Resources.studioMetrics, .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id]))
            #expect(metrics.metrics.first?.researchOutcomesApproved == 0)
        }
    }

    @Test("an import is all-or-nothing, carries its decisions into the metrics, and a rerun changes nothing")
    func importing() async throws {
        try await ResourcesFixture.run { fixture in
            let file = try await fixture.uploadedPDF("导入")
            func entry(_ id: String, premium: [Int]? = nil, studio: String? = nil) -> ImportedResource {
                ImportedResource(
                    externalID: id,
                    authorID: "leader",
                    resource: .init(
                        studioID: studio ?? fixture.studio.id,
                        title: "导入资源\(id)",
                        type: .document,
                        stage: .primary,
                        subject: "数学",
                        year: ResourcesFixture.year,
                        visibility: .public,
                        files: [file]
                    ),
                    premiumYears: premium
                )
            }
            let office = try await fixture.office
            let broken = await failure {
                try await office.call(Resources.importResources, .init(entries: [entry("a"), entry("b", studio: "st-missing")]))
            }
            #expect(broken?.status == .notFound)
            #expect(try await office.call(Resources.searchResources, .init(text: "导入资源")).resources.isEmpty)

            let entries = (0..<12).map { entry("e\($0)", premium: $0 < 10 ? [ResourcesFixture.year] : nil) }
            let first = try await office.call(Resources.importResources, .init(entries: entries))
            #expect(first == ImportResourcesResult(imported: 12, unchanged: 0))
            let rerun = try await office.call(Resources.importResources, .init(entries: entries))
            #expect(rerun == ImportResourcesResult(imported: 0, unchanged: 12))
            let metrics = try await office.call(Resources.studioMetrics, .init(year: ResourcesFixture.year, studioIDs: [fixture.studio.id]))
            #expect(metrics.metrics[0].published == 12)
            #expect(metrics.metrics[0].premium == 10)
            #expect(await failure { try await fixture.leader.call(Resources.importResources, .init(entries: entries)) }?.status == .permissionDenied)
        }
    }
}
