import AssessmentAPI
import Foundation
import GRDB
import JSONRPC

/// A row of `flag`: one flag a run raised, its keys as columns and the whole flag as JSON.
struct FlagRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "flag"
    var id: String
    var runID: String
    var year: Int
    var studioID: String
    var check: String
    var status: String
    var document: Data

    init(_ flag: AnomalyFlag) throws {
        (self.id, self.runID, self.year, self.studioID) = (flag.id, flag.runID, flag.year, flag.studioID)
        (self.check, self.status) = (flag.check.rawValue, flag.status.rawValue)
        self.document = try JSONCoding.encoder.encode(flag)
    }

    func flag() throws -> AnomalyFlag {
        var flag = try JSONCoding.decoder.decode(AnomalyFlag.self, from: self.document)
        flag.status = AnomalyFlag.Status(rawValue: self.status) ?? flag.status
        return flag
    }
}
