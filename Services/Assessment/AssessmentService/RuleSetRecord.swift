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

    func ruleSetVersion() throws -> RuleSetVersion {
        RuleSetVersion(year: self.year, version: self.version,
                       ruleSet: try JSONCoding.decoder.decode(RuleSet.self, from: self.document),
                       loadedBy: self.loadedBy, loadedAt: self.loadedAt)
    }
}
