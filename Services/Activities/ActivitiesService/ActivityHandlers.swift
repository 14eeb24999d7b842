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
/// Handlers ask membership (through ``ActivityAccess``) and leave every query to ``ActivityStore``.
struct ActivityHandlers: Sendable {
    let store: ActivityStore
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
        return try await self.store.schedule(record, invited: Set(request.invited ?? []), kind: request.kind, now: now, context)
    }

    func getActivity(_ request: ActivityRef, context: RPCContext) async throws -> Activity {
        try await self.store.activity(request.id)
    }

    func listActivities(_ request: ListActivitiesRequest, context: RPCContext) async throws -> ActivityPage {
        try await self.store.page(request)
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
            try ActivityStore.keepRoster(db, activityID: record.id, teacherIDs: Set(subjectLeaders))
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
            try ActivityStore.withdrawNotices(db, activityID: record.id, reason: "活动取消：" + request.reason, at: Date())
        }
    }

    static func refuse(_ record: ActivityRecord, _ action: String) throws -> Bool {
        throw ActivitiesError.activityCannot(id: record.id, status: record.status, action: action)
    }

    /// The activity and its studio, once the caller is checked to manage it (its host or the studio's leader).
    func managed(_ id: String, _ context: RPCContext) async throws -> (Principal, ActivityRecord, Studio) {
        let caller = try context.requirePrincipal()
        let current = try await self.store.record(id)
        let studio = try await self.access.studio(current.studioID)
        try self.access.checkManage(caller, current, studio)
        return (caller, current, studio)
    }

    /// Checks the caller manages the activity (asking membership for its studio), then has the store apply `change`
    /// in one transaction; `change` answers whether it changed anything (a repeated call is a no-op).
    func transition(
        _ id: String,
        _ context: RPCContext,
        _ change: @escaping @Sendable (inout ActivityRecord, Studio) throws -> Bool,
        after: (@Sendable (Database, ActivityRecord) throws -> Void)? = nil
    ) async throws -> Activity {
        let (_, _, studio) = try await self.managed(id, context)
        return try await self.store.change(id, context, { record in try change(&record, studio) }, after: after)
    }
}
