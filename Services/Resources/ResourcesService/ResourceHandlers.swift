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
            type: request.type,
            stage: request.stage,
            subject: request.subject,
            description: request.description ?? "",
            tags: ResourceRecord.encodeTags(request.tags ?? []),
            year: request.year,
            visibility: request.visibility,
            authorID: author.subject,
            createdAt: now,
            updatedAt: now,
            seriesTheme: request.series?.theme,
            seriesBranded: request.series?.branded ?? false,
            outcomeKind: request.outcome?.kind,
            outcomeVenue: request.outcome?.venue,
            outcomeLevel: request.outcome?.level,
            outcomeDate: request.outcome?.date,
            outcomeStatus: request.outcome == nil ? nil : .pending
        )
        return try await self.database.writeIdempotent(context) { db in
            try ResourceYears.checkCurrent(db, year: request.year, field: "year")
            if request.series?.branded == true, try ResourceStore.brandedSeries(db, studioID: studio.id, year: request.year) != nil {
                throw RPCError(
                    .alreadyExists,
                    "studio \(studio.id) already has its branded themed series of \(request.year)",
                    field: "series.branded",
                    rule: .task4
                )
            }
            try record.insert(db)
            try ResourceStore.replaceFiles(db, resourceID: record.id, files: request.files ?? [])
            try ResourceStore.replaceTags(db, resourceID: record.id, tags: request.tags ?? [])
            if let series = request.series {
                try ResourceStore.replaceItems(db, series: record, items: series.items)
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
            if let visibility = request.visibility { record.visibility = visibility }
            if let tags = request.tags {
                record.tags = ResourceRecord.encodeTags(tags)
                try ResourceStore.replaceTags(db, resourceID: record.id, tags: tags)
            }
            if let files = request.files {
                try ResourceStore.withdrawMarksOnNewFiles(db, record: record, files: files, by: caller.subject)
                try ResourceStore.replaceFiles(db, resourceID: record.id, files: files)
            }
            if let items = request.seriesItems { try ResourceStore.replaceItems(db, series: record, items: items, member: "seriesItems") }
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
}
