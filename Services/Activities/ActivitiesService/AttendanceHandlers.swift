import ActivitiesAPI
import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Who took part: recorded by the host or leader, or self check-in with a code while the activity runs; judged
/// against the roster as of the activity's start when the records are closed (R-TASK-8, R-TASK-9).
struct AttendanceHandlers: Sendable {
    let database: any DatabaseWriter
    let access: ActivityAccess
    let activities: ActivityHandlers
    let accounts: AccountDirectory

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.openCheckIn, self.openCheckIn)
        methods.register(Activities.checkIn, self.checkIn)
        methods.register(Activities.recordAttendance, self.recordAttendance)
        methods.register(Activities.listParticipants, self.listParticipants)
        methods.register(Activities.closeRecords, self.closeRecords)
    }

    func openCheckIn(_ request: ActivityRef, context: RPCContext) async throws -> CheckInCode {
        let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
        let activity = try await self.activities.transition(request.id, context) { record, _ in
            try Self.checkOpen(record)
            guard record.checkInCode == nil else { return false }
            record.checkInCode = code
            return true
        }
        let stored = try await self.database.read { db in try ActivityRecord.require(db, request.id).checkInCode }
        return CheckInCode(activityID: activity.id, code: stored ?? code, validUntil: activity.endsAt)
    }

    func checkIn(_ request: CheckInRequest, context: RPCContext) async throws -> Participant {
        let caller = try context.requirePrincipal()
        let now = Date()
        do {
            _ = try await self.accounts.require(caller.subject, field: "id")
        } catch let error as RPCError where error.status == .notFound {
            throw RPCError.failedPrecondition(
                "\(caller.subject) has no teacher account: sign in through the teacher-training system to check in",
                rule: .app8,
                field: "id"
            )
        }
        return try await self.database.write { db in
            let record = try ActivityRecord.require(db, request.id)
            try Self.checkOpen(record)
            try RecordWindow.checkOpen(db, year: record.year, field: "id")
            guard now >= record.startsAt, now <= record.endsAt else {
                throw RPCError.failedPrecondition("check-in is open only while activity \(record.id) runs", field: "id")
            }
            guard let code = record.checkInCode, code == request.code else {
                throw RPCError.invalidArgument("the check-in code is not this activity's", field: "code")
            }
            guard try !Self.isParticipant(db, record.id, caller.subject) else {
                throw RPCError(.alreadyExists, "\(caller.subject) has already checked in", field: "id")
            }
            try AttendanceRules.checkNoOverlap(
                db,
                activityID: record.id,
                startsAt: record.startsAt,
                endsAt: record.endsAt,
                teacherIDs: [caller.subject],
                field: { _ in "id" }
            )
            let participant = Participant(teacherID: caller.subject, source: .checkedIn, at: now)
            try Self.insert(db, record.id, participant)
            return participant
        }
    }

    func recordAttendance(_ request: RecordAttendanceRequest, context: RPCContext) async throws -> ParticipantList {
        let now = Date()
        _ = try await self.activities.managed(request.id, context)
        try await AttendanceRules.requireAccounts(request.teacherIDs, accounts: self.accounts) { "teacherIDs[\($0)]" }
        return try await self.database.writeIdempotent(context) { db in
            let record = try ActivityRecord.require(db, request.id)
            try Self.checkOpen(record)
            guard now >= record.startsAt else {
                throw RPCError.failedPrecondition("activity \(record.id) has not started yet", field: "id")
            }
            try RecordWindow.checkRecent(db, end: record.endsAt, year: record.year, field: "id")
            try AttendanceRules.checkNoOverlap(
                db,
                activityID: record.id,
                startsAt: record.startsAt,
                endsAt: record.endsAt,
                teacherIDs: request.teacherIDs,
                field: { "teacherIDs[\($0)]" }
            )
            for teacherID in Set(request.teacherIDs) where try !Self.isParticipant(db, record.id, teacherID) {
                try Self.insert(db, record.id, Participant(teacherID: teacherID, source: .recorded, at: now))
            }
            return try Self.participants(db, record.id)
        }
    }

    func listParticipants(_ request: ActivityRef, context: RPCContext) async throws -> ParticipantList {
        try await self.database.read { db in
            _ = try ActivityRecord.require(db, request.id)
            return try Self.participants(db, request.id)
        }
    }

    func closeRecords(_ request: ActivityRef, context: RPCContext) async throws -> Activity {
        let (_, current, studio) = try await self.activities.managed(request.id, context)
        guard current.statusValue == .held || current.statusValue == .closed else {
            throw RPCError.failedPrecondition(
                "activity \(current.id) is \(current.status): records close after it is held",
                field: "id"
            )
        }
        let subjectLeaders = Set(try await self.access.subjectLeaders(of: studio, asOf: current.startsAt).map(\.profile.teacherID))
        return try await self.activities.transition(request.id, context) { record, _ in
            guard record.statusValue == .held else { return false }
            record.status = ActivityStatus.closed.rawValue
            return true
        } after: { db, record in
            try RecordWindow.checkOpen(db, year: record.year, field: "id")
            let present = try ParticipantRecord.teacherIDs(db, activityID: record.id)
            try ActivityRecord.filter(key: record.id).updateAll(
                db,
                ActivityRecord.Columns.participants.set(to: present.count),
                ActivityRecord.Columns.subjectLeaders.set(to: subjectLeaders.count),
                ActivityRecord.Columns.subjectLeadersPresent.set(to: present.intersection(subjectLeaders).count),
                ActivityRecord.Columns.hostPresent.set(to: present.contains(record.hostID))
            )
        }
    }

    // MARK: - Helpers

    /// Attendance changes until the records are closed, and never for a cancelled activity.
    static func checkOpen(_ record: ActivityRecord) throws {
        switch record.statusValue {
        case .cancelled, .closed, nil:
            throw RPCError.failedPrecondition("activity \(record.id) is \(record.status): its attendance is closed", field: "id")
        default: return
        }
    }

    static func isParticipant(_ db: Database, _ activityID: String, _ teacherID: String) throws -> Bool {
        try ParticipantRecord.exists(db, activityID: activityID, teacherID: teacherID)
    }

    static func insert(_ db: Database, _ activityID: String, _ participant: Participant) throws {
        try ParticipantRecord(activityID: activityID, participant).insert(db)
    }

    static func participants(_ db: Database, _ activityID: String) throws -> ParticipantList {
        ParticipantList(activityID: activityID, participants: try ParticipantRecord.all(db, activityID: activityID).map(\.participant))
    }
}
