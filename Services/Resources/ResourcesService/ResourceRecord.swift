import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import ResourcesAPI
import ServiceKit

/// A row of the `resource` table; files, tags, series items and premium marks live in their own tables.
struct ResourceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "resource"
    var id: String
    var studioID: String
    var city: String
    var county: String?
    var title: String
    var type: String
    var stage: String
    var subject: String
    var description: String
    var tags: String
    var year: Int
    var visibility: String
    var authorID: String
    var createdAt: Date
    var updatedAt: Date
    var seriesTheme: String?
    var seriesBranded: Bool = false
    var seriesCompletedAt: Date?
    var microYear: Int?
    var microEnteredAt: Date?
    var microOutcome: String?
    var microDecidedBy: String?
    var microDecidedAt: Date?
    var outcomeKind: String?
    var outcomeVenue: String?
    var outcomeLevel: String?
    var outcomeDate: String?
    var outcomeStatus: String?
    var outcomeDecidedBy: String?
    var outcomeDecidedAt: Date?
    var outcomeNote: String?

    var visibilityValue: Visibility? { Visibility(rawValue: self.visibility) }

    /// The resource, with the rows of the other tables that belong to it.
    func resource(files: [ResourceFile], items: [String], premiumYears: [Int]) throws -> Resource {
        guard let type = ResourceType(rawValue: self.type), let stage = Stage(rawValue: self.stage),
            let visibility = self.visibilityValue
        else { throw StoredRowError(table: Self.databaseTableName, id: self.id) }
        let tags = (try? JSONDecoder().decode([String].self, from: Data(self.tags.utf8))) ?? []
        var resource = Resource(
            id: self.id,
            studioID: self.studioID,
            title: self.title,
            type: type,
            stage: stage,
            subject: self.subject,
            description: self.description,
            tags: tags,
            year: self.year,
            visibility: visibility,
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
            let outcome = self.microOutcome.flatMap(MicroCourseEntry.Outcome.init(rawValue:))
        {
            resource.microCourse = MicroCourseEntry(
                year: year,
                enteredAt: enteredAt,
                outcome: outcome,
                decidedBy: self.microDecidedBy,
                decidedAt: self.microDecidedAt
            )
        }
        if let kind = self.outcomeKind.flatMap(OutcomeRecognition.Kind.init(rawValue:)),
            let level = self.outcomeLevel.flatMap(OutcomeRecognition.Level.init(rawValue:)),
            let status = self.outcomeStatus.flatMap(ResearchOutcome.Status.init(rawValue:))
        {
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

/// Reads whole resources: the rows and what belongs to them, in a few queries for a whole page.
enum ResourceReader {
    static func load(_ db: Database, id: String) throws -> Resource? {
        guard let record = try ResourceRecord.fetchOne(db, key: id) else { return nil }
        return try Self.load(db, records: [record]).first
    }

    static func load(_ db: Database, records: [ResourceRecord]) throws -> [Resource] {
        guard !records.isEmpty else { return [] }
        let ids = records.map(\.id)
        let placeholders = databaseQuestionMarks(count: ids.count)
        var files: [String: [ResourceFile]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT f.resourceID, f.sha256, f.fileName, b.size, b.mediaType
                FROM resourceFile f LEFT JOIN blob b ON b.sha256 = f.sha256
                WHERE f.resourceID IN (\(placeholders)) ORDER BY f.resourceID, f.position
                """,
            arguments: StatementArguments(ids)
        ) {
            files[row["resourceID"], default: []].append(
                ResourceFile(sha256: row["sha256"], fileName: row["fileName"], size: row["size"], mediaType: row["mediaType"])
            )
        }
        var items: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT seriesID, itemID FROM seriesItem WHERE seriesID IN (\(placeholders)) ORDER BY seriesID, position
                """,
            arguments: StatementArguments(ids)
        ) {
            items[row["seriesID"], default: []].append(row["itemID"])
        }
        var premium: [String: [Int]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT resourceID, year FROM premium WHERE resourceID IN (\(placeholders)) ORDER BY resourceID, year
                """,
            arguments: StatementArguments(ids)
        ) {
            premium[row["resourceID"], default: []].append(row["year"])
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
