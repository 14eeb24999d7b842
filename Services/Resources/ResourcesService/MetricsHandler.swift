import Foundation
import GRDB
import JSONRPC
import RPCServer
import ResourcesAPI

/// `resources.studioMetrics`: what assessment counts of each studio's resources in a year, in one grouped query.
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
        let counted = try await self.database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT studioID,
                  SUM(year = :year) AS published,
                  SUM(EXISTS (SELECT 1 FROM premium p WHERE p.resourceID = r.id AND p.year = :year)
                      OR (microYear IS :year AND microOutcome IS 'selected')) AS premium,
                  SUM(year = :year AND seriesBranded AND seriesCompletedAt IS NOT NULL) AS series,
                  SUM(microYear IS :year) AS entered,
                  SUM(microYear IS :year AND microOutcome IS 'selected') AS selected,
                  SUM(year = :year AND outcomeStatus IS 'approved') AS outcomes
                FROM resource r
                WHERE studioID IN (SELECT value FROM json_each(:ids))
                  AND (year = :year OR microYear = :year
                       OR id IN (SELECT resourceID FROM premium WHERE year = :year))
                GROUP BY studioID
                """, arguments: ["year": year, "ids": idList]
            ).map { row in
                ResourceMetrics(
                    studioID: row["studioID"], published: row["published"], premium: row["premium"],
                    themedSeriesCompleted: row["series"], microCoursesEntered: row["entered"],
                    microCoursesSelected: row["selected"], researchOutcomesApproved: row["outcomes"])
            }
        }
        let byStudio = Dictionary(uniqueKeysWithValues: counted.map { ($0.studioID, $0) })
        return ResourceMetricsPage(year: year, metrics: ids.map { byStudio[$0] ?? ResourceMetrics(studioID: $0) })
    }
}
