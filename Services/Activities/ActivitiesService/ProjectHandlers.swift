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

/// Featured projects (特色项目): one per studio and year (R-FEAT-1), approved by the studio's workstation (the
/// province office for "other"), with progress counted from closed activities linked to the project (R-FEAT-2,
/// R-FEAT-3) or from research outcomes approved in resources (R-FEAT-4).
struct ProjectHandlers: Sendable {
    let database: any DatabaseWriter
    let access: ActivityAccess
    let resources: HTTP2Transport

    /// Live streams and course evaluations needed (R-FEAT-2, R-FEAT-3), approved outcomes needed (R-FEAT-4).
    static let required: [FeaturedProject.ProjectType: Int] = [.liveStreamSeries: 4, .courseEvaluation: 4, .researchOutcome: 1]

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.applyFeaturedProject, self.apply)
        methods.register(Activities.decideFeaturedProject, self.decide)
        methods.register(Activities.getFeaturedProject, self.get)
        methods.register(Activities.getStudioProject, self.ofStudio)
    }

    func apply(_ request: ApplyFeaturedProjectRequest, context: RPCContext) async throws -> FeaturedProject {
        let caller = try context.requirePrincipal()
        let studio = try await self.access.studio(request.studioID)
        guard caller.subject == studio.leaderID else {
            throw RPCError.permissionDenied("the studio's leader applies for its featured project", rule: .feat1)
        }
        let project = FeaturedProject(
            id: "fp-" + UUID().uuidString.lowercased(),
            studioID: studio.id,
            year: request.year,
            type: request.type,
            theme: request.theme,
            description: request.description,
            status: .pending
        )
        return try await self.database.writeIdempotent(context) { db in
            try RecordWindow.checkOpen(db, year: request.year, field: "year")
            guard
                try ProjectRecord.filter(ProjectRecord.Columns.studioID == studio.id && ProjectRecord.Columns.year == request.year).fetchCount(db)
                    == 0
            else {
                throw RPCError(
                    .alreadyExists,
                    "studio \(studio.id) already has its featured project of \(request.year)",
                    field: "year",
                    rule: .feat1
                )
            }
            try ProjectRecord(project, createdAt: Date()).insert(db)
            return project
        }
    }

    func decide(_ request: DecideProjectRequest, context: RPCContext) async throws -> FeaturedProject {
        let caller = try context.requirePrincipal()
        let current = try await self.database.read { db in try ProjectRecord.require(db, request.id) }
        let studio = try await self.access.studio(current.studioID)
        try self.access.checkDecide(caller, studio, officeOnly: current.type == FeaturedProject.ProjectType.other.rawValue)
        return try await self.database.writeIdempotent(context) { db in
            var record = try ProjectRecord.require(db, request.id)
            try RecordWindow.checkOpen(db, year: record.year, field: "id")
            let status: FeaturedProject.Status = request.approve ? .approved : .rejected
            if record.status != status.rawValue {
                record.status = status.rawValue
                record.decidedBy = caller.subject
                record.decidedAt = Date()
                record.note = request.note
                try record.update(db)
            }
            return try record.value()
        }
    }

    func get(_ request: ProjectRef, context: RPCContext) async throws -> FeaturedProject {
        var project = try await self.database.read { db in try ProjectRecord.require(db, request.id).value() }
        project.progress = try await self.progress(of: project)
        return project
    }

    func ofStudio(_ request: StudioProjectRequest, context: RPCContext) async throws -> FeaturedProject {
        let record = try await self.database.read { db in
            try ProjectRecord.fetchOne(
                db,
                sql: "SELECT * FROM featuredProject WHERE studioID = ? AND year = ?",
                arguments: [request.studioID, request.year]
            )
        }
        guard let record else {
            throw RPCError.notFound("studio \(request.studioID) has no featured project in \(request.year)", field: "studioID")
        }
        var project = try record.value()
        project.progress = try await self.progress(of: project)
        return project
    }

    /// What counts so far; nil for "other" projects, judged by the office.
    func progress(of project: FeaturedProject) async throws -> ProjectProgress? {
        guard let required = Self.required[project.type] else { return nil }
        if project.type == .researchOutcome {
            // Approved outcomes of the studio and year the caller can see in resources (R-FEAT-4).
            var approved = 0
            var token: String?
            repeat {
                let page = try await self.resources.call(
                    Resources.searchResources,
                    .init(
                        studioID: project.studioID,
                        type: .researchOutcome,
                        year: project.year,
                        pageSize: 100,
                        pageToken: token
                    )
                )
                approved += page.resources.filter { $0.outcome?.status == .approved }.count
                token = page.nextPageToken
            } while token != nil
            return ProjectProgress(counted: approved, required: required)
        }
        let held = try await self.database.read { db in try Self.heldForProject(db, [project.id])[project.id] ?? 0 }
        return ProjectProgress(counted: held, required: required)
    }

    /// Held and closed activities linked to each project, of the project's own year only (R-FEAT-2, R-FEAT-3).
    static func heldForProject(_ db: Database, _ ids: [String]) throws -> [String: Int] {
        guard !ids.isEmpty else { return [:] }
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT a.projectID, COUNT(*) AS held FROM activity a JOIN featuredProject p ON p.id = a.projectID
                WHERE a.projectID IN (\(databaseQuestionMarks(count: ids.count))) AND a.status IN ('held', 'closed')
                    AND a.year = p.year
                GROUP BY a.projectID
                """,
            arguments: StatementArguments(ids)
        ) {
            counts[row["projectID"]] = row["held"]
        }
        return counts
    }
}

/// A row of `featuredProject`.
struct ProjectRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "featuredProject"
    var id: String
    var studioID: String
    var year: Int
    var type: String
    var theme: String
    var description: String
    var status: String
    var decidedBy: String?
    var decidedAt: Date?
    var note: String?
    var createdAt: Date

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let studioID = Column(CodingKeys.studioID)
        static let year = Column(CodingKeys.year)
        static let type = Column(CodingKeys.type)
        static let theme = Column(CodingKeys.theme)
        static let description = Column(CodingKeys.description)
        static let status = Column(CodingKeys.status)
        static let decidedBy = Column(CodingKeys.decidedBy)
        static let decidedAt = Column(CodingKeys.decidedAt)
        static let note = Column(CodingKeys.note)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    init(_ project: FeaturedProject, createdAt: Date) {
        (self.id, self.studioID, self.year, self.type) = (project.id, project.studioID, project.year, project.type.rawValue)
        (self.theme, self.description, self.status) = (project.theme, project.description, project.status.rawValue)
        (self.decidedBy, self.decidedAt, self.note, self.createdAt) = (project.decidedBy, project.decidedAt, project.note, createdAt)
    }

    static func require(_ db: Database, _ id: String) throws -> ProjectRecord {
        guard let record = try ProjectRecord.fetchOne(db, key: id) else {
            throw ActivitiesError.projectNotFound(id: id, field: "id")
        }
        return record
    }

    func value() throws -> FeaturedProject {
        guard let type = FeaturedProject.ProjectType(rawValue: self.type),
            let status = FeaturedProject.Status(rawValue: self.status)
        else { throw StoredRowError(table: Self.databaseTableName, id: self.id) }
        return FeaturedProject(
            id: self.id,
            studioID: self.studioID,
            year: self.year,
            type: type,
            theme: self.theme,
            description: self.description,
            status: status,
            decidedBy: self.decidedBy,
            decidedAt: self.decidedAt,
            note: self.note
        )
    }
}
