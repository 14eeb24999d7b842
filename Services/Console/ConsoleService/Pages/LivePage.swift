import AssessmentAPI
import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC

/// A studio leader's live checklist (also its supervisors'): the year as it stands now, what is missing, and the
/// records behind every line — assessment pulls it from the owners; nothing is stored.
extension Pages {
    func live(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let id = try context.parameters.require("id")
        let year = Self.year(request)
        let live = try await self.peers.assessment.call(Assessment.getLiveChecklist, .init(studioID: id, year: year), as: session)
        let missing = live.lines.filter { !$0.check.passed }.map { line -> [String: Any] in
            // The service's own wording adds to the check's (e.g. what the year's remaining months allow) only when it differs.
            ["rule": line.check.rule, "text": line.missing == line.check.missing ? Self.inChinese(line.check).missing ?? "" : line.missing ?? ""]
        }
        let object: [String: Any] = [
            "name": live.name, "year": live.year, "asOf": Self.chinaTime(live.asOf), "ruleSetVersion": live.ruleSetVersion,
            "floor": live.floor ?? "", "passed": live.passed, "verdict": live.passed ? "目前已达到合格标准" : "目前尚未达到合格标准",
            "score": Self.number(live.score), "hasMissing": !missing.isEmpty, "missing": missing,
            "lines": live.lines.map { line -> [String: Any] in
                [
                    "rule": line.check.rule, "description": Self.inChinese(line.check).description, "value": Self.number(line.check.value),
                    "threshold": (line.check.comparison == .atLeast ? "≥ " : "≤ ") + Self.number(line.check.threshold),
                    "result": line.check.passed ? "✓ 达标" : "✗ 未达标", "total": line.total, "more": line.total > line.records.count,
                    "hasRecords": !line.records.isEmpty,
                    "records": line.records.map { ["id": $0.id, "day": $0.day ?? "", "note": $0.note ?? ""] },
                ]
            },
        ]
        return self.renderer.page("live", object, title: "\(live.name) 实时进度", session: session)
    }
}
