import Foundation
import GRDB
import JSONRPC
import Programme
import ResourcesAPI

/// The writes of a resource's own tables (files, tags, series items, premium marks), inside the caller's
/// transaction. It never calls a peer: handlers bring what membership said.
enum ResourceStore {
    /// The studio's branded themed series of `year`, if it has one (one a year, R-TASK-4).
    static func brandedSeries(_ db: Database, studioID: String, year: Int) throws -> String? {
        try ResourceRecord
            .filter(ResourceRecord.Columns.studioID == studioID && ResourceRecord.Columns.year == year)
            .filter(ResourceRecord.Columns.seriesBranded)
            .select(ResourceRecord.Columns.id, as: String.self)
            .fetchOne(db)
    }

    /// The files must have been uploaded (a row in `blob`), so no resource ever names a missing file.
    static func replaceFiles(_ db: Database, resourceID: String, files: [ResourceFile]) throws {
        try ResourceFileRecord.filter(ResourceFileRecord.Columns.resourceID == resourceID).deleteAll(db)
        for (position, file) in files.enumerated() {
            guard try BlobRecord.exists(db, key: file.sha256) else {
                throw RPCError.notFound(
                    "file \(file.sha256) has not been uploaded: PUT /files/\(file.sha256) first",
                    field: "files[\(position)].sha256"
                )
            }
            try ResourceFileRecord(resourceID: resourceID, position: position, sha256: file.sha256, fileName: file.fileName)
                .insert(db)
        }
    }

    /// A premium resource's files are the ones the mark was given for (R-TASK-5): replacing them withdraws the
    /// marks of years still open, with the reason in the history; in a closed year the files cannot change.
    static func withdrawMarksOnNewFiles(_ db: Database, record: ResourceRecord, files: [ResourceFile], by caller: String) throws {
        let current =
            try ResourceFileRecord
            .filter(ResourceFileRecord.Columns.resourceID == record.id)
            .select(ResourceFileRecord.Columns.sha256, as: String.self)
            .order(ResourceFileRecord.Columns.sha256)
            .fetchAll(db)
        guard current != files.map(\.sha256).sorted() else { return }
        let marks = try PremiumRecord.filter(PremiumRecord.Columns.resourceID == record.id).fetchAll(db)
        for mark in marks {
            try ResourceYears.checkOpen(db, year: mark.year, field: "files")
            try mark.delete(db)
            try ResourceEventRecord(
                resourceID: record.id,
                kind: .premiumWithdrawn,
                at: Date(),
                by: caller,
                year: mark.year,
                reason: "files replaced after the premium mark (R-TASK-5)"
            ).insert(db)
        }
    }

    static func replaceTags(_ db: Database, resourceID: String, tags: [String]) throws {
        try ResourceTagRecord.filter(ResourceTagRecord.Columns.resourceID == resourceID).deleteAll(db)
        for tag in Set(tags) { try ResourceTagRecord(resourceID: resourceID, tag: tag).insert(db) }
    }

    /// A series' items must be other resources of the same studio; `member` is where the caller wrote them
    /// (`series.items` on creation, `seriesItems` on update).
    static func replaceItems(_ db: Database, series: ResourceRecord, items: [String], member: String = "series.items") throws {
        try SeriesItemRecord.filter(SeriesItemRecord.Columns.seriesID == series.id).deleteAll(db)
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
            try SeriesItemRecord(seriesID: series.id, position: position, itemID: itemID).insert(db)
        }
    }

    static func itemCount(_ db: Database, seriesID: String) throws -> Int {
        try SeriesItemRecord.filter(SeriesItemRecord.Columns.seriesID == seriesID).fetchCount(db)
    }

    static func isPremium(_ db: Database, resourceID: String, year: Int) throws -> Bool {
        try PremiumRecord.exists(db, key: [PremiumRecord.Columns.resourceID.name: resourceID, PremiumRecord.Columns.year.name: year])
    }

    /// Removes the mark of `year`; false when there was none.
    static func withdrawPremium(_ db: Database, resourceID: String, year: Int) throws -> Bool {
        try PremiumRecord.deleteOne(db, key: [PremiumRecord.Columns.resourceID.name: resourceID, PremiumRecord.Columns.year.name: year])
    }
}
