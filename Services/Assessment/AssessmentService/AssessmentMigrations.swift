import AssessmentAPI
import Foundation
import GRDB
import JSONRPC

extension DatabaseMigrator {
    /// The assessment schema. Migrations are never edited once merged: add a new one.
    public static var assessment: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ruleSet") { db in
            try db.create(table: "ruleSet") { table in
                table.column("year", .integer).notNull()
                table.column("version", .integer).notNull()
                table.column("document", .blob).notNull()
                table.column("loadedBy", .text).notNull()
                table.column("loadedAt", .datetime).notNull()
                table.primaryKey(["year", "version"])
            }
        }
        migrator.registerMigration("v2-runs-results-credits") { db in
            // Rule sets of the foundation's format (thresholds and weights only) cannot be read by this version.
            try db.execute(sql: "DELETE FROM ruleSet")
            try db.alter(table: "ruleSet") { table in table.add(column: "reason", .text) }
            try db.create(table: "run") { table in
                table.primaryKey("id", .text)
                table.column("year", .integer).notNull()
                table.column("ruleSetVersion", .integer).notNull()
                table.column("status", .text).notNull()
                table.column("startedBy", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("frozenAt", .datetime)
                table.column("sources", .blob).notNull()  // JSON [MetricSource]
                table.column("snapshot", .blob).notNull()  // JSON [StudioSnapshot]: the numbers used, as pulled
                table.column("studios", .integer).notNull()
                table.column("passed", .integer).notNull()
                table.column("idle", .integer).notNull()
                table.column("pullMilliseconds", .integer).notNull()
                table.column("computeMilliseconds", .integer).notNull()
            }
            try db.create(index: "run_year", on: "run", columns: ["year", "createdAt"])
            // One frozen (final) run per year (R-MGT-2).
            try db.execute(sql: "CREATE UNIQUE INDEX run_frozen ON run(year) WHERE status = 'frozen'")
            try db.create(table: "result") { table in
                table.column("runID", .text).notNull().references("run", onDelete: .cascade)
                table.column("studioID", .text).notNull()
                table.column("rank", .integer).notNull()
                table.column("city", .text).notNull()
                table.column("workstation", .text)
                table.column("leaderID", .text).notNull()
                table.column("passed", .boolean).notNull()
                table.column("score", .double).notNull()
                table.column("tier", .text)
                table.column("idle", .boolean).notNull()
                table.column("document", .blob).notNull()  // JSON StudioResult
                table.primaryKey(["runID", "studioID"])
            }
            try db.create(index: "result_rank", on: "result", columns: ["runID", "rank"])
            try db.create(index: "result_studio", on: "result", columns: ["studioID"])
            try db.create(table: "manualScore") { table in
                table.column("year", .integer).notNull()
                table.column("studioID", .text).notNull()
                table.column("indicator", .text).notNull()
                table.column("score", .double).notNull()
                table.column("comment", .text)
                table.column("scoredBy", .text).notNull()
                table.column("scoredAt", .datetime).notNull()
                table.primaryKey(["year", "studioID", "indicator"])
            }
            // The credit ledger (R-MGT-6): the sequence is the training system's pull cursor.
            try db.create(table: "credit") { table in
                table.autoIncrementedPrimaryKey("sequence")
                table.column("year", .integer).notNull()
                table.column("teacherID", .text).notNull()
                table.column("studioID", .text).notNull()
                table.column("role", .text).notNull()
                table.column("credits", .integer).notNull()
                table.column("createdAt", .datetime).notNull()
                table.uniqueKey(["year", "teacherID", "studioID"])
            }
        }
        migrator.registerMigration("v3-ranking-columns") { db in
            // The ranking table's fields as columns, so a page of the ranking reads neither the result documents
            // nor the run's snapshot.
            try db.alter(table: "result") { table in
                table.add(column: "name", .text).notNull().defaults(to: "")
                table.add(column: "amount", .integer).notNull().defaults(to: 0)
                table.add(column: "badge", .boolean).notNull().defaults(to: false)
                table.add(column: "proposal", .text).notNull().defaults(to: "keep")
            }
            let rows = try Row.fetchAll(db, sql: "SELECT runID, studioID, document FROM result")
            for row in rows {
                let result = try JSONCoding.decoder.decode(StudioResult.self, from: row["document"] as Data)
                try db.execute(
                    sql: "UPDATE result SET name = ?, amount = ?, badge = ?, proposal = ? WHERE runID = ? AND studioID = ?",
                    arguments: [
                        result.name, result.amount, result.badge, result.proposal.rawValue,
                        row["runID"] as String, row["studioID"] as String,
                    ]
                )
            }
        }
        migrator.registerMigration("v4-levels") { db in
            // Runs assess every level and rank each on its own (R-LVL-2); results stored before were all provincial.
            try db.alter(table: "result") { table in table.add(column: "level", .text).notNull().defaults(to: "province") }
            try db.create(index: "result_level_rank", on: "result", columns: ["runID", "level", "rank"])
            for row in try Row.fetchAll(db, sql: "SELECT runID, studioID, document FROM result") {
                guard var document = try JSONSerialization.jsonObject(with: row["document"] as Data) as? [String: Any] else { continue }
                document["level"] = "province"
                try db.execute(
                    sql: "UPDATE result SET document = ? WHERE runID = ? AND studioID = ?",
                    arguments: [
                        try JSONSerialization.data(withJSONObject: document), row["runID"] as String,
                        row["studioID"] as String,
                    ]
                )
            }
        }
        migrator.registerMigration("v5-run-levels") { db in
            try db.alter(table: "run") { table in table.add(column: "levels", .blob) }
        }
        migrator.registerMigration("v6-bureau-floors") { db in
            // Every version a bureau set is kept (R-APP-4); a run reads the newest of each.
            try db.create(table: "bureauFloor") { table in
                table.column("year", .integer).notNull()
                table.column("level", .text).notNull()
                table.column("city", .text).notNull()
                table.column("county", .text).notNull()  // "" for a city's floor
                table.column("version", .integer).notNull()
                table.column("thresholds", .blob).notNull()
                table.column("setBy", .text).notNull()
                table.column("setAt", .datetime).notNull()
                table.primaryKey(["year", "level", "city", "county", "version"])
            }
        }
        migrator.registerMigration("v7-result-snapshot") { db in
            // Each studio's pulled numbers and the records behind them, beside its result (provenance).
            try db.alter(table: "result") { table in table.add(column: "snapshot", .blob) }
        }
        migrator.registerMigration("v8-flags") { db in
            // What each run's rules of thumb raised, for the workstation (the whole flag as JSON beside its keys).
            try db.create(table: "flag") { table in
                table.primaryKey("id", .text)
                table.column("runID", .text).notNull().references("run", onDelete: .cascade)
                table.column("year", .integer).notNull()
                table.column("studioID", .text).notNull()
                table.column("check", .text).notNull()
                table.column("status", .text).notNull()
                table.column("document", .blob).notNull()
            }
            try db.create(index: "flag_run_studio", on: "flag", columns: ["runID", "studioID"])
        }
        migrator.registerMigration("v9-exclusions") { db in
            // Records a supervisor excluded from a studio's counts by accepting a flag; the next runs honour them.
            try db.create(table: "exclusion") { table in
                table.column("year", .integer).notNull()
                table.column("studioID", .text).notNull()
                table.column("recordID", .text).notNull()
                table.column("flagID", .text).notNull()
                table.column("check", .text).notNull()
                table.column("reason", .text).notNull()
                table.column("decidedBy", .text).notNull()
                table.column("decidedAt", .datetime).notNull()
                table.primaryKey(["year", "studioID", "recordID"])
            }
        }
        return migrator
    }
}
