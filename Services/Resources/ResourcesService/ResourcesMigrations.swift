import GRDB
import ServiceKit

extension DatabaseMigrator {
    /// The resources schema. Migrations are never edited once merged: add a new one.
    public static var resources: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-resource") { db in
            try db.create(table: "resource") { table in
                table.primaryKey("id", .text)
                table.column("studioID", .text).notNull().indexed()
                table.column("title", .text).notNull()
                table.column("type", .text).notNull()
                table.column("year", .integer).notNull()
                table.column("visibility", .text).notNull()
                table.column("authorID", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2-resources-files-selection") { db in
            try Self.createResourceTableV2(db)
            try db.create(table: "resourceFile") { table in
                table.column("resourceID", .text).notNull().references("resource", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("sha256", .text).notNull().indexed()
                table.column("fileName", .text).notNull()
                table.primaryKey(["resourceID", "position"])
            }
            try db.create(table: "resourceTag") { table in
                table.column("resourceID", .text).notNull().references("resource", onDelete: .cascade)
                table.column("tag", .text).notNull()
                table.primaryKey(["resourceID", "tag"])
            }
            try db.create(index: "resourceTag_tag", on: "resourceTag", columns: ["tag", "resourceID"])
            try db.create(table: "seriesItem") { table in
                table.column("seriesID", .text).notNull().references("resource", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("itemID", .text).notNull().references("resource")
                table.primaryKey(["seriesID", "position"])
            }
            // The marks in force; every mark and withdrawal is also a resourceEvent (R-TASK-5).
            try db.create(table: "premium") { table in
                table.column("resourceID", .text).notNull().references("resource", onDelete: .cascade)
                table.column("year", .integer).notNull()
                table.column("studioID", .text).notNull()
                table.column("reason", .text).notNull()
                table.column("markedBy", .text).notNull()
                table.column("markedAt", .datetime).notNull()
                table.primaryKey(["resourceID", "year"])
            }
            try db.create(index: "premium_studio_year", on: "premium", columns: ["studioID", "year"])
            try db.create(table: "resourceEvent") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("resourceID", .text).notNull().references("resource", onDelete: .cascade).indexed()
                table.column("kind", .text).notNull()
                table.column("at", .datetime).notNull()
                table.column("by", .text).notNull()
                table.column("year", .integer)
                table.column("reason", .text)
            }
            // A stored file: the row is written only after the file is durable under its final name.
            try db.create(table: "blob") { table in
                table.primaryKey("sha256", .text)
                table.column("size", .integer).notNull()
                table.column("mediaType", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("uploadedBy", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            // Text search over title, description and tags; trigram tokens work for Chinese without a dictionary.
            try db.create(virtualTable: "resourceSearch", using: FTS5()) { table in
                table.synchronize(withTable: "resource")
                table.tokenizer = FTS5TokenizerDescriptor(components: ["trigram"])
                table.column("title")
                table.column("description")
                table.column("tags")
            }
        }
        migrator.registerMigration("v3-uploaders") { db in
            // Everyone who uploaded a file's bytes may fetch it back, not only the first (the file is kept once).
            try db.create(table: "upload") { table in
                table.column("sha256", .text).notNull().references("blob", onDelete: .cascade)
                table.column("uploadedBy", .text).notNull()
                table.primaryKey(["sha256", "uploadedBy"])
            }
            try db.execute(sql: "INSERT INTO upload (sha256, uploadedBy) SELECT sha256, uploadedBy FROM blob")
        }
        migrator.registerMigration("v4-search-order-indexes") { db in
            // Filters that end in the newest-first order, so a page stops after pageSize rows instead of sorting
            // every match (measured: type + year + premium over 100,000 resources, 75 ms p50 before).
            try db.drop(index: "resource_year_type")
            try db.create(index: "resource_year_type", on: "resource", columns: ["year", "type", "createdAt", "id"])
            try db.create(index: "resource_type_newest", on: "resource", columns: ["type", "createdAt", "id"])
            try db.create(index: "resource_studio_newest", on: "resource", columns: ["studioID", "createdAt", "id"])
            // Micro-course entries, few among many resources, for the metrics.
            try db.execute(sql: "CREATE INDEX resource_micro ON resource(microYear, studioID) WHERE microYear IS NOT NULL")
        }
        migrator.registerMigration("v5-year-policy") { db in
            // Years closed by a frozen ranking: nothing is dated in them afterwards (R-MGT-2).
            try YearPolicies.createTable(db)
        }
        return migrator
    }

    /// The full resource table. Rows of v1 (the foundation's stub, metadata only) are carried over with a
    /// placeholder stage and subject.
    private static func createResourceTableV2(_ db: Database) throws {
        try db.create(table: "resourceV2") { table in
            table.primaryKey("id", .text)
            table.column("studioID", .text).notNull()
            table.column("city", .text).notNull()
            table.column("county", .text)
            table.column("title", .text).notNull()
            table.column("type", .text).notNull()
            table.column("stage", .text).notNull()
            table.column("subject", .text).notNull()
            table.column("description", .text).notNull()
            table.column("tags", .text).notNull()  // JSON array, also indexed for text search
            table.column("year", .integer).notNull()
            table.column("visibility", .text).notNull()
            table.column("authorID", .text).notNull()
            table.column("createdAt", .datetime).notNull()
            table.column("updatedAt", .datetime).notNull()
            table.column("seriesTheme", .text)
            table.column("seriesBranded", .boolean).notNull().defaults(to: false)
            table.column("seriesCompletedAt", .datetime)
            table.column("microYear", .integer)
            table.column("microEnteredAt", .datetime)
            table.column("microOutcome", .text)
            table.column("microDecidedBy", .text)
            table.column("microDecidedAt", .datetime)
            table.column("outcomeKind", .text)
            table.column("outcomeVenue", .text)
            table.column("outcomeLevel", .text)
            table.column("outcomeDate", .text)
            table.column("outcomeStatus", .text)
            table.column("outcomeDecidedBy", .text)
            table.column("outcomeDecidedAt", .datetime)
            table.column("outcomeNote", .text)
        }
        try db.execute(
            sql: """
                INSERT INTO resourceV2 (id, studioID, city, title, type, stage, subject, description, tags, year,
                                        visibility, authorID, createdAt, updatedAt)
                SELECT id, studioID, '', title, type, 'primary', '-', '', '[]', year, visibility, authorID, createdAt, createdAt
                FROM resource
                """
        )
        try db.drop(table: "resource")
        try db.rename(table: "resourceV2", to: "resource")
        try db.create(index: "resource_studio_year", on: "resource", columns: ["studioID", "year", "type"])
        try db.create(index: "resource_newest", on: "resource", columns: ["createdAt", "id"])
        try db.create(index: "resource_year_type", on: "resource", columns: ["year", "type"])
        // One branded themed series per studio and year (R-TASK-4).
        try db.execute(
            sql: """
                CREATE UNIQUE INDEX resource_branded_series ON resource(studioID, year) WHERE seriesBranded
                """
        )
    }
}
