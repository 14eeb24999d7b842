import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ResourcesAPI

/// `resources.studioMetrics`: what assessment counts of each studio's resources in a year, with the resources behind
/// every count read in the same transaction (each count is the number of its records). Three queries, each on its
/// own index, rather than one OR over the whole table; comparisons with nullable columns use `IS`.
struct MetricsHandler: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Resources.studioMetrics, self.studioMetrics)
    }

    func studioMetrics(_ request: ResourceMetricsRequest, context: RPCContext) async throws -> ResourceMetricsPage {
        let ids = Array(Set(request.studioIDs)).sorted()
        let year = request.year
        let idList = String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
        let (counted, selected) = try await self.database.read { db -> ([String: ResourceRecords], [String: Int]) in
            var records: [String: ResourceRecords] = [:]
            var selected: [String: Int] = [:]
            let arguments: StatementArguments = ["year": year, "ids": idList]
            let inStudios = "studioID IN (SELECT value FROM json_each(:ids))"
            let shared = request.withRecords == false ? [:] : try Self.sharedContents(db, year: year, studios: Set(ids))
            try Row.fetchCursor(
                db,
                sql: """
                    SELECT studioID, id, \(Self.day("createdAt")) AS createdDay,
                      seriesBranded AND seriesCompletedAt IS NOT NULL AS series, \(Self.day("seriesCompletedAt")) AS seriesDay,
                      outcomeStatus IS 'approved' AND outcomeLevel IN ('province', 'national') AS outcome,
                      \(Self.day("outcomeDecidedAt")) AS outcomeDay
                    FROM resource INDEXED BY resource_studio_year WHERE \(inStudios) AND year = :year ORDER BY studioID, createdAt, id
                    """,
                arguments: arguments
            ).forEach { row in
                // Columns by position: 100,000 rows, and a lookup by name costs as much as the value.
                let studioID: String = row[0]
                let id: String = row[1]
                records[studioID, default: ResourceRecords()].published.append(CountedRecord(id: id, day: row[2], contents: shared[id]))
                if row[3] == true {
                    records[studioID, default: ResourceRecords()].themedSeriesCompleted.append(CountedRecord(id: id, day: row[4]))
                }
                if row[5] == true {
                    records[studioID, default: ResourceRecords()].researchOutcomesApproved.append(CountedRecord(id: id, day: row[6]))
                }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT studioID, id, microEnteredAt, \(Self.day("microEnteredAt")) AS enteredDay,
                      microOutcome IS 'selected' AS selected FROM resource
                    WHERE microYear = :year AND \(inStudios) ORDER BY studioID, microEnteredAt, id
                    """,
                arguments: arguments
            ) {
                let studioID: String = row["studioID"]
                records[studioID, default: ResourceRecords()].microCoursesEntered.append(CountedRecord(id: row["id"], day: row["enteredDay"]))
                if row["selected"] == true { selected[studioID, default: 0] += 1 }
            }
            // Premium: marked in the year, or a micro-course selected in the year's collection; each resource once.
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT studioID, resourceID, MIN(at) AS at, \(Self.day("MIN(at)")) AS day FROM (
                      SELECT resourceID, studioID, markedAt AS at FROM premium WHERE year = :year AND \(inStudios)
                      UNION ALL
                      SELECT id, studioID, microDecidedAt FROM resource WHERE microYear = :year AND microOutcome = 'selected' AND \(inStudios)
                    ) GROUP BY studioID, resourceID ORDER BY studioID, at, resourceID
                    """,
                arguments: arguments
            ) {
                records[row["studioID"], default: ResourceRecords()].premium.append(CountedRecord(id: row["resourceID"], day: row["day"]))
            }
            return (records, selected)
        }
        return ResourceMetricsPage(
            year: year,
            metrics: ids.map { studioID in
                let records = counted[studioID] ?? ResourceRecords()
                var metrics = ResourceMetrics(
                    studioID: studioID,
                    published: records.published.count,
                    premium: records.premium.count,
                    themedSeriesCompleted: records.themedSeriesCompleted.count,
                    microCoursesEntered: records.microCoursesEntered.count,
                    microCoursesSelected: selected[studioID] ?? 0,
                    researchOutcomesApproved: records.researchOutcomesApproved.count
                )
                if request.withRecords != false { metrics.records = records }
                return metrics
            }
        )
    }

    /// The files (SHA-256) each of the studios' resources of the year shares with another resource of the year, in
    /// any studio: only those travel with the records, so the run sees the same content counted twice without every
    /// digest. Two steps, because one query joining every file of the year to its resource took 0.86 s at the
    /// province's scale (100,000 resources): the digests held by more than one file, from the digest index alone
    /// (~30 ms), then only those files' resources.
    ///
    /// For one or two studios (a live checklist, a frozen line compared with now), each of their files is looked up in
    /// the digest index instead: ~1 ms for one studio where reading the whole index takes ~30 ms.
    static func sharedContents(_ db: Database, year: Int, studios: Set<String>) throws -> [String: [String]] {
        if studios.count <= 2 {
            let ids = String(decoding: try JSONEncoder().encode(studios.sorted()), as: UTF8.self)
            var shared: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT f.resourceID, f.sha256 FROM resource r JOIN resourceFile f ON f.resourceID = r.id
                    WHERE r.studioID IN (SELECT value FROM json_each(?)) AND r.year = ? AND EXISTS (
                      SELECT 1 FROM resourceFile f2 JOIN resource r2 ON r2.id = f2.resourceID
                      WHERE f2.sha256 = f.sha256 AND f2.resourceID != f.resourceID AND r2.year = r.year)
                    """,
                arguments: [ids, year]
            ) {
                shared[row[0], default: []].append(row[1])
            }
            return shared.mapValues { $0.sorted() }
        }
        let repeated = try String.fetchAll(db, sql: "SELECT sha256 FROM resourceFile GROUP BY sha256 HAVING COUNT(*) > 1")
        guard !repeated.isEmpty else { return [:] }
        let digests = String(decoding: try JSONEncoder().encode(repeated), as: UTF8.self)
        var holders: [String: Set<String>] = [:]
        var files: [(resourceID: String, studioID: String, sha256: String)] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT f.resourceID, r.studioID, f.sha256 FROM resourceFile f JOIN resource r ON r.id = f.resourceID
                WHERE f.sha256 IN (SELECT value FROM json_each(?)) AND r.year = ?
                """,
            arguments: [digests, year]
        ) {
            let file = (resourceID: row[0] as String, studioID: row[1] as String, sha256: row[2] as String)
            holders[file.sha256, default: []].insert(file.resourceID)
            files.append(file)
        }
        var shared: [String: [String]] = [:]
        for file in files where studios.contains(file.studioID) && (holders[file.sha256]?.count ?? 0) > 1 {
            shared[file.resourceID, default: []].append(file.sha256)
        }
        return shared.mapValues { $0.sorted() }
    }

    /// SQL for the China-time day (`2019-03-04`) of a stored instant: written by SQLite, not formatted per record.
    static func day(_ column: String) -> String { "date(\(column), '+8 hours')" }
}
