import ActivitiesAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCServer
import ResourcesAPI
import ServiceKit

/// Activity cases (R-TASK-7) and subject leaders' lectures (R-TASK-2) and awards (R-TASK-3), with evidence checked
/// with resources on the caller's behalf.
struct RecordHandlers: Sendable {
    let database: any DatabaseWriter
    let access: ActivityAccess
    let activities: ActivityHandlers
    let resources: HTTP2Transport

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.submitCase, self.submitCase)
        methods.register(Activities.recordSubjectLeaderRecord, self.recordSubjectLeaderRecord)
        methods.register(Activities.listRecords, self.listRecords)
    }

    func submitCase(_ request: SubmitCaseRequest, context: RPCContext) async throws -> ActivityCase {
        let (caller, activity, _) = try await self.activities.managed(request.activityID, context)
        guard activity.statusValue == .held || activity.statusValue == .closed else {
            throw RPCError.failedPrecondition(
                "a case is written about a held activity; \(activity.id) is \(activity.status)",
                rule: .task7,
                field: "activityID"
            )
        }
        if let resourceID = request.resourceID { try await self.checkResource(resourceID, studioID: activity.studioID, field: "resourceID") }
        let submitted = ActivityCase(
            id: "cs-" + UUID().uuidString.lowercased(),
            studioID: activity.studioID,
            activityID: activity.id,
            title: request.title,
            summary: request.summary,
            resourceID: request.resourceID,
            submittedBy: caller.subject,
            submittedAt: Date(),
            year: activity.year
        )
        return try await self.database.writeIdempotent(context) { db in
            try RecordWindow.checkOpen(db, year: activity.year, field: "activityID")
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM activityCase WHERE activityID = ?", arguments: [activity.id]) == nil else {
                throw RPCError(.alreadyExists, "activity \(activity.id) already has its case", field: "activityID", rule: .task7)
            }
            try CaseRecord(submitted).insert(db)
            return submitted
        }
    }

    func recordSubjectLeaderRecord(_ request: RecordSubjectLeaderRecordRequest, context: RPCContext) async throws -> SubjectLeaderRecord {
        let caller = try context.requirePrincipal()
        let studio = try await self.access.studio(request.studioID)
        if caller.subject == request.teacherID {
            guard try await self.access.isSubjectLeader(caller, of: studio) else {
                throw RPCError.permissionDenied("\(caller.subject) is not a subject leader of studio \(studio.id)", rule: .task2)
            }
        } else {
            guard caller.subject == studio.leaderID else {
                throw RPCError.permissionDenied("a subject leader records their own lectures and awards, or the studio's leader does")
            }
            let leaders = try await self.access.subjectLeaders(of: studio)
            guard leaders.contains(where: { $0.profile.teacherID == request.teacherID }) else {
                throw RPCError.invalidArgument(
                    "\(request.teacherID) is not a subject leader of studio \(studio.id)",
                    field: "teacherID",
                    rule: .task2
                )
            }
        }
        if let resourceID = request.evidence.resourceID {
            try await self.checkResource(resourceID, studioID: studio.id, field: "evidence.resourceID")
        } else if let sha256 = request.evidence.sha256 {
            let head = try await self.resources.send("HEAD", path: "/files/\(sha256)")
            guard head.status == 200 else {
                throw RPCError.notFound("file \(sha256) is not in resources (or not visible to the caller)", field: "evidence.sha256")
            }
        }
        let record = SubjectLeaderRecord(
            id: "sr-" + UUID().uuidString.lowercased(),
            studioID: studio.id,
            teacherID: request.teacherID,
            kind: request.kind,
            title: request.title,
            level: request.level,
            rank: request.rank,
            date: request.date,
            year: ChinaCalendar.year(ofDay: request.date),
            evidence: request.evidence,
            recordedBy: caller.subject,
            recordedAt: Date()
        )
        guard let dayEnd = RecordWindow.end(ofDay: request.date) else {
            throw RPCError.invalidArgument("date \(request.date) is not a day of the calendar", field: "date")
        }
        guard dayEnd.addingTimeInterval(-86_400) <= Date() else {
            throw RPCError.invalidArgument(
                "a lecture or award is recorded once it has happened; \(request.date) is in the future",
                field: "date"
            )
        }
        return try await self.database.writeIdempotent(context) { db in
            try RecordWindow.checkRecent(db, end: dayEnd, year: record.year, field: "date")
            try SubjectLeaderRecordRow(record).insert(db)
            return record
        }
    }

    func listRecords(_ request: ListRecordsRequest, context: RPCContext) async throws -> StudioRecords {
        try await self.database.read { db in
            var cases = CaseRecord.filter(CaseRecord.Columns.studioID == request.studioID)
            var records = SubjectLeaderRecordRow.filter(SubjectLeaderRecordRow.Columns.studioID == request.studioID)
            if let year = request.year {
                cases = cases.filter(CaseRecord.Columns.year == year)
                records = records.filter(SubjectLeaderRecordRow.Columns.year == year)
            }
            return StudioRecords(
                cases: try cases.order(CaseRecord.Columns.submittedAt).fetchAll(db).map(\.value),
                subjectLeaderRecords: try records.order(SubjectLeaderRecordRow.Columns.date, SubjectLeaderRecordRow.Columns.id).fetchAll(db)
                    .compactMap(\.value)
            )
        }
    }

    /// The resource exists, the caller may see it, and it is the studio's.
    private func checkResource(_ id: String, studioID: String, field: String) async throws {
        let resource: Resource
        do {
            resource = try await self.resources.call(Resources.getResource, .init(id: id))
        } catch let error as RPCError where error.status == .notFound || error.status == .permissionDenied {
            throw RPCError.notFound("resource \(id) does not exist or is not visible to the caller", field: field)
        }
        guard resource.studioID == studioID else {
            throw RPCError.invalidArgument("resource \(id) belongs to another studio", field: field)
        }
    }
}

/// A row of `activityCase`.
struct CaseRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "activityCase"
    var id: String
    var studioID: String
    var activityID: String
    var title: String
    var summary: String
    var resourceID: String?
    var submittedBy: String
    var submittedAt: Date
    var year: Int

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let studioID = Column(CodingKeys.studioID)
        static let activityID = Column(CodingKeys.activityID)
        static let title = Column(CodingKeys.title)
        static let summary = Column(CodingKeys.summary)
        static let resourceID = Column(CodingKeys.resourceID)
        static let submittedBy = Column(CodingKeys.submittedBy)
        static let submittedAt = Column(CodingKeys.submittedAt)
        static let year = Column(CodingKeys.year)
    }

    init(_ value: ActivityCase) {
        (self.id, self.studioID, self.activityID, self.title, self.summary) =
            (value.id, value.studioID, value.activityID, value.title, value.summary)
        (self.resourceID, self.submittedBy, self.submittedAt, self.year) =
            (value.resourceID, value.submittedBy, value.submittedAt, value.year)
    }

    var value: ActivityCase {
        ActivityCase(
            id: self.id,
            studioID: self.studioID,
            activityID: self.activityID,
            title: self.title,
            summary: self.summary,
            resourceID: self.resourceID,
            submittedBy: self.submittedBy,
            submittedAt: self.submittedAt,
            year: self.year
        )
    }
}

/// A row of `subjectLeaderRecord`.
struct SubjectLeaderRecordRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "subjectLeaderRecord"
    var id: String
    var studioID: String
    var teacherID: String
    var kind: String
    var title: String
    var level: String
    var rank: String?
    var date: String
    var year: Int
    var evidenceResourceID: String?
    var evidenceSHA256: String?
    var recordedBy: String
    var recordedAt: Date
    var reviewStatus: String
    var reviewedBy: String?
    var reviewedAt: Date?
    var reviewReason: String?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let studioID = Column(CodingKeys.studioID)
        static let teacherID = Column(CodingKeys.teacherID)
        static let kind = Column(CodingKeys.kind)
        static let title = Column(CodingKeys.title)
        static let level = Column(CodingKeys.level)
        static let rank = Column(CodingKeys.rank)
        static let date = Column(CodingKeys.date)
        static let year = Column(CodingKeys.year)
        static let evidenceResourceID = Column(CodingKeys.evidenceResourceID)
        static let evidenceSHA256 = Column(CodingKeys.evidenceSHA256)
        static let recordedBy = Column(CodingKeys.recordedBy)
        static let recordedAt = Column(CodingKeys.recordedAt)
        static let reviewStatus = Column(CodingKeys.reviewStatus)
        static let reviewedBy = Column(CodingKeys.reviewedBy)
        static let reviewedAt = Column(CodingKeys.reviewedAt)
        static let reviewReason = Column(CodingKeys.reviewReason)
    }

    init(_ value: SubjectLeaderRecord) {
        (self.id, self.studioID, self.teacherID, self.kind, self.title) =
            (value.id, value.studioID, value.teacherID, value.kind.rawValue, value.title)
        (self.level, self.rank, self.date, self.year) = (value.level.rawValue, value.rank, value.date, value.year)
        (self.evidenceResourceID, self.evidenceSHA256) = (value.evidence.resourceID, value.evidence.sha256)
        (self.recordedBy, self.recordedAt) = (value.recordedBy, value.recordedAt)
        (self.reviewStatus, self.reviewedBy, self.reviewedAt, self.reviewReason) =
            (value.review.status.rawValue, value.review.decidedBy, value.review.decidedAt, value.review.reason)
    }

    var value: SubjectLeaderRecord? {
        guard let kind = SubjectLeaderRecord.Kind(rawValue: self.kind), let level = RecordLevel(rawValue: self.level) else {
            return nil
        }
        return SubjectLeaderRecord(
            id: self.id,
            studioID: self.studioID,
            teacherID: self.teacherID,
            kind: kind,
            title: self.title,
            level: level,
            rank: self.rank,
            date: self.date,
            year: self.year,
            evidence: Evidence(resourceID: self.evidenceResourceID, sha256: self.evidenceSHA256),
            recordedBy: self.recordedBy,
            recordedAt: self.recordedAt,
            review: RecordReview(
                status: RecordReview.Status(rawValue: self.reviewStatus) ?? .pending,
                decidedBy: self.reviewedBy,
                decidedAt: self.reviewedAt,
                reason: self.reviewReason
            )
        )
    }
}
