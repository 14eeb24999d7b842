import ActivitiesAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Outside review of what a studio says about itself, and the reviewers' queues: lectures and awards (accepted or
/// refused by the studio's workstation or its city or county admin, R-TASK-2, R-TASK-3), featured projects awaiting
/// a decision (R-FEAT-1) and notices awaiting the office (R-MGT-7), each listed oldest first within the caller's
/// scope.
struct ReviewHandlers: Sendable {
    let database: any DatabaseWriter
    let access: ActivityAccess

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.reviewSubjectLeaderRecord, self.reviewRecord)
        methods.register(Activities.listRecordsToReview, self.listRecordsToReview)
        methods.register(Activities.listProjectsToDecide, self.listProjectsToDecide)
        methods.register(Activities.listNoticesToReview, self.listNoticesToReview)
    }

    func reviewRecord(_ request: ReviewRecordRequest, context: RPCContext) async throws -> SubjectLeaderRecord {
        let caller = try context.requirePrincipal()
        guard let current = try await self.database.read({ db in try SubjectLeaderRecordRow.fetchOne(db, key: request.id) }) else {
            throw ActivitiesError.recordNotFound(id: request.id)
        }
        let studio = try await self.access.studio(current.studioID)
        try self.access.checkReview(caller, studio, rule: current.kind == "award" ? .task3 : .task2)
        return try await self.database.writeIdempotent(context) { db in
            guard var row = try SubjectLeaderRecordRow.fetchOne(db, key: request.id) else {
                throw ActivitiesError.recordNotFound(id: request.id)
            }
            try RecordWindow.checkOpen(db, year: row.year, field: "id")
            let status: RecordReview.Status = request.accept ? .accepted : .refused
            if row.reviewStatus != status.rawValue {
                row.reviewStatus = status.rawValue
                row.reviewedBy = caller.subject
                row.reviewedAt = Date()
                row.reviewReason = request.reason
                try row.update(db)
            }
            guard let value = row.value else { throw RPCError.internalError("record \(row.id) is unreadable") }
            return value
        }
    }

    func listRecordsToReview(_ request: ReviewQueueRequest, context: RPCContext) async throws -> SubjectLeaderRecordPage {
        let (filter, arguments) = try await self.scope(request, context)
        let (rows, next) = try await self.page(request) { db, after, limit in
            var sql = "SELECT * FROM subjectLeaderRecord WHERE reviewStatus = 'pending' AND \(filter)"
            var all = arguments
            if let after {
                sql += " AND (recordedAt, id) > (SELECT recordedAt, id FROM subjectLeaderRecord WHERE id = ?)"
                all += [after]
            }
            return try SubjectLeaderRecordRow.fetchAll(db, sql: sql + " ORDER BY recordedAt, id LIMIT \(limit)", arguments: all)
        } id: {
            $0.id
        }
        return SubjectLeaderRecordPage(records: rows.compactMap(\.value), nextPageToken: next)
    }

    func listProjectsToDecide(_ request: ReviewQueueRequest, context: RPCContext) async throws -> FeaturedProjectPage {
        let caller = try context.requirePrincipal()
        let (filter, arguments) = try await self.scope(request, context)
        // "Other" projects are the office's to decide.
        let kinds = caller.has(.provinceOffice) ? "" : " AND type != 'other'"
        let (rows, next) = try await self.page(request) { db, after, limit in
            var sql = "SELECT * FROM featuredProject WHERE status = 'pending'\(kinds) AND \(filter)"
            var all = arguments
            if let after {
                sql += " AND (createdAt, id) > (SELECT createdAt, id FROM featuredProject WHERE id = ?)"
                all += [after]
            }
            return try ProjectRecord.fetchAll(db, sql: sql + " ORDER BY createdAt, id LIMIT \(limit)", arguments: all)
        } id: {
            $0.id
        }
        return FeaturedProjectPage(projects: try rows.map { try $0.value() }, nextPageToken: next)
    }

    func listNoticesToReview(_ request: ReviewQueueRequest, context: RPCContext) async throws -> NoticePage {
        let (filter, arguments) = try await self.scope(request, context)
        let (rows, next) = try await self.page(request) { db, after, limit in
            var sql = "SELECT * FROM notice WHERE status = 'submitted' AND \(filter)"
            var all = arguments
            if let after {
                sql += " AND (draftedAt, id) > (SELECT draftedAt, id FROM notice WHERE id = ?)"
                all += [after]
            }
            return try NoticeRecord.fetchAll(db, sql: sql + " ORDER BY draftedAt, id LIMIT \(limit)", arguments: all)
        } id: {
            $0.id
        }
        return NoticePage(notices: try rows.map { try $0.value() }, nextPageToken: next)
    }

    // MARK: - Helpers

    /// The SQL condition on `studioID` for the caller's scope, narrowed to `request.studioID` when named.
    private func scope(_ request: ReviewQueueRequest, _ context: RPCContext) async throws -> (String, StatementArguments) {
        let caller = try context.requirePrincipal()
        let studios = try await self.access.reviewScope(caller)
        if let studioID = request.studioID {
            guard studios?.contains(studioID) ?? true else {
                throw RPCError.permissionDenied("studio \(studioID) is outside what the caller reviews")
            }
            return ("studioID = ?", [studioID])
        }
        guard let studios else { return ("1", []) }
        let list = String(decoding: try JSONEncoder().encode(studios.sorted()), as: UTF8.self)
        return ("studioID IN (SELECT value FROM json_each(?))", [list])
    }

    /// One page of `fetch`'s rows after the page token, and the token of the next page.
    private func page<Row: Sendable>(
        _ request: ReviewQueueRequest,
        _ fetch: @escaping @Sendable (Database, String?, Int) throws -> [Row],
        id: @escaping @Sendable (Row) -> String
    ) async throws -> ([Row], String?) {
        let size = request.pageSize ?? 50
        let after = try request.pageToken.map { try PageToken.decodeString($0) }
        let rows = try await self.database.read { db in try fetch(db, after, size + 1) }
        let page = Array(rows.prefix(size))
        return (page, rows.count > size ? page.last.map { PageToken.encode(id($0)) } : nil)
    }
}
