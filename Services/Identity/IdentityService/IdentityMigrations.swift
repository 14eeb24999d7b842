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
        migrator.registerMigration("v2-accounts-admins-sessions") { db in
            // Teachers, mirrored from the teacher-training system; `id` is "t-" + trainingID.
            try db.create(table: "account") { table in
                table.primaryKey("id", .text)
                table.column("trainingID", .text).notNull().unique()
                table.column("name", .text).notNull()
                table.column("school", .text).notNull()
                table.column("city", .text).notNull()
                table.column("county", .text).notNull()
                table.column("rural", .boolean).notNull()
                table.column("pairedRegion", .boolean).notNull()
                table.column("stage", .text).notNull()
                table.column("subject", .text).notNull()
                table.column("title", .text).notNull()
                table.column("honours", .text).notNull()  // JSON array of Honour
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "admin") { table in
                table.primaryKey("id", .text)
                table.column("username", .text).notNull().unique()
                table.column("name", .text).notNull()
                table.column("role", .text).notNull()
                table.column("city", .text)
                table.column("county", .text)
                table.column("workstation", .text)
                table.column("unit", .text)
                table.column("phone", .text)
                table.column("contact", .text)
                table.column("trainingID", .text).unique()
                table.column("passwordHash", .blob).notNull()
                table.column("passwordSalt", .blob).notNull()
                table.column("passwordKDF", .text).notNull()
                table.column("createdBy", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "admin_role_city", on: "admin", columns: ["role", "city"])
            // Only a hash of each refresh token is kept, so a copy of the database cannot be used to sign in.
            try db.create(table: "refreshToken") { table in
                table.primaryKey("hash", .text)
                table.column("subject", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("expiresAt", .datetime).notNull()
                table.column("revokedAt", .datetime)
            }
        }
        return migrator
    }
}
