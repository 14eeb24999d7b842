import GRDB
import ServiceKit

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
        migrator.registerMigration("v2-activities-attendance-notices-projects") { db in
            try Self.createActivityTableV2(db)
            try db.create(table: "invitation") { table in
                table.column("activityID", .text).notNull().references("activity", onDelete: .cascade)
                table.column("teacherID", .text).notNull()
                table.primaryKey(["activityID", "teacherID"])
            }
            try db.create(table: "participant") { table in
                table.column("activityID", .text).notNull().references("activity", onDelete: .cascade)
                table.column("teacherID", .text).notNull()
                table.column("source", .text).notNull()
                table.column("at", .datetime).notNull()
                table.primaryKey(["activityID", "teacherID"])
            }
            try db.create(table: "activityCase") { table in
                table.primaryKey("id", .text)
                table.column("studioID", .text).notNull()
                table.column("activityID", .text).notNull().unique().references("activity")
                table.column("title", .text).notNull()
                table.column("summary", .text).notNull()
                table.column("resourceID", .text)
                table.column("submittedBy", .text).notNull()
                table.column("submittedAt", .datetime).notNull()
                table.column("year", .integer).notNull()
            }
            try db.create(index: "activityCase_studio_year", on: "activityCase", columns: ["studioID", "year"])
            try db.create(table: "subjectLeaderRecord") { table in
                table.primaryKey("id", .text)
                table.column("studioID", .text).notNull()
                table.column("teacherID", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("title", .text).notNull()
                table.column("level", .text).notNull()
                table.column("rank", .text)
                table.column("date", .text).notNull()
                table.column("year", .integer).notNull()
                table.column("evidenceResourceID", .text)
                table.column("evidenceSHA256", .text)
                table.column("recordedBy", .text).notNull()
                table.column("recordedAt", .datetime).notNull()
            }
            try db.create(index: "subjectLeaderRecord_studio_year", on: "subjectLeaderRecord", columns: ["studioID", "year"])
            try db.create(table: "featuredProject") { table in
                table.primaryKey("id", .text)
                table.column("studioID", .text).notNull()
                table.column("year", .integer).notNull()
                table.column("type", .text).notNull()
                table.column("theme", .text).notNull()
                table.column("description", .text).notNull()
                table.column("status", .text).notNull()
                table.column("decidedBy", .text)
                table.column("decidedAt", .datetime)
                table.column("note", .text)
                table.column("createdAt", .datetime).notNull()
                table.uniqueKey(["studioID", "year"])  // one featured project per studio and year (R-FEAT-1)
            }
            try db.create(table: "notice") { table in
                table.primaryKey("id", .text)
                table.column("activityID", .text).notNull().references("activity")
                table.column("studioID", .text).notNull()
                table.column("status", .text).notNull()
                table.column("body", .text).notNull()
                table.column("number", .text).unique()
                table.column("verificationCode", .text)
                table.column("draftedBy", .text).notNull()
                table.column("draftedAt", .datetime).notNull()
                table.column("reviewedBy", .text)
                table.column("reviewedAt", .datetime)
                table.column("reviewNote", .text)
                table.column("withdrawnAt", .datetime)
                table.column("withdrawReason", .text)
            }
            // One notice in review or in force per activity; a rejected or withdrawn one may be drafted again.
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX notice_current ON notice(activityID) WHERE status IN ('submitted', 'published')
                    """
            )
            try db.create(table: "noticeSequence") { table in
                table.primaryKey("year", .integer)
                table.column("last", .integer).notNull()
            }
        }
        migrator.registerMigration("v3-participant-by-teacher") { db in
            // One teacher in one activity at a time (R-ACT-1) is checked by teacher on every attendance write.
            try db.create(index: "participant_teacher", on: "participant", columns: ["teacherID"])
        }
        migrator.registerMigration("v4-held-roster") { db in
            // The studio's subject leaders as of an activity's start, taken when it is marked held: R-TASK-8 is
            // judged on every held activity, its records closed or not.
            try db.create(table: "activityRoster") { table in
                table.column("activityID", .text).notNull().references("activity", onDelete: .cascade)
                table.column("teacherID", .text).notNull()
                table.primaryKey(["activityID", "teacherID"])
            }
        }
        migrator.registerMigration("v5-year-policy") { db in
            // The record window of each year, and years closed by a frozen ranking (R-MGT-2).
            try YearPolicies.createTable(db)
        }
        migrator.registerMigration("v6-record-review") { db in
            // Lectures and awards count once someone outside the studio accepted them (R-TASK-2, R-TASK-3). Rows
            // recorded before review existed wait for it; the office's imports were the office's word already.
            try db.alter(table: "subjectLeaderRecord") { table in
                table.add(column: "reviewStatus", .text).notNull().defaults(to: "pending")
                table.add(column: "reviewedBy", .text)
                table.add(column: "reviewedAt", .datetime)
                table.add(column: "reviewReason", .text)
            }
            try db.execute(
                sql: """
                    UPDATE subjectLeaderRecord SET reviewStatus = 'accepted', reviewedBy = 'import', reviewedAt = recordedAt
                    WHERE recordedBy = 'import'
                    """
            )
            try db.create(
                index: "subjectLeaderRecord_review",
                on: "subjectLeaderRecord",
                columns: ["reviewStatus", "recordedAt", "id"]
            )
            try db.create(index: "featuredProject_status", on: "featuredProject", columns: ["status", "createdAt", "id"])
            try db.create(index: "notice_status", on: "notice", columns: ["status", "draftedAt", "id"])
        }
        // A studio's notices, newest first (activities.listStudioNotices).
        migrator.registerMigration("v7-notice-by-studio") { db in
            try db.create(index: "notice_studio", on: "notice", columns: ["studioID", "draftedAt", "id"])
        }
        return migrator
    }

    /// The full activity table; rows of v1 (the foundation's stub) are carried over as planned, without a theme.
    private static func createActivityTableV2(_ db: Database) throws {
        try db.create(table: "activityV2") { table in
            table.primaryKey("id", .text)
            table.column("studioID", .text).notNull()
            table.column("studioName", .text).notNull()
            table.column("studioLevel", .text).notNull()
            table.column("title", .text).notNull()
            table.column("theme", .text).notNull()
            table.column("mode", .text).notNull()
            table.column("kind", .text).notNull()
            table.column("place", .text)
            table.column("link", .text)
            table.column("startsAt", .datetime).notNull()
            table.column("endsAt", .datetime).notNull()
            table.column("year", .integer).notNull()  // of startsAt, China time
            table.column("hostID", .text).notNull()
            table.column("hostName", .text)
            table.column("projectID", .text)
            table.column("status", .text).notNull()
            table.column("cancelReason", .text)
            table.column("checkInCode", .text)
            table.column("participants", .integer)
            table.column("subjectLeaders", .integer)
            table.column("subjectLeadersPresent", .integer)
            table.column("hostPresent", .boolean)
            table.column("createdAt", .datetime).notNull()
            table.column("updatedAt", .datetime).notNull()
        }
        try db.execute(
            sql: """
                INSERT INTO activityV2 (id, studioID, studioName, studioLevel, title, theme, mode, kind, startsAt, endsAt, year,
                                        hostID, status, createdAt, updatedAt)
                SELECT id, studioID, '', 'province', title, '', mode, kind, startsAt, endsAt,
                       CAST(strftime('%Y', startsAt, '+8 hours') AS INTEGER), hostID, 'planned', startsAt, startsAt
                FROM activity
                """
        )
        try db.drop(table: "activity")
        try db.rename(table: "activityV2", to: "activity")
        try db.create(index: "activity_studio_year", on: "activity", columns: ["studioID", "year", "status"])
        try db.create(index: "activity_start", on: "activity", columns: ["startsAt", "id"])
        try db.create(index: "activity_project", on: "activity", columns: ["projectID"])
    }
}
