import ActivitiesAPI
import AssessmentAPI
import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import MembershipAPI
import Programme
import ResourcesAPI

/// The parts of a studio's page beyond its report: results across years (a chart), roster counts by role, the
/// year's activities and resources; for the studio's deciders, the premium marks (R-TASK-5) and the manual scores.
/// A section the reader may not see is left out; the services decide, the page does not guess.
extension Pages {
    static let activityKinds: [ActivityKind: String] = [
        .research: "教研活动", .sendTeaching: "送教", .liveStream: "直播", .courseEvaluation: "课程评价",
    ]
    static let activityStatuses: [ActivityStatus: String] = [
        .planned: "计划中", .noticePublished: "已发通知", .held: "已举行", .closed: "已结项", .cancelled: "已取消",
    ]

    static let resourceTypes: [ResourceType: String] = [
        .document: "文档", .slideDeck: "课件", .video: "视频", .audio: "音频", .imageSet: "图集", .lessonDesign: "教学设计",
        .microCourse: "微课", .themedSeries: "主题系列", .researchOutcome: "研究成果",
    ]

    /// Whether the session decides premium marks and manual scores at all (the services check the studio too).
    static func decides(_ session: ConsoleSession) -> Bool {
        session.roles.contains(.workstation) || session.roles.contains(.provinceOffice)
    }

    /// A section's data, or nil when the service refuses the reader it (or has nothing: no run, no rule set).
    static func optional<T>(_ fetch: () async throws -> T) async throws -> T? {
        do {
            return try await fetch()
        } catch let error as RPCError where error.status == .permissionDenied || error.status == .notFound {
            return nil
        }
    }

    func studioSections(studioID: String, year: Int, as session: ConsoleSession) async throws -> [String: Any] {
        async let history = Self.optional {
            try await self.peers.assessment.call(Assessment.getStudioAcrossYears, .init(studioID: studioID), as: session)
        }
        async let composition = Self.optional {
            try await self.peers.membership.call(Membership.getComposition, .init(studioID: studioID), as: session)
        }
        async let activities = Self.optional {
            try await Self.allPages(limit: 500) { token in
                let page = try await self.peers.activities.call(
                    Activities.listActivities,
                    .init(
                        studioID: studioID,
                        year: year,
                        pageSize: 100,
                        pageToken: token
                    ),
                    as: session
                )
                return (page.activities, page.nextPageToken)
            }
        }
        async let resources = Self.optional {
            try await Self.allPages(limit: 500) { token in
                let page = try await self.peers.resources.call(
                    Resources.searchResources,
                    .init(
                        studioID: studioID,
                        year: year,
                        pageSize: 100,
                        pageToken: token
                    ),
                    as: session
                )
                return (page.resources, page.nextPageToken)
            }
        }
        async let notices = Self.optional {
            try await self.peers.activities.call(Activities.listStudioNotices, .init(studioID: studioID, pageSize: 50), as: session).notices
        }
        let decides = Self.decides(session)
        async let rules =
            decides
            ? Self.optional { try await self.peers.assessment.call(Assessment.getRuleSet, .init(year: year), as: session) } : nil
        var sections: [String: Any] = [:]
        if let years = try await history?.years, !years.isEmpty {
            let bars = years.sorted { $0.run.year < $1.run.year }.map { report in
                Charts.Bar(
                    label: "\(report.run.year)年",
                    value: report.result.score,
                    caption: "\(Self.number(report.result.score)) 分 · 第 \(report.result.rank) 名 · \(report.result.passed ? "合格" : "不合格")",
                    failing: !report.result.passed
                )
            }
            sections["historyChart"] = Charts.bars(bars, title: "历年得分与名次")
        }
        if let composition = try await composition {
            sections["composition"] = composition.checks.map { check -> [String: Any] in
                [
                    "rule": check.rule, "description": check.description, "value": check.value, "threshold": check.threshold,
                    "passed": check.passed, "result": check.passed ? "符合" : "不符合",
                ]
            }
            sections["withoutMentor"] = composition.coreMembersWithoutMentor
            sections["hasComposition"] = !composition.checks.isEmpty
        }
        if let activities = try await activities {
            sections["hasActivities"] = true
            sections["anyActivities"] = !activities.isEmpty
            sections["activities"] = activities.map { activity -> [String: Any] in
                [
                    "title": activity.title, "kind": Self.activityKinds[activity.kind] ?? activity.kind.rawValue,
                    "status": Self.activityStatuses[activity.status] ?? activity.status.rawValue,
                    "startsAt": Self.chinaTime(activity.startsAt), "participants": activity.attendance.map { String($0.participants) } ?? "—",
                ]
            }
        }
        if let resources = try await resources {
            sections["hasResources"] = true
            sections["anyResources"] = !resources.isEmpty
            sections["resources"] = resources.map { resource -> [String: Any] in
                [
                    "id": resource.id, "title": resource.title, "type": Self.resourceTypes[resource.type] ?? resource.type.rawValue,
                    "premium": resource.premiumYears.contains(year), "decides": decides, "csrf": session.csrf, "year": year,
                    "studioID": studioID,
                ]
            }
        }
        if let notices = try await notices, !notices.isEmpty {
            let statuses: [Notice.Status: String] = [.submitted: "待项目办审核", .published: "已发布", .rejected: "已退回", .withdrawn: "已撤回"]
            sections["hasNotices"] = true
            sections["notices"] = notices.map { notice -> [String: Any] in
                var row: [String: Any] = [
                    "number": notice.number ?? "—", "status": statuses[notice.status] ?? notice.status.rawValue, "body": notice.body,
                    "draftedAt": Self.chinaTime(notice.draftedAt), "code": notice.verificationCode ?? "—",
                ]
                row.setIfPresent("note", notice.withdrawReason ?? notice.reviewNote)
                return row
            }
        }
        if let manual = try await rules?.ruleSet.manualIndicators, !manual.isEmpty {
            sections["hasManual"] = true
            sections["manual"] = manual.map { indicator -> [String: Any] in
                ["name": indicator.name, "maximum": Self.number(indicator.maximum), "csrf": session.csrf, "year": year, "studioID": studioID]
            }
        }
        return sections
    }

    struct PremiumForm: Decodable {
        var csrf: String?
        var resourceID: String?
        var action: String?
        var reason: String?
    }

    /// Marks a resource of the studio premium for the year, or withdraws the mark, with the reason R-TASK-5 needs.
    func decidePremium(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(PremiumForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        let studioID = try context.parameters.require("id")
        let year = Self.year(request)
        let decision = ResourceYearDecision(id: form.resourceID ?? "", year: year, reason: form.reason ?? "")
        do {
            let method = form.action == "withdraw" ? Resources.withdrawPremium : Resources.markPremium
            _ = try await self.peers.resources.call(method, decision, as: session)
            return Self.redirect("/studios/\(studioID)?year=\(year)#resources")
        } catch let error as RPCError where error.status == .invalidArgument || error.status == .failedPrecondition {
            return try await self.studio(request, context: context, session: session, error: Self.describe(error))
        }
    }

    struct ManualScoreForm: Decodable {
        var csrf: String?
        var indicator: String?
        var score: String?
        var comment: String?
    }

    /// Scores a manual indicator of the studio (its workstation or the office, up to the indicator's maximum).
    func setManualScore(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(ManualScoreForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        let studioID = try context.parameters.require("id")
        let year = Self.year(request)
        guard let text = form.score?.trimmingCharacters(in: .whitespaces), let score = Double(text), score.isFinite else {
            return try await self.studio(request, context: context, session: session, error: "得分须为数字（score）。")
        }
        let comment = form.comment.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        do {
            _ = try await self.peers.assessment.call(
                Assessment.setManualScore,
                .init(
                    year: year,
                    studioID: studioID,
                    indicator: form.indicator ?? "",
                    score: score,
                    comment: comment
                ),
                as: session
            )
            return Self.redirect("/studios/\(studioID)?year=\(year)#manual")
        } catch let error as RPCError where error.status == .invalidArgument || error.status == .failedPrecondition {
            return try await self.studio(request, context: context, session: session, error: Self.describe(error))
        }
    }
}
