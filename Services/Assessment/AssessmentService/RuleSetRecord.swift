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
        if let record = try RuleSetRecord.filter(Column("year") == year).order(Column("version").desc).fetchOne(db) {
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
