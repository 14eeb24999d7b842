import ActivitiesAPI
import Foundation
import GRDB
import MembershipAPI
import Testing

@testable import ActivitiesService

/// The rules of thumb on attendance over rows as the store holds them (an in-memory database with the service's own
/// migrations): rows no door of the service lets in today — a teacher in two overlapping activities came in before
/// R-ACT-1 was checked, a check-in outside the hours only from a tampered store — and check-ins a script makes.
/// Each check names exactly the planted activities and is silent on ordinary ones.
@Suite("Activities: the attendance checks")
struct AttendanceChecksTests {
    static let thresholds = AnomalyThresholds(
        sameCrowdSimilarity: 0.9,
        sameCrowdActivities: 5,
        lateBurstDays: 15,
        lateBurstBackdatedDays: 7,
        lateBurstRecords: 5,
        checkInClusterSize: 10,
        checkInClusterSeconds: 3,
        overlappingAttendance: true
    )
    static let base = Date(timeIntervalSince1970: 1_767_225_600 + 86_400 * 40)  // 2026-02-10 00:00 China time

    /// A held activity of `studioID` from `start` hours after ``base`` for an hour.
    static func activity(_ db: Database, _ id: String, studio studioID: String, start: Double) throws {
        let startsAt = Self.base.addingTimeInterval(start * 3600)
        try db.execute(
            sql: """
                INSERT INTO activity (id, studioID, studioName, studioLevel, title, theme, mode, kind, startsAt, endsAt, year,
                                      hostID, status, createdAt, updatedAt)
                VALUES (?, ?, '工作室', 'province', '研修', '', 'online', 'research', ?, ?, 2026, 't-host', 'closed', ?, ?)
                """,
            arguments: [id, studioID, startsAt, startsAt.addingTimeInterval(3600), startsAt, startsAt]
        )
    }

    static func attend(_ db: Database, _ activityID: String, _ teacherID: String, checkedInAt: Date? = nil) throws {
        try db.execute(
            sql: "INSERT INTO participant (activityID, teacherID, source, at) VALUES (?, ?, ?, ?)",
            arguments: [activityID, teacherID, checkedInAt == nil ? "recorded" : "checkedIn", checkedInAt ?? Self.base]
        )
    }

    static func find(_ db: Database) throws -> [String: [ActivityAnomaly]] {
        try AnomalyChecks.find(db, year: 2026, idList: #"["st-a","st-b","st-c"]"#, thresholds: Self.thresholds)
    }

    static func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try DatabaseMigrator.activities.migrate(queue)
        return queue
    }

    @Test("a teacher in two activities at overlapping times flags both studios' activities, not the teacher's other ones")
    func overlapping() throws {
        let queue = try Self.database()
        try queue.write { db in
            try Self.activity(db, "ac-a1", studio: "st-a", start: 0)  // 00:00–01:00
            try Self.activity(db, "ac-b1", studio: "st-b", start: 0.5)  // 00:30–01:30: overlaps ac-a1
            try Self.activity(db, "ac-a2", studio: "st-a", start: 1)  // 01:00–02:00: touches ac-a1, overlaps ac-b1 for others
            try Self.activity(db, "ac-c1", studio: "st-c", start: 5)
            try Self.attend(db, "ac-a1", "t-twice")
            try Self.attend(db, "ac-b1", "t-twice")
            try Self.attend(db, "ac-a2", "t-back-to-back")
            try Self.attend(db, "ac-a1", "t-back-to-back")
            try Self.attend(db, "ac-c1", "t-twice")
        }
        let found = try queue.read(Self.find)
        let overlaps = found.mapValues { $0.filter { $0.kind == .overlappingAttendance } }.filter { !$0.value.isEmpty }
        #expect(overlaps["st-a"]?.first?.records.map(\.id) == ["ac-a1"])
        #expect(overlaps["st-b"]?.first?.records.map(\.id) == ["ac-b1"])
        #expect(overlaps["st-c"] == nil)
        #expect(overlaps["st-a"]?.first?.detail.contains("t-twice") == true)
    }

    @Test("ten check-ins within three seconds, or one outside the activity's hours, flag the activity; people arriving over minutes do not")
    func checkIns() throws {
        let queue = try Self.database()
        try queue.write { db in
            try Self.activity(db, "ac-script", studio: "st-a", start: 0)
            try Self.activity(db, "ac-people", studio: "st-b", start: 0)
            try Self.activity(db, "ac-late", studio: "st-c", start: 0)
            for n in 0..<12 {
                try Self.attend(db, "ac-script", "t-s\(n)", checkedInAt: Self.base.addingTimeInterval(60 + Double(n) * 0.2))
                try Self.attend(db, "ac-people", "t-p\(n)", checkedInAt: Self.base.addingTimeInterval(Double(n) * 40))
            }
            for n in 0..<9 { try Self.attend(db, "ac-late", "t-l\(n)", checkedInAt: Self.base.addingTimeInterval(120 + Double(n) * 0.1)) }
            try Self.attend(db, "ac-late", "t-after", checkedInAt: Self.base.addingTimeInterval(2 * 3600))
        }
        let found = try queue.read(Self.find)
        let clusters = found.mapValues { $0.filter { $0.kind == .checkInCluster } }.filter { !$0.value.isEmpty }
        #expect(clusters["st-a"]?.first?.records.map(\.id) == ["ac-script"])
        #expect(clusters["st-a"]?.first?.detail.contains("at most 12") == true)
        #expect(clusters["st-b"] == nil)
        // Nine close together is under the size; the one two hours in is outside the hour the activity ran.
        #expect(clusters["st-c"]?.first?.records.map(\.id) == ["ac-late"])
        #expect(clusters["st-c"]?.first?.detail == "1 check-ins outside their activity's hours")
    }

    @Test("without the thresholds for them, neither check runs")
    func off() throws {
        let queue = try Self.database()
        try queue.write { db in
            try Self.activity(db, "ac-a1", studio: "st-a", start: 0)
            try Self.activity(db, "ac-b1", studio: "st-b", start: 0)
            try Self.attend(db, "ac-a1", "t-x", checkedInAt: Self.base.addingTimeInterval(7200))
            try Self.attend(db, "ac-b1", "t-x")
        }
        let quiet = AnomalyThresholds(
            sameCrowdSimilarity: 0.9,
            sameCrowdActivities: 5,
            lateBurstDays: 15,
            lateBurstBackdatedDays: 7,
            lateBurstRecords: 5
        )
        let found = try queue.read { db in
            try AnomalyChecks.find(db, year: 2026, idList: #"["st-a","st-b"]"#, thresholds: quiet)
        }
        #expect(found.values.allSatisfy { $0.isEmpty })
    }
}
