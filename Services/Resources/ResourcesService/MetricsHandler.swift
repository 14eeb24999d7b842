import Foundation
import GRDB
import JSONRPC
import RPCServer
import ResourcesAPI

/// `resources.studioMetrics`: what assessment counts of each studio's resources in a year, in three grouped queries.
/// (Comparisons with nullable columns use `IS`, so no count turns NULL.)
struct MetricsHandler: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Resources.studioMetrics, self.studioMetrics)
    }

    func studioMetrics(_ request: ResourceMetricsRequest, context: RPCContext) async throws -> ResourceMetricsPage {
        let ids = Array(Set(request.studioIDs)).sorted()
        let year = request.year
        let idList = String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
        let counted = try await self.database.read { db -> [String: ResourceMetrics] in
            var metrics: [String: ResourceMetrics] = [:]
            let arguments: StatementArguments = ["year": year, "ids": idList]
            let inStudios = "studioID IN (SELECT value FROM json_each(:ids))"
            // Three grouped queries, each on its own index, rather than one OR over the whole table.
            for row in try Row.fetchAll(db, sql: """
                SELECT studioID, COUNT(*) AS published,
                  SUM(seriesBranded AND seriesCompletedAt IS NOT NULL) AS series,
                  SUM(outcomeStatus IS 'approved' AND outcomeLevel IN ('province', 'national')) AS outcomes
                FROM resource INDEXED BY resource_studio_year WHERE \(inStudios) AND year = :year GROUP BY studioID
                """, arguments: arguments)
            {
                let studioID: String = row["studioID"]
                metrics[studioID, default: ResourceMetrics(studioID: studioID)].published = row["published"]
                metrics[studioID, default: ResourceMetrics(studioID: studioID)].themedSeriesCompleted = row["series"]
                metrics[studioID, default: ResourceMetrics(studioID: studioID)].researchOutcomesApproved = row["outcomes"]
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT studioID, COUNT(*) AS entered, SUM(microOutcome IS 'selected') AS selected
                FROM resource WHERE microYear = :year AND \(inStudios) GROUP BY studioID
                """, arguments: arguments)
            {
                let studioID: String = row["studioID"]
                metrics[studioID, default: ResourceMetrics(studioID: studioID)].microCoursesEntered = row["entered"]
                metrics[studioID, default: ResourceMetrics(studioID: studioID)].microCoursesSelected = row["selected"]
            }
            // Premium: marked in the year, or a micro-course selected in the year's collection; each resource once.
            for row in try Row.fetchAll(db, sql: """
                SELECT studioID, COUNT(*) AS premium FROM (
                  SELECT resourceID, studioID FROM premium WHERE year = :year AND \(inStudios)
                  UNION
                  SELECT id, studioID FROM resource WHERE microYear = :year AND microOutcome = 'selected' AND \(inStudios)
                ) GROUP BY studioID
                """, arguments: arguments)
            {
                let studioID: String = row["studioID"]
                metrics[studioID, default: ResourceMetrics(studioID: studioID)].premium = row["premium"]
            }
            return metrics
        }
        return ResourceMetricsPage(year: year, metrics: ids.map { counted[$0] ?? ResourceMetrics(studioID: $0) })
    }
}
