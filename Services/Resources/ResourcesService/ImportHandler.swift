import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ResourcesAPI
import ServiceKit

/// `resources.importResources`: many resources with their recorded decisions in one transaction.
///
/// The studios are checked with membership once each; the files must be stored; the same rules as the one-by-one
/// methods hold (a series' items are its own studio's resources, one branded series per studio and year). An
/// entry already imported (same `externalID`) is left as it is, so a rerun changes nothing.
struct ImportHandler: Sendable {
    let database: any DatabaseWriter
    let membership: any RPCTransport

    func register(in methods: inout RPCMethods) {
        methods.register(Resources.importResources, self.importResources)
    }

    func importResources(_ request: ImportResourcesRequest, context: RPCContext) async throws -> ImportResourcesResult {
        let caller = try context.requirePrincipal()
        let studios = try await self.studios(Set(request.entries.map(\.resource.studioID)))
        return try await self.database.writeIdempotent(context) { db in
            var result = ImportResourcesResult(imported: 0, unchanged: 0)
            let current = ResourceYears.currentYear()
            for (index, entry) in request.entries.enumerated() {
                do {
                    // A year kept elsewhere comes in whole, into a year still open and already begun.
                    for year in [entry.resource.year] + (entry.premiumYears ?? []) {
                        try ResourceYears.checkOpen(db, year: year, field: "resource.year")
                        guard year <= current else {
                            throw RPCError.invalidArgument("\(year) has not begun", field: "resource.year", rule: .mgt2)
                        }
                    }
                    // Every entry's studio was read above; a miss would be this handler's fault, answered as INTERNAL.
                    guard let studio = studios[entry.resource.studioID] else {
                        throw RPCError.internalError("studio \(entry.resource.studioID) was not read before the import")
                    }
                    if try Self.insert(entry, studio: studio, by: caller.subject, db) {
                        result.imported += 1
                    } else {
                        result.unchanged += 1
                    }
                } catch {
                    guard let refusal = RPCError(converting: error) else { throw error }
                    throw RPCError(
                        refusal.status,
                        "entries[\(index)]: \(refusal.message)",
                        field: "entries[\(index)]." + (refusal.field ?? ""),
                        rule: refusal.rule
                    )
                }
            }
            return result
        }
    }

    /// Each distinct studio, asked of membership (16 at a time).
    private func studios(_ ids: Set<String>) async throws -> [String: Studio] {
        try await withThrowingTaskGroup(of: Studio.self) { group in
            var found: [String: Studio] = [:]
            var pending = ids.sorted()[...]
            func next() {
                guard let id = pending.popFirst() else { return }
                group.addTask { try await Membership.requireStudio(id, over: self.membership, field: "resource.studioID") }
            }
            for _ in 0..<16 { next() }
            while let studio = try await group.next() {
                found[studio.id] = studio
                next()
            }
            return found
        }
    }

    private static func insert(_ entry: ImportedResource, studio: Studio, by importer: String, _ db: Database) throws -> Bool {
        let id = "rs-import-" + entry.externalID
        guard try !ResourceRecord.exists(db, key: id) else { return false }
        let request = entry.resource
        let at = entry.createdAt ?? Date()
        let micro = entry.microCourseYear
        let outcome = request.outcome
        let record = ResourceRecord(
            id: id,
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
            authorID: entry.authorID,
            createdAt: at,
            updatedAt: at,
            seriesTheme: request.series?.theme,
            seriesBranded: request.series?.branded ?? false,
            seriesCompletedAt: entry.seriesCompleted == true ? at : nil,
            microYear: micro,
            microEnteredAt: micro == nil ? nil : at,
            microOutcome: micro == nil ? nil : (entry.microCourseSelected.map { $0 ? .selected : .notSelected } ?? .pending),
            microDecidedBy: entry.microCourseSelected == nil ? nil : importer,
            microDecidedAt: entry.microCourseSelected == nil ? nil : at,
            outcomeKind: outcome?.kind,
            outcomeVenue: outcome?.venue,
            outcomeLevel: outcome?.level,
            outcomeDate: outcome?.date,
            outcomeStatus: outcome == nil ? nil : (entry.outcomeApproved.map { $0 ? .approved : .rejected } ?? .pending),
            outcomeDecidedBy: entry.outcomeApproved == nil ? nil : importer,
            outcomeDecidedAt: entry.outcomeApproved == nil ? nil : at
        )
        if request.series?.branded == true, try ResourceStore.brandedSeries(db, studioID: studio.id, year: request.year) != nil {
            throw RPCError(
                .alreadyExists,
                "studio \(studio.id) already has its branded themed series of \(request.year)",
                field: "resource.series.branded",
                rule: .task4
            )
        }
        try record.insert(db)
        try ResourceStore.replaceFiles(db, resourceID: id, files: request.files ?? [])
        try ResourceStore.replaceTags(db, resourceID: id, tags: request.tags ?? [])
        if let series = request.series { try ResourceStore.replaceItems(db, series: record, items: series.items) }
        try ResourceEventRecord(resourceID: id, kind: .created, at: at, by: entry.authorID).insert(db)
        for year in Set(entry.premiumYears ?? []) {
            try PremiumRecord(resourceID: id, year: year, studioID: studio.id, reason: "imported", markedBy: importer, markedAt: at)
                .insert(db)
            try ResourceEventRecord(
                resourceID: id,
                kind: .premiumMarked,
                at: at,
                by: importer,
                year: year,
                reason: "imported"
            ).insert(db)
        }
        return true
    }
}
