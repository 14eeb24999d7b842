import GRDB

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
        return migrator
    }
}
