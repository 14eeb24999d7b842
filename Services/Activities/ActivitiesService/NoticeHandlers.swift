import ActivitiesAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Electronic notices of provincial studios' activities (R-MGT-7): drafted by the studio, reviewed and published
/// by the province office with a stable number and a verification code, verifiable by anyone, withdrawable.
struct NoticeHandlers: Sendable {
    let database: any DatabaseWriter
    let access: ActivityAccess
    let activities: ActivityHandlers

    /// Who approves notices, as verification states it.
    static let issuer = "浙江省名师网络工作室项目办"

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.draftNotice, self.draftNotice)
        methods.register(Activities.reviewNotice, self.reviewNotice)
        methods.register(Activities.withdrawNotice, self.withdrawNotice)
        methods.register(Activities.getNotice, self.getNotice)
        methods.register(Activities.listStudioNotices, self.listStudioNotices)
        methods.register(Activities.verifyNotice, self.verifyNotice)
    }

    func draftNotice(_ request: DraftNoticeRequest, context: RPCContext) async throws -> Notice {
        let (caller, activity, studio) = try await self.activities.managed(request.activityID, context)
        guard studio.level == .province else {
            throw RPCError.failedPrecondition(
                "electronic notices are for provincial studios' activities",
                rule: .mgt7,
                field: "activityID"
            )
        }
        let notice = Notice(
            id: "nt-" + UUID().uuidString.lowercased(),
            activityID: activity.id,
            studioID: studio.id,
            status: .submitted,
            body: request.body,
            number: nil,
            verificationCode: nil,
            draftedBy: caller.subject,
            draftedAt: Date()
        )
        return try await self.database.writeIdempotent(context) { db in
            let current = try ActivityRecord.require(db, activity.id, field: "activityID")
            guard current.statusValue == .planned || current.statusValue == .noticePublished else {
                throw RPCError.failedPrecondition("activity \(current.id) is \(current.status): no notice now", field: "activityID")
            }
            guard
                try NoticeRecord.filter(sql: "activityID = ? AND status IN ('submitted', 'published')", arguments: [activity.id])
                    .fetchCount(db) == 0
            else {
                throw RPCError(
                    .alreadyExists,
                    "activity \(activity.id) already has a notice in review or in force",
                    field: "activityID",
                    rule: .mgt7
                )
            }
            try NoticeRecord(notice).insert(db)
            return notice
        }
    }

    func reviewNotice(_ request: ReviewNoticeRequest, context: RPCContext) async throws -> Notice {
        let reviewer = try context.requireRole(.provinceOffice)
        let code = Self.verificationCode()
        return try await self.database.writeIdempotent(context) { db in
            var record = try NoticeRecord.require(db, request.id)
            let target = request.approve ? Notice.Status.published.rawValue : Notice.Status.rejected.rawValue
            if record.status == target { return try record.value() }
            guard record.status == Notice.Status.submitted.rawValue else {
                throw RPCError.failedPrecondition("notice \(record.id) is \(record.status), not in review", rule: .mgt7, field: "id")
            }
            record.status = target
            record.reviewedBy = reviewer.name ?? reviewer.subject
            record.reviewedAt = Date()
            record.reviewNote = request.note
            if request.approve {
                var activity = try ActivityRecord.require(db, record.activityID)
                record.number = try Self.nextNumber(db, year: activity.year)
                record.verificationCode = code
                if activity.statusValue == .planned {
                    activity.status = ActivityStatus.noticePublished.rawValue
                    activity.updatedAt = Date()
                    try activity.update(db)
                }
            }
            try record.update(db)
            return try record.value()
        }
    }

    func withdrawNotice(_ request: WithdrawNoticeRequest, context: RPCContext) async throws -> Notice {
        try await self.database.writeIdempotent(context) { db in
            var record = try NoticeRecord.require(db, request.id)
            if record.status == Notice.Status.withdrawn.rawValue { return try record.value() }
            guard record.status == Notice.Status.published.rawValue else {
                throw RPCError.failedPrecondition(
                    "only a published notice is withdrawn; \(record.id) is \(record.status)",
                    rule: .mgt7,
                    field: "id"
                )
            }
            record.status = Notice.Status.withdrawn.rawValue
            record.withdrawnAt = Date()
            record.withdrawReason = request.reason
            try record.update(db)
            return try record.value()
        }
    }

    /// The notice with its code: for the studio's leader and the activity's host, workstations and the office.
    func getNotice(_ request: NoticeRef, context: RPCContext) async throws -> Notice {
        let caller = try context.requirePrincipal()
        let record = try await self.database.read { db in try NoticeRecord.require(db, request.id) }
        if !caller.has(.provinceOffice), !caller.has(.workstation) {
            _ = try await self.activities.managed(record.activityID, context)
        }
        return try record.value()
    }

    /// The office and workstations any studio's; a teacher only the studio they lead (as `getNotice` allows).
    func listStudioNotices(_ request: StudioNoticesRequest, context: RPCContext) async throws -> NoticePage {
        let caller = try context.requirePrincipal()
        if !caller.has(.provinceOffice), !caller.has(.workstation) {
            let studio = try await self.access.studio(request.studioID)
            guard studio.leaderID == caller.subject else {
                throw RPCError.permissionDenied(
                    "only the leader of studio \(studio.id), workstations and the office read its notices",
                    rule: .mgt7
                )
            }
        }
        let size = request.pageSize ?? 50
        let after = try request.pageToken.map { try PageToken.decodeString($0) }
        return try await self.database.read { db in
            var sql = "SELECT * FROM notice WHERE studioID = ?"
            var arguments: StatementArguments = [request.studioID]
            if let after {
                sql += " AND (draftedAt, id) < (SELECT draftedAt, id FROM notice WHERE id = ?)"
                arguments += [after]
            }
            let rows = try NoticeRecord.fetchAll(db, sql: sql + " ORDER BY draftedAt DESC, id DESC LIMIT ?", arguments: arguments + [size + 1])
            let page = Array(rows.prefix(size))
            return NoticePage(
                notices: try page.map { try $0.value() },
                nextPageToken: rows.count > size ? page.last.map { PageToken.encode($0.id) } : nil
            )
        }
    }

    /// Anyone: an unknown number and a wrong code answer the same NOT_FOUND, so numbers cannot be probed for codes.
    func verifyNotice(_ request: VerifyNoticeRequest, context: RPCContext) async throws -> NoticeVerification {
        try await self.database.read { db in
            let notFound = RPCError.notFound("no published notice has this number and verification code", field: "code")
            guard let record = try NoticeRecord.filter(NoticeRecord.Columns.number == request.number).fetchOne(db),
                let code = record.verificationCode, Self.equal(code, request.code.uppercased()),
                let approvedAt = record.reviewedAt
            else { throw notFound }
            let activity = try ActivityRecord.require(db, record.activityID)
            return NoticeVerification(
                number: request.number,
                status: Notice.Status(rawValue: record.status) ?? .withdrawn,
                studioName: activity.studioName,
                hostName: activity.hostName,
                title: activity.title,
                startsAt: activity.startsAt,
                endsAt: activity.endsAt,
                place: activity.place,
                link: activity.link,
                approvedBy: Self.issuer,
                approvedAt: approvedAt,
                withdrawReason: record.withdrawReason
            )
        }
    }

    // MARK: - Helpers

    /// `浙名师〔2026〕0007号`: numbered per year in publication order, never reused.
    static func nextNumber(_ db: Database, year: Int) throws -> String {
        try db.execute(
            sql: """
                INSERT INTO noticeSequence (year, last) VALUES (?, 1) ON CONFLICT(year) DO UPDATE SET last = last + 1
                """,
            arguments: [year]
        )
        let last = try Int.fetchOne(db, sql: "SELECT last FROM noticeSequence WHERE year = ?", arguments: [year]) ?? 1
        return "浙名师〔\(year)〕\(String(format: "%04d", last))号"
    }

    /// Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 48 bits, from the system RNG.
    static func verificationCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Compares without stopping at the first difference.
    static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A row of `notice`.
struct NoticeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "notice"
    var id: String
    var activityID: String
    var studioID: String
    var status: String
    var body: String
    var number: String?
    var verificationCode: String?
    var draftedBy: String
    var draftedAt: Date
    var reviewedBy: String?
    var reviewedAt: Date?
    var reviewNote: String?
    var withdrawnAt: Date?
    var withdrawReason: String?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let activityID = Column(CodingKeys.activityID)
        static let studioID = Column(CodingKeys.studioID)
        static let status = Column(CodingKeys.status)
        static let body = Column(CodingKeys.body)
        static let number = Column(CodingKeys.number)
        static let verificationCode = Column(CodingKeys.verificationCode)
        static let draftedBy = Column(CodingKeys.draftedBy)
        static let draftedAt = Column(CodingKeys.draftedAt)
        static let reviewedBy = Column(CodingKeys.reviewedBy)
        static let reviewedAt = Column(CodingKeys.reviewedAt)
        static let reviewNote = Column(CodingKeys.reviewNote)
        static let withdrawnAt = Column(CodingKeys.withdrawnAt)
        static let withdrawReason = Column(CodingKeys.withdrawReason)
    }

    init(_ notice: Notice) {
        (self.id, self.activityID, self.studioID, self.status, self.body) =
            (notice.id, notice.activityID, notice.studioID, notice.status.rawValue, notice.body)
        (self.number, self.verificationCode, self.draftedBy, self.draftedAt) =
            (notice.number, notice.verificationCode, notice.draftedBy, notice.draftedAt)
        (self.reviewedBy, self.reviewedAt, self.reviewNote) = (notice.reviewedBy, notice.reviewedAt, notice.reviewNote)
        (self.withdrawnAt, self.withdrawReason) = (notice.withdrawnAt, notice.withdrawReason)
    }

    static func require(_ db: Database, _ id: String) throws -> NoticeRecord {
        guard let record = try NoticeRecord.fetchOne(db, key: id) else {
            throw RPCError.notFound("notice \(id) does not exist", field: "id")
        }
        return record
    }

    func value() throws -> Notice {
        guard let status = Notice.Status(rawValue: self.status) else {
            throw StoredRowError(table: Self.databaseTableName, id: self.id)
        }
        return Notice(
            id: self.id,
            activityID: self.activityID,
            studioID: self.studioID,
            status: status,
            body: self.body,
            number: self.number,
            verificationCode: self.verificationCode,
            draftedBy: self.draftedBy,
            draftedAt: self.draftedAt,
            reviewedBy: self.reviewedBy,
            reviewedAt: self.reviewedAt,
            reviewNote: self.reviewNote,
            withdrawnAt: self.withdrawnAt,
            withdrawReason: self.withdrawReason
        )
    }
}
