import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ResourcesAPI
import ServiceKit

/// Publishing, editing, reading and searching resources.
struct ResourceHandlers: Sendable {
    let database: any DatabaseWriter
    let membership: any RPCTransport
    let access: ResourceAccess

    func register(in methods: inout RPCMethods) {
        methods.register(Resources.createResource, self.createResource)
        methods.register(Resources.updateResource, self.updateResource)
        methods.register(Resources.getResource, self.getResource)
        methods.register(Resources.searchResources, self.searchResources)
        methods.register(Resources.getResourceHistory, self.getResourceHistory)
    }

    func createResource(_ request: CreateResourceRequest, context: RPCContext) async throws -> Resource {
        let author = try context.requirePrincipal()
        let studio = try await Membership.requireStudio(request.studioID, over: self.membership)
        try await self.access.checkPublish(author, in: studio)
        let now = Date()
        let record = ResourceRecord(
            id: "rs-" + UUID().uuidString.lowercased(),
            studioID: studio.id,
            city: studio.city.rawValue,
            county: studio.county,
            title: request.title,
            type: request.type.rawValue,
            stage: request.stage.rawValue,
            subject: request.subject,
            description: request.description ?? "",
            tags: ResourceRecord.encodeTags(request.tags ?? []),
            year: request.year,
            visibility: request.visibility.rawValue,
            authorID: author.subject,
            createdAt: now,
            updatedAt: now,
            seriesTheme: request.series?.theme,
            seriesBranded: request.series?.branded ?? false,
            outcomeKind: request.outcome?.kind.rawValue,
            outcomeVenue: request.outcome?.venue,
            outcomeLevel: request.outcome?.level.rawValue,
            outcomeDate: request.outcome?.date,
            outcomeStatus: request.outcome == nil ? nil : ResearchOutcome.Status.pending.rawValue
        )
        return try await self.database.writeIdempotent(context) { db in
            try ResourceYears.checkCurrent(db, year: request.year, field: "year")
            if request.series?.branded == true, try Self.brandedSeries(db, studioID: studio.id, year: request.year) != nil {
                throw RPCError(
                    .alreadyExists,
                    "studio \(studio.id) already has its branded themed series of \(request.year)",
                    field: "series.branded",
                    rule: .task4
                )
            }
            try record.insert(db)
            try Self.replaceFiles(db, resourceID: record.id, files: request.files ?? [])
            try Self.replaceTags(db, resourceID: record.id, tags: request.tags ?? [])
            if let series = request.series {
                try Self.replaceItems(db, series: record, items: series.items)
            }
            try ResourceEventRecord(resourceID: record.id, kind: .created, at: now, by: author.subject).insert(db)
            return try ResourceReader.load(db, records: [record])[0]
        }
    }

    func updateResource(_ request: UpdateResourceRequest, context: RPCContext) async throws -> Resource {
        let caller = try context.requirePrincipal()
        let current = try await self.requireRecord(request.id)
        let studio = try await Membership.requireStudio(current.studioID, over: self.membership)
        try self.access.checkEdit(caller, current, studio: studio)
        if request.seriesItems != nil, current.seriesTheme == nil {
            throw RPCError.invalidArgument("resource \(current.id) is not a themed series", field: "seriesItems")
        }
        return try await self.database.writeIdempotent(context) { db in
            guard var record = try ResourceRecord.fetchOne(db, key: request.id) else {
                throw ResourcesError.resourceNotFound(id: request.id)
            }
            if let title = request.title { record.title = title }
            if let description = request.description { record.description = description }
            if let visibility = request.visibility { record.visibility = visibility.rawValue }
            if let tags = request.tags {
                record.tags = ResourceRecord.encodeTags(tags)
                try Self.replaceTags(db, resourceID: record.id, tags: tags)
            }
            if let files = request.files {
                try Self.withdrawMarksOnNewFiles(db, record: record, files: files, by: caller.subject)
                try Self.replaceFiles(db, resourceID: record.id, files: files)
            }
            if let items = request.seriesItems { try Self.replaceItems(db, series: record, items: items, member: "seriesItems") }
            record.updatedAt = Date()
            try record.update(db)
            try ResourceEventRecord(resourceID: record.id, kind: .updated, at: record.updatedAt, by: caller.subject)
                .insert(db)
            return try ResourceReader.load(db, records: [record])[0]
        }
    }

    func getResource(_ request: ResourceRef, context: RPCContext) async throws -> Resource {
        let record = try await self.requireRecord(request.id)
        let viewer = try await self.access.viewer(context.principal)
        guard viewer.mayView(record) else { throw Self.hidden(record.id, signedIn: context.principal != nil) }
        return try await self.database.read { db in try ResourceReader.load(db, records: [record])[0] }
    }

    func getResourceHistory(_ request: ResourceRef, context: RPCContext) async throws -> ResourceHistory {
        let record = try await self.requireRecord(request.id)
        let viewer = try await self.access.viewer(context.principal)
        guard viewer.mayView(record) else { throw Self.hidden(record.id, signedIn: true) }
        let events = try await self.database.read { db in
            try ResourceEventRecord.filter(ResourceEventRecord.Columns.resourceID == request.id).order(ResourceEventRecord.Columns.id).fetchAll(db)
        }
        return ResourceHistory(resourceID: request.id, events: events.compactMap(\.event))
    }

    func searchResources(_ request: SearchResourcesRequest, context: RPCContext) async throws -> ResourcePage {
        let viewer = try await self.access.viewer(context.principal)
        return try await self.database.read { db in try ResourceSearch(request: request, viewer: viewer).run(db) }
    }

    // MARK: - Helpers

    func requireRecord(_ id: String) async throws -> ResourceRecord {
        let record = try await self.database.read { db in try ResourceRecord.fetchOne(db, key: id) }
        guard let record else { throw ResourcesError.resourceNotFound(id: id) }
        return record
    }

    /// A resource the caller may not see is answered as if it did not exist for anonymous callers (its existence is
    /// not public), and as a refusal for signed-in ones (who may ask to join the studio).
    static func hidden(_ id: String, signedIn: Bool) -> RPCError {
        signedIn
            ? .permissionDenied("resource \(id) is visible to its studio's members only")
            : .unauthenticated("resource \(id) is not public: sign in")
    }

    static func brandedSeries(_ db: Database, studioID: String, year: Int) throws -> String? {
        try String.fetchOne(
            db,
            sql: "SELECT id FROM resource WHERE studioID = ? AND year = ? AND seriesBranded",
            arguments: [studioID, year]
        )
    }

    /// The files must have been uploaded (a row in `blob`), so no resource ever names a missing file.
    static func replaceFiles(_ db: Database, resourceID: String, files: [ResourceFile]) throws {
        try db.execute(sql: "DELETE FROM resourceFile WHERE resourceID = ?", arguments: [resourceID])
        for (position, file) in files.enumerated() {
            guard try BlobRecord.exists(db, key: file.sha256) else {
                throw RPCError.notFound(
                    "file \(file.sha256) has not been uploaded: PUT /files/\(file.sha256) first",
                    field: "files[\(position)].sha256"
                )
            }
            try db.execute(
                sql: "INSERT INTO resourceFile (resourceID, position, sha256, fileName) VALUES (?, ?, ?, ?)",
                arguments: [resourceID, position, file.sha256, file.fileName]
            )
        }
    }

    /// A premium resource's files are the ones the mark was given for (R-TASK-5): replacing them withdraws the
    /// marks of years still open, with the reason in the history; in a closed year the files cannot change.
    static func withdrawMarksOnNewFiles(_ db: Database, record: ResourceRecord, files: [ResourceFile], by caller: String) throws {
        let current = try String.fetchAll(
            db,
            sql: "SELECT sha256 FROM resourceFile WHERE resourceID = ? ORDER BY sha256",
            arguments: [record.id]
        )
        guard current != files.map(\.sha256).sorted() else { return }
        let years = try Int.fetchAll(db, sql: "SELECT year FROM premium WHERE resourceID = ?", arguments: [record.id])
        for year in years {
            try ResourceYears.checkOpen(db, year: year, field: "files")
            try db.execute(sql: "DELETE FROM premium WHERE resourceID = ? AND year = ?", arguments: [record.id, year])
            try ResourceEventRecord(
                resourceID: record.id,
                kind: .premiumWithdrawn,
                at: Date(),
                by: caller,
                year: year,
                reason: "files replaced after the premium mark (R-TASK-5)"
            ).insert(db)
        }
    }

    static func replaceTags(_ db: Database, resourceID: String, tags: [String]) throws {
        try db.execute(sql: "DELETE FROM resourceTag WHERE resourceID = ?", arguments: [resourceID])
        for tag in Set(tags) {
            try db.execute(sql: "INSERT INTO resourceTag (resourceID, tag) VALUES (?, ?)", arguments: [resourceID, tag])
        }
    }

    /// A series' items must be other resources of the same studio; `member` is where the caller wrote them
    /// (`series.items` on creation, `seriesItems` on update).
    static func replaceItems(_ db: Database, series: ResourceRecord, items: [String], member: String = "series.items") throws {
        try db.execute(sql: "DELETE FROM seriesItem WHERE seriesID = ?", arguments: [series.id])
        for (position, itemID) in items.enumerated() {
            let field = "\(member)[\(position)]"
            guard let item = try ResourceRecord.fetchOne(db, key: itemID) else {
                throw ResourcesError.resourceNotFound(id: itemID, field: field)
            }
            guard item.studioID == series.studioID, item.id != series.id, item.seriesTheme == nil else {
                throw RPCError.invalidArgument(
                    "a series holds other resources of its own studio, not series",
                    field: field,
                    rule: .task4
                )
            }
            try db.execute(
                sql: "INSERT INTO seriesItem (seriesID, position, itemID) VALUES (?, ?, ?)",
                arguments: [series.id, position, itemID]
            )
        }
    }
}
