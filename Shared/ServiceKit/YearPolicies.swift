import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer

/// A service's record of the programme years its dated records belong to (see MembershipAPI's `YearPolicy`): the
/// window for entering records of past events, and whether the year is closed. Activities and resources keep one
/// each, in their own database, so that refusing a write into a frozen year never depends on another service.
public enum YearPolicies {
    /// The table, created by each owning service's migration.
    public static func createTable(_ db: Database) throws {
        try db.create(table: "yearPolicy") { table in
            table.primaryKey("year", .integer)
            table.column("recordWindowDays", .integer).notNull()
            table.column("closedAt", .datetime)
            table.column("closedByRun", .text)
        }
    }

    public struct Row: Sendable, Equatable {
        public var year: Int
        public var recordWindowDays: Int
        public var closedAt: Date?
        public var closedByRun: String?
    }

    /// The year's row, or its default: open, with the default window.
    public static func policy(_ db: Database, year: Int, defaultWindowDays: Int) throws -> Row {
        if let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM yearPolicy WHERE year = ?", arguments: [year]) {
            return Row(
                year: year,
                recordWindowDays: row["recordWindowDays"],
                closedAt: row["closedAt"],
                closedByRun: row["closedByRun"]
            )
        }
        return Row(year: year, recordWindowDays: defaultWindowDays, closedAt: nil, closedByRun: nil)
    }

    /// Sets the window and, once, the closure; a closed year stays closed and keeps the run that closed it.
    public static func set(
        _ db: Database,
        year: Int,
        recordWindowDays: Int?,
        closedByRun: String?,
        defaultWindowDays: Int,
        now: Date
    ) throws -> Row {
        var row = try Self.policy(db, year: year, defaultWindowDays: defaultWindowDays)
        if let days = recordWindowDays { row.recordWindowDays = days }
        if let run = closedByRun, row.closedAt == nil {
            row.closedAt = now
            row.closedByRun = run
        }
        try db.execute(
            sql: """
                INSERT INTO yearPolicy (year, recordWindowDays, closedAt, closedByRun) VALUES (?, ?, ?, ?)
                ON CONFLICT(year) DO UPDATE SET recordWindowDays = excluded.recordWindowDays,
                    closedAt = excluded.closedAt, closedByRun = excluded.closedByRun
                """,
            arguments: [row.year, row.recordWindowDays, row.closedAt, row.closedByRun]
        )
        return row
    }

    /// Refuses a record dated in a closed year (R-MGT-2: the frozen ranking is final).
    public static func checkOpen(_ db: Database, year: Int, field: String, defaultWindowDays: Int) throws {
        let row = try Self.policy(db, year: year, defaultWindowDays: defaultWindowDays)
        if let closedAt = row.closedAt {
            throw RPCError.failedPrecondition(
                "\(year) is closed: its ranking was frozen (run \(row.closedByRun ?? "?")) on \(Self.day(closedAt)); nothing can be dated in it any more",
                rule: .mgt2,
                field: field
            )
        }
    }

    /// Refuses a record of an event that ended more than the year's window ago, or one dated in the future: time is
    /// the server's, so a year cannot be filled in after the fact.
    public static func checkRecent(
        _ db: Database,
        eventEnd: Date,
        year: Int,
        field: String,
        defaultWindowDays: Int,
        now: Date = Date()
    ) throws {
        try Self.checkOpen(db, year: year, field: field, defaultWindowDays: defaultWindowDays)
        let row = try Self.policy(db, year: year, defaultWindowDays: defaultWindowDays)
        let deadline = eventEnd.addingTimeInterval(Double(row.recordWindowDays) * 86_400)
        guard now <= deadline else {
            throw RPCError.failedPrecondition(
                "records of an event are entered within \(row.recordWindowDays) days of it; this one ended on \(Self.day(eventEnd)), the window closed on \(Self.day(deadline))",
                rule: .mgt2,
                field: field
            )
        }
    }

    /// A day in China time, 2026-12-01.
    public static func day(_ date: Date) -> String { ChinaCalendar.day(date) }
}

extension YearPolicies {
    /// Registers `set` and `get` (the service's `setYearPolicy` and `getYearPolicy`) over `database`.
    public static func register(
        set: RPCMethod<SetYearPolicyRequest, YearPolicy>,
        get: RPCMethod<GetYearPolicyRequest, YearPolicy>,
        database: any DatabaseWriter,
        in methods: inout RPCMethods
    ) {
        let window = YearPolicy.defaultRecordWindowDays
        methods.register(set) { request, context in
            try await database.writeIdempotent(context) { db in
                try Self.set(
                    db,
                    year: request.year,
                    recordWindowDays: request.recordWindowDays,
                    closedByRun: request.closedByRun,
                    defaultWindowDays: window,
                    now: Date()
                ).value
            }
        }
        methods.register(get) { request, _ in
            try await database.read { db in try Self.policy(db, year: request.year, defaultWindowDays: window).value }
        }
    }
}

extension YearPolicies.Row {
    var value: YearPolicy {
        YearPolicy(year: self.year, recordWindowDays: self.recordWindowDays, closedAt: self.closedAt, closedByRun: self.closedByRun)
    }
}
