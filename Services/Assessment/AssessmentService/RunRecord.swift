import AssessmentAPI
import Foundation
import GRDB
import JSONRPC
import MembershipAPI

/// A row of the `run` table.
struct RunRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "run"
    var id: String
    var year: Int
    var ruleSetVersion: Int
    var status: String
    var startedBy: String
    var createdAt: Date
    var frozenAt: Date?
    var sources: Data
    var snapshot: Data
    var studios: Int
    var passed: Int
    var idle: Int
    var pullMilliseconds: Int
    var computeMilliseconds: Int

    func summary() throws -> RunSummary {
        RunSummary(id: self.id, year: self.year, ruleSetVersion: self.ruleSetVersion,
                   status: RunSummary.Status(rawValue: self.status) ?? .live, startedBy: self.startedBy,
                   createdAt: self.createdAt, frozenAt: self.frozenAt,
                   sources: try JSONCoding.decoder.decode([MetricSource].self, from: self.sources), studios: self.studios,
                   passed: self.passed, idle: self.idle, pullMilliseconds: self.pullMilliseconds,
                   computeMilliseconds: self.computeMilliseconds)
    }

    static func require(_ db: Database, _ id: String) throws -> RunRecord {
        guard let record = try RunRecord.fetchOne(db, key: id) else {
            throw RPCError.notFound("run \(id) does not exist", field: "runID")
        }
        return record
    }

    /// The run a query means: the named one, else the year's frozen run, else its latest.
    static func resolve(_ db: Database, year: Int, runID: String?) throws -> RunRecord {
        if let runID {
            let record = try Self.require(db, runID)
            guard record.year == year else { throw RPCError.invalidArgument("run \(runID) is of \(record.year)", field: "runID") }
            return record
        }
        let record = try RunRecord.filter(Column("year") == year)
            .order(sql: "status = 'frozen' DESC, createdAt DESC").fetchOne(db)
        guard let record else {
            throw RPCError.notFound("no assessment run for \(year) yet: the province office runs one first", field: "year")
        }
        return record
    }
}

/// A row of the `result` table: one studio's result in a run; the document holds the whole ``StudioResult``.
struct ResultRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "result"
    var runID: String
    var studioID: String
    var rank: Int
    var city: String
    var workstation: String?
    var leaderID: String
    var passed: Bool
    var score: Double
    var tier: String?
    var idle: Bool
    var document: Data

    init(runID: String, _ result: StudioResult) throws {
        (self.runID, self.studioID, self.rank, self.city) = (runID, result.studioID, result.rank, result.city.rawValue)
        (self.workstation, self.leaderID, self.passed, self.score) = (result.workstation, result.leaderID, result.passed, result.score)
        (self.tier, self.idle) = (result.tier, result.idle)
        self.document = try JSONCoding.encoder.encode(result)
    }

    func result() throws -> StudioResult { try JSONCoding.decoder.decode(StudioResult.self, from: self.document) }

    func row() throws -> RankingRow {
        let result = try self.result()
        return RankingRow(rank: result.rank, studioID: result.studioID, name: result.name, city: result.city, workstation: result.workstation,
                          passed: result.passed, score: result.score, tier: result.tier, amount: result.amount,
                          badge: result.badge, idle: result.idle, proposal: result.proposal)
    }
}
