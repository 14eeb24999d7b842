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
        migrator.registerMigration("v2-rosters-quotas-history") { db in
            try db.alter(table: "studio") { table in
                table.add(column: "workstation", .text)
                table.add(column: "pairedSchoolName", .text)
                table.add(column: "pairedSchoolCity", .text)
                table.add(column: "pairedSchoolCounty", .text)
            }
            try db.create(index: "studio_workstation", on: "studio", columns: ["workstation"])
            try db.create(table: "studioEvent") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("studioID", .text).notNull().references("studio")
                table.column("kind", .text).notNull()
                table.column("fromLevel", .text)
                table.column("toLevel", .text)
                table.column("reason", .text)
                table.column("decidedBy", .text).notNull()
                table.column("at", .datetime).notNull()
            }
            try db.create(index: "studioEvent_studio", on: "studioEvent", columns: ["studioID", "id"])
            // Studios created before this migration get their creation event, so every history starts somewhere.
            try db.execute(
                sql: """
                    INSERT INTO studioEvent (studioID, kind, toLevel, decidedBy, at)
                    SELECT id, 'created', level, 'migration', createdAt FROM studio
                    """
            )
            // County is '' for city-level quotas so that the pair is a primary key.
            try db.create(table: "quota") { table in
                table.column("city", .text).notNull()
                table.column("county", .text).notNull()
                table.column("level", .text).notNull()
                table.column("limit", .integer).notNull()
                table.primaryKey(["city", "county", "level"])
            }
            // One row per period a teacher held a role in a studio; `leftAt` is null while it lasts.
            try db.create(table: "member") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("studioID", .text).notNull().references("studio")
                table.column("teacherID", .text).notNull()
                table.column("role", .text).notNull()
                // Roster order: role, then paired-assistance regions first (R-COMP-6).
                table.column("sortKey", .integer).notNull()
                table.column("name", .text).notNull()
                table.column("school", .text).notNull()
                table.column("schoolCity", .text).notNull()
                table.column("rural", .boolean).notNull()
                table.column("pairedRegion", .boolean).notNull()
                table.column("mentorID", .text)
                table.column("joinedAt", .datetime).notNull()
                table.column("leftAt", .datetime)
                table.column("leftReason", .text)
            }
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX member_current ON member (studioID, teacherID) WHERE leftAt IS NULL;
                    CREATE INDEX member_roster ON member (studioID, sortKey, id);
                    CREATE INDEX member_teacher ON member (teacherID, leftAt);
                    CREATE INDEX member_mentor ON member (studioID, mentorID) WHERE leftAt IS NULL AND mentorID IS NOT NULL;
                    """
            )
            try db.create(table: "joinRequest") { table in
                table.primaryKey("id", .text)
                table.column("studioID", .text).notNull().references("studio")
                table.column("teacherID", .text).notNull()
                table.column("name", .text).notNull()
                table.column("school", .text).notNull()
                table.column("schoolCity", .text).notNull()
                table.column("rural", .boolean).notNull()
                table.column("pairedRegion", .boolean).notNull()
                table.column("message", .text)
                table.column("status", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("decidedAt", .datetime)
                table.column("decidedBy", .text)
                table.column("reason", .text)
            }
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX joinRequest_pending ON joinRequest (studioID, teacherID) WHERE status = 'pending';
                    CREATE INDEX joinRequest_studio ON joinRequest (studioID, status, createdAt);
                    CREATE INDEX joinRequest_teacher ON joinRequest (teacherID);
                    """
            )
        }
        migrator.registerMigration("v3-member-metrics-index") { db in
            // Covers studioMetrics' aggregate, so a year's counts for all studios read the index alone.
            try db.execute(
                sql: """
                    CREATE INDEX member_metrics ON member (studioID, joinedAt, leftAt, role, rural, schoolCity, mentorID)
                    """
            )
        }
        migrator.registerMigration("v4-member-census-index") { db in
            // Leading with the role lets studioMetrics count the many network members with a narrow scan and read
            // the few subject leaders and core members in detail (member_metrics, leading with the studio, made
            // every row of every role pay for the detail).
            try db.execute(
                sql: """
                    DROP INDEX member_metrics;
                    CREATE INDEX member_census ON member (role, studioID, joinedAt, leftAt, rural, schoolCity, mentorID);
                    """
            )
        }
        migrator.registerMigration("v5-paired-school-kind") { db in
            // R-COMP-7 is met by a rural school only; schools named before the kind was asked have none.
            try db.alter(table: "studio") { table in table.add(column: "pairedSchoolKind", .text) }
        }
        migrator.registerMigration("v6-studio-application") { db in
            // One shortlisted application founds one provincial studio (R-APP-2): the application is the key.
            try db.create(table: "studioApplication") { table in
                table.primaryKey("applicationID", .text)
                table.column("studioID", .text).notNull().references("studio")
            }
        }
        return migrator
    }
}
