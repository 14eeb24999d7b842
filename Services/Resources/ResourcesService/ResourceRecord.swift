import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import ResourcesAPI
import ServiceKit

/// A row of the `resource` table; files, tags, series items and premium marks live in their own tables.
///
/// Enums are stored by their raw values (their wire spelling) through Codable: a stored value that is none of the
/// cases fails the row's decoding with an error, never reaches a handler as unchecked text.
struct ResourceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "resource"
    var id: String
    var studioID: String
    var city: String
    var county: String?
    var title: String
    var type: ResourceType
    var stage: Stage
    var subject: String
    var description: String
    var tags: String
    var year: Int
    var visibility: Visibility
    var authorID: String
    var createdAt: Date
    var updatedAt: Date
    var seriesTheme: String?
    var seriesBranded: Bool = false
    var seriesCompletedAt: Date?
    var microYear: Int?
    var microEnteredAt: Date?
    var microOutcome: MicroCourseEntry.Outcome?
    var microDecidedBy: String?
    var microDecidedAt: Date?
    var outcomeKind: OutcomeRecognition.Kind?
    var outcomeVenue: String?
    var outcomeLevel: OutcomeRecognition.Level?
    var outcomeDate: String?
    var outcomeStatus: ResearchOutcome.Status?
    var outcomeDecidedBy: String?
    var outcomeDecidedAt: Date?
    var outcomeNote: String?

    /// The columns queries name, from the coding keys.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let studioID = Column(CodingKeys.studioID)
        static let year = Column(CodingKeys.year)
        static let seriesBranded = Column(CodingKeys.seriesBranded)
    }

    /// The resource, with the rows of the other tables that belong to it.
    func resource(files: [ResourceFile], items: [String], premiumYears: [Int]) throws -> Resource {
        let tags = (try? JSONDecoder().decode([String].self, from: Data(self.tags.utf8))) ?? []
        var resource = Resource(
            id: self.id,
            studioID: self.studioID,
            title: self.title,
            type: self.type,
            stage: self.stage,
            subject: self.subject,
            description: self.description,
            tags: tags,
            year: self.year,
            visibility: self.visibility,
            authorID: self.authorID,
            files: files,
            premiumYears: premiumYears,
            createdAt: self.createdAt,
            updatedAt: self.updatedAt
        )
        if let theme = self.seriesTheme {
            resource.series = SeriesInfo(
                theme: theme,
                items: items,
                branded: self.seriesBranded,
                completedAt: self.seriesCompletedAt
            )
        }
        if let year = self.microYear, let enteredAt = self.microEnteredAt,
            let outcome = self.microOutcome
        {
            resource.microCourse = MicroCourseEntry(
                year: year,
                enteredAt: enteredAt,
                outcome: outcome,
                decidedBy: self.microDecidedBy,
                decidedAt: self.microDecidedAt
            )
        }
        if let kind = self.outcomeKind, let level = self.outcomeLevel, let status = self.outcomeStatus {
            let recognition = OutcomeRecognition(
                kind: kind,
                venue: self.outcomeVenue ?? "",
                level: level,
                date: self.outcomeDate ?? ""
            )
            resource.outcome = ResearchOutcome(
                recognition: recognition,
                status: status,
                decidedBy: self.outcomeDecidedBy,
                decidedAt: self.outcomeDecidedAt,
                note: self.outcomeNote
            )
        }
        return resource
    }

    static func encodeTags(_ tags: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(tags)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

extension ResourceRecord {
    /// Decodes through Codable; a row that does not decode is the same StoredRowError as in every service.
    init(row: Row) throws {
        self = try StoredRowError.decode(Self.self, from: row, table: Self.databaseTableName, idColumns: ["id"])
    }
}

/// Reads whole resources: the rows and what belongs to them, in a few queries for a whole page.
enum ResourceReader {
    static func load(_ db: Database, id: String) throws -> Resource? {
        guard let record = try ResourceRecord.fetchOne(db, key: id) else { return nil }
        return try Self.load(db, records: [record]).first
    }

    static func load(_ db: Database, records: [ResourceRecord]) throws -> [Resource] {
        guard !records.isEmpty else { return [] }
        let ids = records.map(\.id)
        // One query for the files of the whole page with their stored size and type (decoded by Codable, so a
        // NULL where a value belongs throws instead of trapping).
        var files: [String: [ResourceFile]] = [:]
        for row in try PageFileRow.fetchAll(
            db,
            sql: """
                SELECT f.resourceID, f.sha256, f.fileName, b.size, b.mediaType
                FROM resourceFile f LEFT JOIN blob b ON b.sha256 = f.sha256
                WHERE f.resourceID IN (\(databaseQuestionMarks(count: ids.count))) ORDER BY f.resourceID, f.position
                """,
            arguments: StatementArguments(ids)
        ) {
            files[row.resourceID, default: []].append(
                ResourceFile(sha256: row.sha256, fileName: row.fileName, size: row.size, mediaType: row.mediaType)
            )
        }
        var items: [String: [String]] = [:]
        for row
            in try SeriesItemRecord
            .filter(ids.contains(SeriesItemRecord.Columns.seriesID))
            .order(SeriesItemRecord.Columns.seriesID, SeriesItemRecord.Columns.position)
            .fetchAll(db)
        {
            items[row.seriesID, default: []].append(row.itemID)
        }
        var premium: [String: [Int]] = [:]
        for row
            in try PremiumRecord
            .filter(ids.contains(PremiumRecord.Columns.resourceID))
            .order(PremiumRecord.Columns.resourceID, PremiumRecord.Columns.year)
            .fetchAll(db)
        {
            premium[row.resourceID, default: []].append(row.year)
        }
        return try records.map {
            try $0.resource(files: files[$0.id] ?? [], items: items[$0.id] ?? [], premiumYears: premium[$0.id] ?? [])
        }
    }
}

/// A row of the `resourceEvent` table: one entry of a resource's history.
struct ResourceEventRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "resourceEvent"
    var id: Int64?
    var resourceID: String
    var kind: String
    var at: Date
    var by: String
    var year: Int?
    var reason: String?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let resourceID = Column(CodingKeys.resourceID)
        static let kind = Column(CodingKeys.kind)
        static let at = Column(CodingKeys.at)
        static let by = Column(CodingKeys.by)
        static let year = Column(CodingKeys.year)
        static let reason = Column(CodingKeys.reason)
    }

    init(resourceID: String, kind: ResourceEvent.Kind, at: Date, by: String, year: Int? = nil, reason: String? = nil) {
        self.resourceID = resourceID
        self.kind = kind.rawValue
        self.at = at
        self.by = by
        self.year = year
        self.reason = reason
    }

    var event: ResourceEvent? {
        ResourceEvent.Kind(rawValue: self.kind).map {
            ResourceEvent(kind: $0, at: self.at, by: self.by, year: self.year, reason: self.reason)
        }
    }
}

/// A resource's file with what the store knows of it, as the page query reads it.
private struct PageFileRow: Decodable, FetchableRecord {
    var resourceID: String
    var sha256: String
    var fileName: String
    var size: Int64?
    var mediaType: String?
}
