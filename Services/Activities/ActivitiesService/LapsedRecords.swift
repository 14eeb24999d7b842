import Foundation
import GRDB
import MembershipAPI
import Programme
import ServiceKit

/// Records close by themselves when their window has passed (R-TASK-8 is judged on every held activity either way):
/// a held activity whose end lies more than its year's record window ago is closed with the counts it has, its
/// subject leaders those on the roster when it was held. Nothing could be recorded for it any more in any case.
enum LapsedRecords {
    /// How often the executables look: a record window is counted in days.
    static let interval: Duration = .seconds(600)

    /// Closes every lapsed activity as of `now`; answers how many.
    @discardableResult
    static func close(_ database: any DatabaseWriter, now: Date = Date()) async throws -> Int {
        try await database.write { db in
            var closed = 0
            let years = try Int.fetchAll(db, sql: "SELECT DISTINCT year FROM activity WHERE status = 'held'")
            for year in years {
                let policy = try YearPolicies.policy(db, year: year, defaultWindowDays: YearPolicy.defaultRecordWindowDays)
                let cutoff = now.addingTimeInterval(-Double(policy.recordWindowDays) * 86_400)
                try db.execute(
                    sql: """
                        UPDATE activity SET status = 'closed', updatedAt = :now,
                          participants = (SELECT COUNT(*) FROM participant p WHERE p.activityID = activity.id),
                          subjectLeaders = (SELECT COUNT(*) FROM activityRoster r WHERE r.activityID = activity.id),
                          subjectLeadersPresent = (SELECT COUNT(*) FROM participant p JOIN activityRoster r
                            ON r.activityID = p.activityID AND r.teacherID = p.teacherID WHERE p.activityID = activity.id),
                          hostPresent = EXISTS (SELECT 1 FROM participant p WHERE p.activityID = activity.id AND p.teacherID = activity.hostID)
                        WHERE status = 'held' AND year = :year AND endsAt < :cutoff
                        """,
                    arguments: ["now": now, "year": year, "cutoff": cutoff]
                )
                closed += db.changesCount
            }
            return closed
        }
    }
}
