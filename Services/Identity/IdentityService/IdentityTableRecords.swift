import Foundation
import GRDB
import IdentityAPI
import Programme
import ServiceKit

// Identity's smaller tables, a record type each (GRDB's recommended practice): a row that does not decode throws
// instead of trapping as a non-optional `row["…"]` would.

/// A row of `localLeaderRule`: a city's own eligibility rule for its city- and county-level leaders (R-APP-4), and
/// optionally for their subject leaders. Enums by raw value through Codable: a stored value outside the cases is a
/// StoredRowError, not a rule silently missing.
struct LocalLeaderRuleRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "localLeaderRule"
    var city: City
    var level: StudioLevel
    var minimumTitle: TitleGrade
    var requiresCityHonour: Bool
    var subjectLeaderMinimumTitle: TitleGrade?
    var subjectLeaderRequiresCityHonour: Bool?

    enum Columns {
        static let city = Column(CodingKeys.city)
        static let level = Column(CodingKeys.level)
    }

    init(_ rule: LocalLeaderRule) {
        self.city = rule.city
        self.level = rule.level
        self.minimumTitle = rule.minimumTitle
        self.requiresCityHonour = rule.requiresCityHonour
        self.subjectLeaderMinimumTitle = rule.subjectLeaders?.minimumTitle
        self.subjectLeaderRequiresCityHonour = rule.subjectLeaders?.requiresCityHonour
    }

    var rule: LocalLeaderRule {
        LocalLeaderRule(
            city: self.city,
            level: self.level,
            minimumTitle: self.minimumTitle,
            requiresCityHonour: self.requiresCityHonour,
            subjectLeaders: self.subjectLeaderMinimumTitle.map {
                LocalRequirement(minimumTitle: $0, requiresCityHonour: self.subjectLeaderRequiresCityHonour ?? false)
            }
        )
    }

    static func find(_ db: Database, city: City, level: StudioLevel) throws -> LocalLeaderRuleRecord? {
        try Self.filter(Columns.city == city.rawValue && Columns.level == level.rawValue).fetchOne(db)
    }
}

extension LocalLeaderRuleRecord {
    /// Decodes through Codable; a row that does not decode is the StoredRowError naming it.
    init(row: Row) throws {
        self = try StoredRowError.decode(Self.self, from: row, table: Self.databaseTableName, idColumns: ["city", "level"])
    }
}

/// A row of `applicationEvent`: one decision in an application's audit trail.
struct ApplicationEventRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "applicationEvent"
    var id: Int64?
    var applicationID: String
    var action: String
    var actor: String
    var reason: String?
    var at: Date

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let applicationID = Column(CodingKeys.applicationID)
    }

    var entry: AuditEntry { AuditEntry(action: self.action, actor: self.actor, reason: self.reason, at: self.at) }
}

/// A row of `signingKey`: one of identity's token-signing keys; retired ones stay published for a grace period.
struct SigningKeyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "signingKey"
    var id: String
    var privateKeyPEM: String
    var createdAt: Date
    var retiredAt: Date?

    enum Columns {
        static let createdAt = Column(CodingKeys.createdAt)
        static let retiredAt = Column(CodingKeys.retiredAt)
    }
}

/// A row of `formUpload`: a teacher who sent an application form's bytes (and so may attach it).
struct FormUploadRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "formUpload"
    var sha256: String
    var uploadedBy: String
    var contentType: String
    var size: Int64
    var uploadedAt: Date
}

/// A row of `knownSignInAddress`: an address an admin signed in from with the right password.
struct KnownSignInAddressRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "knownSignInAddress"
    var adminID: String
    var address: String
    var lastSignInAt: Date
}
