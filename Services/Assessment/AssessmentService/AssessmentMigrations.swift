import GRDB

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
        return migrator
    }
}
