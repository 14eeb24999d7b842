import AssessmentAPI
import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC

/// A line of a studio's report opened onto its records (`assessment.getLineRecords`); a frozen run's line says which
/// records changed at their owner since.
extension Pages {
    func line(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let id = try context.parameters.require("id")
        let metricName = try context.parameters.require("metric")
        guard let metric = Metric(rawValue: metricName) else {
            return self.renderer.page(
                "error",
                ["heading": "未找到", "message": "没有名为 \(metricName) 的考核项。", "field": "metric"],
                title: "未找到",
                session: session,
                status: .notFound
            )
        }
        let year = Self.year(request)
        let token = request.uri.queryParameters.get("page").flatMap { $0.isEmpty ? nil : $0 }
        let page = try await self.peers.assessment.call(
            Assessment.getLineRecords,
            .init(
                year: year,
                studioID: id,
                metric: metric,
                pageSize: 100,
                pageToken: token
            ),
            as: session
        )
        var object: [String: Any] = [
            "studioID": id, "year": year, "metric": Self.metricNames[metric] ?? metric.rawValue, "metricKey": metric.rawValue,
            "value": Self.number(page.value),
            "runID": page.runID, "runStatus": page.frozen ? "已冻结" : "实时", "total": page.total,
            "compared": page.comparedAt != nil,
            "records": page.records.map { record -> [String: Any] in
                [
                    "id": record.id, "day": record.day ?? "", "contributed": Self.number(record.contributed), "note": record.note ?? "",
                    "method": record.method, "changedSince": record.changedSince ?? "未变",
                ]
            },
        ]
        if let asOf = page.asOf { object["asOf"] = Self.chinaTime(asOf) }
        if let changed = page.changedSince, changed > 0 { object["changed"] = changed }
        if let next = page.nextPageToken { object["next"] = next }
        return self.renderer.page("line", object, title: "\(Self.metricNames[metric] ?? metric.rawValue) 的记录", session: session)
    }
}
