import Foundation
import GRDB
import MembershipAPI

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
    }

    /// The API form; a value the API does not know means the row is corrupt, which is an internal error.
    func studio() throws -> Studio {
        guard let level = StudioLevel(rawValue: self.level), let city = City(rawValue: self.city),
              let stage = Stage(rawValue: self.stage), let kind = StudioKind(rawValue: self.kind),
              let status = StudioStatus(rawValue: self.status)
        else { throw StorageError.corruptRow(table: Self.databaseTableName, id: self.id) }
        return Studio(id: self.id, name: self.name, level: level, city: city, county: self.county, stage: stage,
                      subject: self.subject, kind: kind, leaderID: self.leaderID, status: status,
                      createdAt: self.createdAt)
    }
}

enum StorageError: Error {
    case corruptRow(table: String, id: String)
}
