import ActivitiesAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Scheduling activities and moving them through their lifecycle: planned → notice published → held → records
/// closed, or cancelled with a reason.
struct ActivityHandlers: Sendable {
    let database: any DatabaseWriter
    let access: ActivityAccess

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.scheduleActivity, self.scheduleActivity)
        methods.register(Activities.getActivity, self.getActivity)
        methods.register(Activities.listActivities, self.listActivities)
        methods.register(Activities.announceActivity, self.announceActivity)
        methods.register(Activities.markHeld, self.markHeld)
        methods.register(Activities.cancelActivity, self.cancelActivity)
    }

    func scheduleActivity(_ request: ScheduleActivityRequest, context: RPCContext) async throws -> Activity {
        let caller = try context.requirePrincipal()
        let studio = try await self.access.studio(request.studioID)
        try await self.access.checkSchedule(caller, studio)
        var hostName = caller.name
        let hostID = request.hostID ?? caller.subject
        if hostID != caller.subject {
            guard caller.subject == studio.leaderID else {
                throw RPCError.permissionDenied("only the studio's leader names another host", rule: .task1)
            }
            let leaders = try await self.access.subjectLeaders(of: studio)
            guard let host = leaders.first(where: { $0.profile.teacherID == hostID }) else {
                throw RPCError.invalidArgument(
                    "\(hostID) is not a subject leader of studio \(studio.id)",
                    field: "hostID",
                    rule: .task1
                )
            }
            hostName = host.profile.name
        }
        if request.kind == .sendTeaching, studio.pairedSchool?.isRural != true {
            throw RPCError.failedPrecondition(
                "send-teaching goes to the studio's paired rural school, and it has none",
                rule: .comp7,
                field: "kind"
            )
        }
        let now = Date()
        let record = ActivityRecord(
            id: "ac-" + UUID().uuidString.lowercased(),
            studioID: studio.id,
            studioName: studio.name,
            studioLevel: studio.level.rawValue,
            title: request.title,
            theme: request.theme ?? request.title,
            mode: request.mode.rawValue,
            kind: request.kind.rawValue,
            place: request.place,
            link: request.link,
            startsAt: request.startsAt,
            endsAt: request.endsAt,
            year: ChinaCalendar.year(of: request.startsAt),
            hostID: hostID,
            hostName: hostName,
            projectID: request.projectID,
            status: ActivityStatus.planned.rawValue,
            createdAt: now,
            updatedAt: now
        )
        return try await self.database.writeIdempotent(context) { db in
            // A coming activity is scheduled freely; one already over only within its year's record window.
            try RecordWindow.checkOpen(db, year: record.year, field: "startsAt")
            if request.endsAt < now { try RecordWindow.checkRecent(db, end: request.endsAt, year: record.year, field: "endsAt") }
            if let projectID = request.projectID { try Self.checkProject(db, projectID, studio: studio, kind: request.kind) }
            try record.insert(db)
            for teacherID in Set(request.invited ?? []) {
                try db.execute(sql: "INSERT INTO invitation (activityID, teacherID) VALUES (?, ?)", arguments: [record.id, teacherID])
            }
            return try ActivityRecord.load(db, record)
        }
    }

    /// A live stream counts for a live-stream series, a course evaluation for a course-evaluation project, of the
    /// same studio (R-FEAT-2, R-FEAT-3).
    static func checkProject(_ db: Database, _ projectID: String, studio: Studio, kind: ActivityKind) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT studioID, type FROM featuredProject WHERE id = ?", arguments: [projectID]) else {
            throw RPCError.notFound("featured project \(projectID) does not exist", field: "projectID")
        }
        let type: String = row["type"]
        let matches =
            (kind == .liveStream && type == FeaturedProject.ProjectType.liveStreamSeries.rawValue)
            || (kind == .courseEvaluation && type == FeaturedProject.ProjectType.courseEvaluation.rawValue)
        guard row["studioID"] == studio.id, matches else {
            throw RPCError.invalidArgument(
                "a \(kind.rawValue) counts only for its own studio's \(kind == .liveStream ? "live-stream series" : "course-evaluation") project",
                field: "projectID",
                rule: .feat1
            )
        }
    }

    func getActivity(_ request: ActivityRef, context: RPCContext) async throws -> Activity {
        try await self.database.read { db in try ActivityRecord.load(db, try ActivityRecord.require(db, request.id)) }
    }

    func listActivities(_ request: ListActivitiesRequest, context: RPCContext) async throws -> ActivityPage {
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

    func announceActivity(_ request: ActivityRef, context: RPCContext) async throws -> Activity {
        try await self.transition(request.id, context) { record, studio in
            guard studio.level != .province else {
                throw RPCError.failedPrecondition(
                    "a provincial studio's activity is announced by its published notice",
                    rule: .mgt7,
                    field: "id"
                )
            }
            guard record.statusValue == .planned else { return record.statusValue == .noticePublished ? false : try Self.refuse(record, "announced") }
            record.status = ActivityStatus.noticePublished.rawValue
            return true
        }
    }

    func markHeld(_ request: ActivityRef, context: RPCContext) async throws -> Activity {
        let (_, current, studio) = try await self.managed(request.id, context)
        // The subject leaders R-TASK-8 is judged against: the roster at the activity's start.
        let subjectLeaders =
            Date() >= current.startsAt
            ? try await self.access.subjectLeaders(of: studio, asOf: current.startsAt).map(\.profile.teacherID) : []
        return try await self.transition(request.id, context) { record, studio in
            switch record.statusValue {
            case .held: return false
            case .noticePublished: break
            case .planned where studio.level != .province: break
            case .planned:
                throw RPCError.failedPrecondition(
                    "a provincial studio's activity is held after its notice is published",
                    rule: .mgt7,
                    field: "id"
                )
            default: return try Self.refuse(record, "held")
            }
            guard Date() >= record.startsAt else {
                throw RPCError.failedPrecondition("activity \(record.id) has not started yet", field: "id")
            }
            record.status = ActivityStatus.held.rawValue
            record.subjectLeaders = subjectLeaders.count
            return true
        } after: { db, record in
            try RecordWindow.checkRecent(db, end: record.endsAt, year: record.year, field: "id")
            for teacherID in Set(subjectLeaders) {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO activityRoster (activityID, teacherID) VALUES (?, ?)",
                    arguments: [record.id, teacherID]
                )
            }
        }
    }

    func cancelActivity(_ request: CancelActivityRequest, context: RPCContext) async throws -> Activity {
        try await self.transition(request.id, context) { record, _ in
            switch record.statusValue {
            case .cancelled: return false
            case .planned, .noticePublished: break
            default: return try Self.refuse(record, "cancelled")
            }
            record.status = ActivityStatus.cancelled.rawValue
            record.cancelReason = request.reason
            return true
        } after: { db, record in
            // Its notice no longer stands: verification says so.
            try db.execute(
                sql: """
                    UPDATE notice SET status = 'withdrawn', withdrawnAt = ?, withdrawReason = ?
                    WHERE activityID = ? AND status IN ('submitted', 'published')
                    """,
                arguments: [Date(), "活动取消：" + request.reason, record.id]
            )
        }
    }

    static func refuse(_ record: ActivityRecord, _ action: String) throws -> Bool {
        throw RPCError.failedPrecondition("activity \(record.id) is \(record.status) and cannot be \(action)", field: "id")
    }

    /// The activity and its studio, once the caller is checked to manage it (its host or the studio's leader).
    func managed(_ id: String, _ context: RPCContext) async throws -> (Principal, ActivityRecord, Studio) {
        let caller = try context.requirePrincipal()
        let current = try await self.database.read { db in try ActivityRecord.require(db, id) }
        let studio = try await self.access.studio(current.studioID)
        try self.access.checkManage(caller, current, studio)
        return (caller, current, studio)
    }

    /// Loads the activity and its studio, checks the caller manages it, and applies `change` in one transaction;
    /// `change` answers whether it changed anything (a repeated call is a no-op).
    func transition(
        _ id: String,
        _ context: RPCContext,
        _ change: @escaping @Sendable (inout ActivityRecord, Studio) throws -> Bool,
        after: (@Sendable (Database, ActivityRecord) throws -> Void)? = nil
    ) async throws -> Activity {
        let (_, _, studio) = try await self.managed(id, context)
        return try await self.database.writeIdempotent(context) { db in
            var record = try ActivityRecord.require(db, id)
            if try change(&record, studio) {
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
}
