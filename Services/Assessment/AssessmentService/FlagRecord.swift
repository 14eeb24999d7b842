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

    /// The flag with the decision (and answers) of the same flag raised by an earlier run of the year — same studio,
    /// same check, the same records — so a supervisor decides a pattern once, not at every run.
    static func carryingDecision(_ db: Database, to flag: AnomalyFlag) throws -> AnomalyFlag {
        let earlier = try FlagRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM flag WHERE year = ? AND studioID = ? AND "check" = ? AND status != 'open' ORDER BY rowid DESC
                """,
            arguments: [flag.year, flag.studioID, flag.check.rawValue]
        )
        let records = Set(flag.records.map(\.id))
        guard let decided = try earlier.lazy.map({ try $0.flag() }).first(where: { Set($0.records.map(\.id)) == records }) else {
            return flag
        }
        var carried = flag
        carried.status = decided.status
        carried.decision = decided.decision
        carried.answers = decided.answers
        return carried
    }
}
