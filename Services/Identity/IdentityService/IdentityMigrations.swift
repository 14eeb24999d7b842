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
        migrator.registerMigration("v3-applications") { db in
            try db.create(table: "applicationCalendar") { table in
                table.primaryKey("year", .integer)
                table.column("leaderApplicationsClose", .datetime).notNull()
                table.column("cityListsClose", .datetime).notNull()
                table.column("subjectLeaderApplicationsClose", .datetime).notNull()
            }
            try db.create(table: "leaderApplication") { table in
                table.primaryKey("id", .text)
                table.column("year", .integer).notNull()
                table.column("level", .text).notNull()
                table.column("applicantID", .text).notNull().references("account")
                table.column("applicantName", .text).notNull()
                table.column("city", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("stage", .text).notNull()
                table.column("subject", .text).notNull()
                table.column("phone", .text).notNull()
                table.column("qq", .text)
                table.column("status", .text).notNull()
                table.column("eligibility", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "leaderApplication_year_city", on: "leaderApplication", columns: ["year", "city", "status"])
            try db.create(index: "leaderApplication_applicant", on: "leaderApplication", columns: ["applicantID", "year"])
            try db.create(table: "subjectLeaderApplication") { table in
                table.primaryKey("id", .text)
                table.column("year", .integer).notNull()
                table.column("studioID", .text).notNull()
                table.column("applicantID", .text).notNull().references("account")
                table.column("applicantName", .text).notNull()
                table.column("city", .text).notNull()
                table.column("phone", .text).notNull()
                table.column("formSHA256", .text).notNull()
                table.column("formType", .text).notNull()
                table.column("status", .text).notNull()
                table.column("eligibility", .text).notNull()
                table.column("reason", .text)
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "subjectLeaderApplication_studio", on: "subjectLeaderApplication", columns: ["studioID", "year"])
            try db.create(index: "subjectLeaderApplication_city", on: "subjectLeaderApplication", columns: ["year", "city"])
            try db.create(index: "subjectLeaderApplication_applicant", on: "subjectLeaderApplication", columns: ["applicantID", "year"])
            // Every decision on every application: who, when, what, why.
            try db.create(table: "applicationEvent") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("applicationID", .text).notNull()
                table.column("action", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("reason", .text)
                table.column("at", .datetime).notNull()
            }
            try db.create(index: "applicationEvent_application", on: "applicationEvent", columns: ["applicationID", "id"])
            try db.create(table: "localLeaderRule") { table in
                table.column("city", .text).notNull()
                table.column("level", .text).notNull()
                table.column("minimumTitle", .text).notNull()
                table.column("requiresCityHonour", .boolean).notNull()
                table.primaryKey(["city", "level"])
            }
        }
        migrator.registerMigration("v4-known-sign-in-addresses") { db in
            // The addresses each admin signed in from with the right password: from these the right password always
            // works, whatever anyone else has tried (SignInThrottle).
            try db.create(table: "knownSignInAddress") { table in
                table.column("adminID", .text).notNull()
                table.column("address", .text).notNull()
                table.column("lastSignInAt", .datetime).notNull()
                table.primaryKey(["adminID", "address"])
            }
        }
        migrator.registerMigration("v5-form-uploads") { db in
            // Who uploaded which form scan (PUT /forms/{sha256}): an application names a form its applicant sent.
            try db.create(table: "formUpload") { table in
                table.column("sha256", .text).notNull()
                table.column("uploadedBy", .text).notNull()
                table.column("contentType", .text).notNull()
                table.column("size", .integer).notNull()
                table.column("uploadedAt", .datetime).notNull()
                table.primaryKey(["sha256", "uploadedBy"])
            }
        }
        migrator.registerMigration("v6-local-subject-leader-rule") { db in
            // A city's bureau may also ask something of its studios' subject leaders (R-APP-4); null: nothing.
            try db.alter(table: "localLeaderRule") { table in
                table.add(column: "subjectLeaderMinimumTitle", .text)
                table.add(column: "subjectLeaderRequiresCityHonour", .boolean)
            }
        }
        return migrator
    }
}
