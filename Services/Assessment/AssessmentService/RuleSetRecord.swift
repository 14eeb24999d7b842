import AssessmentAPI
import Foundation
import GRDB
import JSONRPC

/// A row of the `ruleSet` table: one version of a year's rules, kept as the JSON the office loaded.
struct RuleSetRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "ruleSet"
    var year: Int
    var version: Int
    var document: Data
    var loadedBy: String
    var loadedAt: Date
    var reason: String?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let year = Column(CodingKeys.year)
        static let version = Column(CodingKeys.version)
        static let document = Column(CodingKeys.document)
        static let loadedBy = Column(CodingKeys.loadedBy)
        static let loadedAt = Column(CodingKeys.loadedAt)
        static let reason = Column(CodingKeys.reason)
    }

    func ruleSetVersion() throws -> RuleSetVersion {
        RuleSetVersion(
            year: self.year,
            version: self.version,
            ruleSet: try JSONCoding.decoder.decode(RuleSet.self, from: self.document),
            loadedBy: self.loadedBy,
            loadedAt: self.loadedAt,
            reason: self.reason
        )
    }

    /// The year's current rules: the newest version loaded, else the 2019 programme's as version 0.
    static func current(_ db: Database, year: Int) throws -> RuleSetVersion {
        if let record = try RuleSetRecord.filter(Columns.year == year).order(Columns.version.desc).fetchOne(db) {
            return try record.ruleSetVersion()
        }
        return RuleSetVersion(
            year: year,
            version: 0,
            ruleSet: .default2019(year: year),
            loadedBy: "default",
            loadedAt: Date(timeIntervalSince1970: 0)
        )
    }

    static func version(_ db: Database, year: Int, version: Int) throws -> RuleSet {
        guard version > 0 else { return .default2019(year: year) }
        guard let record = try RuleSetRecord.fetchOne(db, key: ["year": year, "version": version]) else {
            throw RPCError.internalError("rule set \(year) v\(version) is missing")
        }
        return try record.ruleSetVersion().ruleSet
    }
}
