import GRDB

extension DatabaseMigrator {
    /// The identity schema. Migrations are never edited once merged: add a new one.
    public static var identity: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-signingKey") { db in
            try db.create(table: "signingKey") { table in
                table.primaryKey("id", .text)
                table.column("privateKeyPEM", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("retiredAt", .datetime)
            }
        }
        return migrator
    }
}
