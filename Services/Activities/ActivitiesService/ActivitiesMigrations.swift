import GRDB

extension DatabaseMigrator {
    /// The activities schema. Migrations are never edited once merged: add a new one.
    public static var activities: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-activity") { db in
            try db.create(table: "activity") { table in
                table.primaryKey("id", .text)
                table.column("studioID", .text).notNull().indexed()
                table.column("title", .text).notNull()
                table.column("mode", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("startsAt", .datetime).notNull()
                table.column("endsAt", .datetime).notNull()
                table.column("hostID", .text).notNull()
                table.column("status", .text).notNull()
            }
        }
        return migrator
    }
}
