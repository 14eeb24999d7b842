import GRDB

extension DatabaseMigrator {
    /// The membership schema. Migrations are never edited once merged: add a new one.
    public static var membership: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-studio") { db in
            try db.create(table: "studio") { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull()
                table.column("level", .text).notNull()
                table.column("city", .text).notNull()
                table.column("county", .text)
                table.column("stage", .text).notNull()
                table.column("subject", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("leaderID", .text).notNull()
                table.column("status", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "studio_city_level", on: "studio", columns: ["city", "level", "status"])
        }
        return migrator
    }
}
