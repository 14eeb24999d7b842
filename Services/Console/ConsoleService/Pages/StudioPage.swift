import ActivitiesAPI
import AssessmentAPI
import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import MembershipAPI
import Programme

/// A studio's report of a year: every rule with its value and threshold, what is missing in words, the score.
extension Pages {
    func studio(_ request: Request, context: ConsoleContext, session: ConsoleSession, error: String? = nil) async throws -> Response {
        let id = try context.parameters.require("id")
        let year = Self.year(request)
        async let sections = self.studioSections(studioID: id, year: year, as: session)
        let report = try await self.peers.assessment.call(Assessment.getStudioReport, .init(year: year, studioID: id), as: session)
        let result = report.result
        let checklist = result.checklist.map(Self.inChinese)
        let missing = checklist.filter { !$0.passed }.map { check -> [String: Any] in
            ["rule": check.rule, "text": check.missing ?? ""]
        }
        // The run's anomaly flags on this studio, for whoever may read them; none shown to others.
        let flags =
            (try? await self.peers.assessment.call(
                Assessment.listFlags,
                .init(year: year, runID: report.run.id, studioID: id),
                as: session
            ).flags) ?? []
        var project: [String: Any] = ["none": true]
        do {
            let found = try await self.peers.activities.call(Activities.getStudioProject, .init(studioID: id, year: year), as: session)
            project = [
                "theme": found.theme, "type": Self.projectTypes[found.type] ?? found.type.rawValue,
                "status": ["pending": "待审核", "approved": "已批准", "rejected": "未批准"][found.status.rawValue] ?? found.status.rawValue,
                "progress": found.progress.map { "\($0.counted) / \($0.required)" } ?? "由项目办评定",
            ]
            project.setIfPresent("decidedBy", found.decidedBy)
            project.setIfPresent("note", found.note)
            project.setIfPresent("decidedAt", found.decidedAt.map(Self.chinaTime))
        } catch let error as RPCError where error.status == .notFound {}
        var object: [String: Any] = [
            "project": project,
            "year": year, "name": result.name, "levelName": Self.levelNames[result.level] ?? result.level.rawValue,
            "city": result.city.chineseName, "runID": report.run.id,
            "runStatus": report.run.status == .frozen ? "已冻结" : "实时", "passed": result.passed,
            "verdict": result.passed ? "考核合格" : "考核不合格", "score": Self.number(result.score), "rank": result.rank,
            "hasMissing": !missing.isEmpty, "missing": missing,
            "checklist": checklist.map { check -> [String: Any] in
                [
                    "rule": check.rule, "description": check.description, "value": Self.number(check.value), "metric": check.metric.rawValue,
                    "threshold": (check.comparison == .atLeast ? "≥ " : "≤ ") + Self.number(check.threshold),
                    "passed": check.passed, "result": check.passed ? "达标" : "未达标",
                ]
            },
            "breakdown": result.breakdown.map { line -> [String: Any] in
                [
                    "indicator": line.indicator, "value": Self.number(line.value), "points": Self.number(line.points),
                    "metric": line.metric?.rawValue ?? "",
                ]
            },
            "studioID": id,
            "flags": flags.map { flag -> [String: Any] in
                [
                    "check": flag.check.rawValue, "detail": flag.detail, "rule": flag.rule, "records": flag.records.count,
                    "status": ["open": "待处理", "accepted": "已采纳", "dismissed": "已驳回"][flag.status.rawValue] ?? flag.status.rawValue,
                ]
            },
            "hasFlags": !flags.isEmpty,
        ]
        if let tier = result.tier { object["tier"] = tier }
        if let error { object["error"] = error }
        object.merge(try await sections) { current, _ in current }
        return self.renderer.page("studio", object, title: result.name, session: session, status: error == nil ? .ok : .badRequest)
    }

}
