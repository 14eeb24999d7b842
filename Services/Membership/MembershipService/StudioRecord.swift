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
    var level: String
    var city: String
    var county: String?
    var stage: String
    var subject: String
    var kind: String
    var leaderID: String
    var status: String
    var createdAt: Date
    var workstation: String?
    var pairedSchoolName: String?
    var pairedSchoolCity: String?
    var pairedSchoolCounty: String?
    var pairedSchoolKind: String?

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
        self.level = studio.level.rawValue
        self.city = studio.city.rawValue
        self.county = studio.county
        self.stage = studio.stage.rawValue
        self.subject = studio.subject
        self.kind = studio.kind.rawValue
        self.leaderID = studio.leaderID
        self.status = studio.status.rawValue
        self.createdAt = studio.createdAt
        self.workstation = studio.workstation
        self.pairedSchoolName = studio.pairedSchool?.name
        self.pairedSchoolCity = studio.pairedSchool?.city.rawValue
        self.pairedSchoolCounty = studio.pairedSchool?.county
        self.pairedSchoolKind = studio.pairedSchool?.kind?.rawValue
    }

    /// The API form; a value the API does not know means the row is corrupt, which is an internal error.
    func studio() throws -> Studio {
        guard let level = StudioLevel(rawValue: self.level), let city = City(rawValue: self.city),
            let stage = Stage(rawValue: self.stage), let kind = StudioKind(rawValue: self.kind),
            let status = StudioStatus(rawValue: self.status)
        else { throw StoredRowError(table: Self.databaseTableName, id: self.id) }
        var school: PairedSchool?
        if let name = self.pairedSchoolName, let city = self.pairedSchoolCity.flatMap(City.init(rawValue:)) {
            school = PairedSchool(
                name: name,
                city: city,
                county: self.pairedSchoolCounty ?? "",
                kind: self.pairedSchoolKind.flatMap(PairedSchool.Kind.init(rawValue:))
            )
        }
        return Studio(
            id: self.id,
            name: self.name,
            level: level,
            city: city,
            county: self.county,
            stage: stage,
            subject: self.subject,
            kind: kind,
            leaderID: self.leaderID,
            status: status,
            createdAt: self.createdAt,
            workstation: self.workstation,
            pairedSchool: school
        )
    }

    /// Decoded by column name rather than through Codable: this is the hot path of every studio read (perf showed
    /// Codable row decoding and statement preparation among the largest costs of `getStudio`).
    init(row: Row) {
        self.id = row["id"]
        self.name = row["name"]
        self.level = row["level"]
        self.city = row["city"]
        self.county = row["county"]
        self.stage = row["stage"]
        self.subject = row["subject"]
        self.kind = row["kind"]
        self.leaderID = row["leaderID"]
        self.status = row["status"]
        self.createdAt = row["createdAt"]
        self.workstation = row["workstation"]
        self.pairedSchoolName = row["pairedSchoolName"]
        self.pairedSchoolCity = row["pairedSchoolCity"]
        self.pairedSchoolCounty = row["pairedSchoolCounty"]
        self.pairedSchoolKind = row["pairedSchoolKind"]
    }

    /// The studio `id`, or `NOT_FOUND` naming `field`. The statement is prepared once per connection.
    static func require(_ db: Database, _ id: String, field: String = "studioID") throws -> Studio {
        let statement = try db.cachedStatement(sql: "SELECT * FROM studio WHERE id = ?")
        guard let record = try StudioRecord.fetchOne(statement, arguments: [id]) else {
            throw MembershipError.studioNotFound(id: id, field: field)
        }
        return try record.studio()
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
