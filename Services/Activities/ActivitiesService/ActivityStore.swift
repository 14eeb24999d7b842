import ActivitiesAPI
import Foundation
import GRDB
import JSONRPC
import Programme
import RPCServer
import ServiceKit

/// Every query of the activity table and the tables hung on it (invitations, the roster an activity is judged
/// against, its notices' withdrawal). It never calls a peer: a handler brings what membership said (the studio).
struct ActivityStore: Sendable {
    let database: any DatabaseWriter

    /// The stored activity, or NOT_FOUND naming `field`.
    func record(_ id: String, field: String = "id") async throws -> ActivityRecord {
        try await self.database.read { db in try ActivityRecord.require(db, id, field: field) }
    }

    /// The activity as the wire shows it.
    func activity(_ id: String) async throws -> Activity {
        try await self.database.read { db in try ActivityRecord.load(db, try ActivityRecord.require(db, id)) }
    }

    /// A page in (start, id) order; the token is the last id of the page before.
    func page(_ request: ListActivitiesRequest) async throws -> ActivityPage {
        let pageSize = request.pageSize ?? 50
        let after = try request.pageToken.map { try PageToken.decodeString($0) }
        return try await self.database.read { db in
            var query = ActivityRecord.order(ActivityRecord.Columns.startsAt, ActivityRecord.Columns.id)
            if let studioID = request.studioID { query = query.filter(ActivityRecord.Columns.studioID == studioID) }
            if let year = request.year { query = query.filter(ActivityRecord.Columns.year == year) }
            if let kind = request.kind { query = query.filter(ActivityRecord.Columns.kind == kind.rawValue) }
            if let status = request.status { query = query.filter(ActivityRecord.Columns.status == status.rawValue) }
            if let after {
                query = query.filter(sql: "(startsAt, id) > (SELECT startsAt, id FROM activity WHERE id = ?)", arguments: [after])
            }
            let records = try query.limit(pageSize + 1).fetchAll(db)
            let page = Array(records.prefix(pageSize))
            return ActivityPage(
                activities: try page.map { try ActivityRecord.load(db, $0) },
                nextPageToken: records.count > pageSize ? page.last.map { PageToken.encode($0.id) } : nil
            )
        }
    }

    /// Stores a new activity and its invitations in one transaction, once its dates fit its year's record window
    /// (R-MGT-2) and its featured project is its studio's and of its kind.
    func schedule(_ record: ActivityRecord, invited: Set<String>, kind: ActivityKind, now: Date, _ context: RPCContext) async throws -> Activity {
        try await self.database.writeIdempotent(context) { db in
            // A coming activity is scheduled freely; one already over only within its year's record window.
            try RecordWindow.checkOpen(db, year: record.year, field: "startsAt")
            if record.endsAt < now { try RecordWindow.checkRecent(db, end: record.endsAt, year: record.year, field: "endsAt") }
            if let projectID = record.projectID { try Self.checkProject(db, projectID, studioID: record.studioID, kind: kind) }
            try record.insert(db)
            for teacherID in invited { try InvitationRecord(activityID: record.id, teacherID: teacherID).insert(db) }
            return try ActivityRecord.load(db, record)
        }
    }

    /// Applies `change` to the stored activity in one transaction, then `after` (its dependent rows) when it changed
    /// anything; `change` answers whether it did (a repeated call is a no-op).
    func change(
        _ id: String,
        _ context: RPCContext,
        _ change: @escaping @Sendable (inout ActivityRecord) throws -> Bool,
        after: (@Sendable (Database, ActivityRecord) throws -> Void)? = nil
    ) async throws -> Activity {
        try await self.database.writeIdempotent(context) { db in
            var record = try ActivityRecord.require(db, id)
            if try change(&record) {
                record.updatedAt = Date()
                try record.update(db)
                if let after {
                    try after(db, record)
                    record = try ActivityRecord.require(db, id)
                }
            }
            return try ActivityRecord.load(db, record)
        }
    }

    /// A live stream counts for a live-stream series, a course evaluation for a course-evaluation project, of the
    /// same studio (R-FEAT-2, R-FEAT-3).
    static func checkProject(_ db: Database, _ projectID: String, studioID: String, kind: ActivityKind) throws {
        guard let project = try ProjectRecord.fetchOne(db, key: projectID) else {
            throw ActivitiesError.projectNotFound(id: projectID, field: "projectID")
        }
        let matches =
            (kind == .liveStream && project.type == FeaturedProject.ProjectType.liveStreamSeries.rawValue)
            || (kind == .courseEvaluation && project.type == FeaturedProject.ProjectType.courseEvaluation.rawValue)
        guard project.studioID == studioID, matches else {
            throw RPCError.invalidArgument(
                "a \(kind.rawValue) counts only for its own studio's \(kind == .liveStream ? "live-stream series" : "course-evaluation") project",
                field: "projectID",
                rule: .feat1
            )
        }
    }

    /// Keeps the subject leaders an activity is judged against (R-TASK-8): the roster at its start.
    static func keepRoster(_ db: Database, activityID: String, teacherIDs: Set<String>) throws {
        for teacherID in teacherIDs {
            try ActivityRosterRecord(activityID: activityID, teacherID: teacherID).insert(db, onConflict: .ignore)
        }
    }

    /// A cancelled activity's notice no longer stands: verification says so, with the reason.
    static func withdrawNotices(_ db: Database, activityID: String, reason: String, at now: Date) throws {
        try NoticeRecord
            .filter(NoticeRecord.Columns.activityID == activityID)
            .filter([Notice.Status.submitted.rawValue, Notice.Status.published.rawValue].contains(NoticeRecord.Columns.status))
            .updateAll(
                db,
                NoticeRecord.Columns.status.set(to: Notice.Status.withdrawn.rawValue),
                NoticeRecord.Columns.withdrawnAt.set(to: now),
                NoticeRecord.Columns.withdrawReason.set(to: reason)
            )
    }
}
