import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import ServiceKit

/// A row of the `studio` table.
struct StudioRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "studio"
    var id: String
    var name: String
    var level: StudioLevel
    var city: City
    var county: String?
    var stage: Stage
    var subject: String
    var kind: StudioKind
    var leaderID: String
    var status: StudioStatus
    var createdAt: Date
    var workstation: String?
    var pairedSchoolName: String?
    var pairedSchoolCity: City?
    var pairedSchoolCounty: String?
    var pairedSchoolKind: PairedSchool.Kind?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let level = Column(CodingKeys.level)
        static let city = Column(CodingKeys.city)
        static let county = Column(CodingKeys.county)
        static let stage = Column(CodingKeys.stage)
        static let subject = Column(CodingKeys.subject)
        static let kind = Column(CodingKeys.kind)
        static let leaderID = Column(CodingKeys.leaderID)
        static let status = Column(CodingKeys.status)
        static let createdAt = Column(CodingKeys.createdAt)
        static let workstation = Column(CodingKeys.workstation)
        static let pairedSchoolName = Column(CodingKeys.pairedSchoolName)
        static let pairedSchoolCity = Column(CodingKeys.pairedSchoolCity)
        static let pairedSchoolCounty = Column(CodingKeys.pairedSchoolCounty)
        static let pairedSchoolKind = Column(CodingKeys.pairedSchoolKind)
    }

    init(_ studio: Studio) {
        self.id = studio.id
        self.name = studio.name
        self.level = studio.level
        self.city = studio.city
        self.county = studio.county
        self.stage = studio.stage
        self.subject = studio.subject
        self.kind = studio.kind
        self.leaderID = studio.leaderID
        self.status = studio.status
        self.createdAt = studio.createdAt
        self.workstation = studio.workstation
        self.pairedSchoolName = studio.pairedSchool?.name
        self.pairedSchoolCity = studio.pairedSchool?.city
        self.pairedSchoolCounty = studio.pairedSchool?.county
        self.pairedSchoolKind = studio.pairedSchool?.kind
    }

    /// The API form (a row that does not decode never becomes a record: see ``init(row:)``).
    func studio() -> Studio {
        var school: PairedSchool?
        if let name = self.pairedSchoolName, let city = self.pairedSchoolCity {
            school = PairedSchool(name: name, city: city, county: self.pairedSchoolCounty ?? "", kind: self.pairedSchoolKind)
        }
        return Studio(
            id: self.id,
            name: self.name,
            level: self.level,
            city: self.city,
            county: self.county,
            stage: self.stage,
            subject: self.subject,
            kind: self.kind,
            leaderID: self.leaderID,
            status: self.status,
            createdAt: self.createdAt,
            workstation: self.workstation,
            pairedSchool: school
        )
    }

    /// Decoded by column name rather than through Codable: this is the hot path of every studio read (perf showed
    /// Codable row decoding and statement preparation among the largest costs of `getStudio`). Each column is
    /// decoded with GRDB's throwing `decode`, the enums by raw value: a NULL, a wrong type or a value outside the
    /// cases is the StoredRowError naming the studio, never a trap (as the non-optional `row["…"]` subscript was).
    init(row: Row) throws {
        do {
            self.id = try row.decode(String.self, forColumn: "id")
            self.name = try row.decode(String.self, forColumn: "name")
            self.level = try Self.enumeration(row, "level")
            self.city = try Self.enumeration(row, "city")
            self.county = try row.decode(String?.self, forColumn: "county")
            self.stage = try Self.enumeration(row, "stage")
            self.subject = try row.decode(String.self, forColumn: "subject")
            self.kind = try Self.enumeration(row, "kind")
            self.leaderID = try row.decode(String.self, forColumn: "leaderID")
            self.status = try Self.enumeration(row, "status")
            self.createdAt = try row.decode(Date.self, forColumn: "createdAt")
            self.workstation = try row.decode(String?.self, forColumn: "workstation")
            self.pairedSchoolName = try row.decode(String?.self, forColumn: "pairedSchoolName")
            self.pairedSchoolCity = try row.decode(String?.self, forColumn: "pairedSchoolCity").map { try Self.enumeration($0) }
            self.pairedSchoolCounty = try row.decode(String?.self, forColumn: "pairedSchoolCounty")
            self.pairedSchoolKind = try row.decode(String?.self, forColumn: "pairedSchoolKind").map { try Self.enumeration($0) }
        } catch {
            let id = (try? row.decode(String?.self, forColumn: "id")).flatMap { $0 } ?? "?"
            throw StoredRowError(table: Self.databaseTableName, id: id)
        }
    }

    private struct NotACase: Error {}

    private static func enumeration<Value: RawRepresentable>(_ row: Row, _ column: String) throws -> Value
    where Value.RawValue == String {
        try Self.enumeration(try row.decode(String.self, forColumn: column))
    }

    private static func enumeration<Value: RawRepresentable>(_ text: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text) else { throw NotACase() }
        return value
    }

    /// The studio `id`, or `NOT_FOUND` naming `field`. The statement is prepared once per connection.
    static func require(_ db: Database, _ id: String, field: String = "studioID") throws -> Studio {
        let statement = try db.cachedStatement(sql: "SELECT * FROM studio WHERE id = ?")
        guard let record = try StudioRecord.fetchOne(statement, arguments: [id]) else {
            throw MembershipError.studioNotFound(id: id, field: field)
        }
        return record.studio()
    }

    /// The studio `id` if it is active; roster changes to a closed studio are refused.
    static func requireActive(_ db: Database, _ id: String, field: String = "studioID") throws -> Studio {
        let studio = try Self.require(db, id, field: field)
        guard studio.status == .active else {
            throw MembershipError.studioClosed(id: id, field: field)
        }
        return studio
    }
}

/// A row of the `studioEvent` table: one decision in a studio's life.
struct StudioEventRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "studioEvent"
    var id: Int64?
    var studioID: String
    var kind: String
    var fromLevel: String?
    var toLevel: String?
    var reason: String?
    var decidedBy: String
    var at: Date

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let studioID = Column(CodingKeys.studioID)
        static let kind = Column(CodingKeys.kind)
        static let fromLevel = Column(CodingKeys.fromLevel)
        static let toLevel = Column(CodingKeys.toLevel)
        static let reason = Column(CodingKeys.reason)
        static let decidedBy = Column(CodingKeys.decidedBy)
        static let at = Column(CodingKeys.at)
    }

    init(
        studioID: String,
        kind: StudioEvent.Kind,
        from: StudioLevel?,
        to: StudioLevel?,
        reason: String?,
        decidedBy: String,
        at: Date
    ) {
        self.studioID = studioID
        self.kind = kind.rawValue
        self.fromLevel = from?.rawValue
        self.toLevel = to?.rawValue
        self.reason = reason
        self.decidedBy = decidedBy
        self.at = at
    }

    func event() throws -> StudioEvent {
        guard let kind = StudioEvent.Kind(rawValue: self.kind) else {
            throw StoredRowError(table: Self.databaseTableName, id: "\(self.id ?? 0)")
        }
        return StudioEvent(
            kind: kind,
            fromLevel: self.fromLevel.flatMap(StudioLevel.init(rawValue:)),
            toLevel: self.toLevel.flatMap(StudioLevel.init(rawValue:)),
            reason: self.reason,
            decidedBy: self.decidedBy,
            at: self.at
        )
    }
}

/// A row of `studioApplication`: the shortlisted leader application a provincial studio was founded from; one
/// application founds one studio (R-APP-2).
struct StudioApplicationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "studioApplication"
    var applicationID: String
    var studioID: String
}
