import AssessmentAPI
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import ServiceKit

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
    /// Written with the run; not read back by queries (several MB at the scale of the province): see ``snapshot(_:id:)``.
    var snapshot: Data?
    var studios: Int
    var passed: Int
    var idle: Int
    /// JSON `[RunSummary.LevelCount]`; NULL for runs stored before levels were assessed.
    var levels: Data?
    var pullMilliseconds: Int
    var computeMilliseconds: Int

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let year = Column(CodingKeys.year)
        static let ruleSetVersion = Column(CodingKeys.ruleSetVersion)
        static let status = Column(CodingKeys.status)
        static let startedBy = Column(CodingKeys.startedBy)
        static let createdAt = Column(CodingKeys.createdAt)
        static let frozenAt = Column(CodingKeys.frozenAt)
        static let sources = Column(CodingKeys.sources)
        static let snapshot = Column(CodingKeys.snapshot)
        static let studios = Column(CodingKeys.studios)
        static let passed = Column(CodingKeys.passed)
        static let idle = Column(CodingKeys.idle)
        static let levels = Column(CodingKeys.levels)
        static let pullMilliseconds = Column(CodingKeys.pullMilliseconds)
        static let computeMilliseconds = Column(CodingKeys.computeMilliseconds)
    }

    /// Every column but the snapshot.
    static var databaseSelection: [any SQLSelectable] {
        [
            Columns.id, Columns.year, Columns.ruleSetVersion, Columns.status, Columns.startedBy, Columns.createdAt,
            Columns.frozenAt, Columns.sources, Columns.studios, Columns.passed, Columns.idle,
            Columns.levels, Columns.pullMilliseconds, Columns.computeMilliseconds,
        ]
    }

    /// The numbers a run used, as pulled.
    static func snapshot(_ db: Database, id: String) throws -> [StudioSnapshot] {
        guard let data = try Data.fetchOne(db, sql: "SELECT snapshot FROM run WHERE id = ?", arguments: [id]) else {
            throw AssessmentError.runNotFound(id: id)
        }
        let whole = try JSONCoding.decoder.decode([StudioSnapshot].self, from: data)
        guard whole.isEmpty else { return whole }
        // Runs since provenance keep each studio's snapshot on its result row.
        return try Data.fetchAll(
            db,
            sql: "SELECT snapshot FROM result WHERE runID = ? AND snapshot IS NOT NULL ORDER BY studioID",
            arguments: [id]
        ).map { try JSONCoding.decoder.decode(StudioSnapshot.self, from: $0) }
    }

    /// One studio's snapshot in a run: from its result row, or from the run's whole snapshot for older runs.
    static func snapshot(_ db: Database, runID: String, studioID: String) throws -> StudioSnapshot? {
        if let data = try Data.fetchOne(
            db,
            sql: "SELECT snapshot FROM result WHERE runID = ? AND studioID = ?",
            arguments: [runID, studioID]
        ) {
            return try JSONCoding.decoder.decode(StudioSnapshot.self, from: data)
        }
        return try Self.snapshot(db, id: runID).first { $0.membership.studioID == studioID }
    }

    func summary() throws -> RunSummary {
        RunSummary(
            id: self.id,
            year: self.year,
            ruleSetVersion: self.ruleSetVersion,
            status: RunSummary.Status(rawValue: self.status) ?? .live,
            startedBy: self.startedBy,
            createdAt: self.createdAt,
            frozenAt: self.frozenAt,
            sources: try JSONCoding.decoder.decode([MetricSource].self, from: self.sources),
            studios: self.studios,
            passed: self.passed,
            idle: self.idle,
            levels: try self.levels.map { try JSONCoding.decoder.decode([RunSummary.LevelCount].self, from: $0) } ?? [],
            pullMilliseconds: self.pullMilliseconds,
            computeMilliseconds: self.computeMilliseconds
        )
    }

    static func require(_ db: Database, _ id: String) throws -> RunRecord {
        guard let record = try RunRecord.fetchOne(db, key: id) else {
            throw AssessmentError.runNotFound(id: id)
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
        let record = try RunRecord.filter(Columns.year == year)
            .order(sql: "status = 'frozen' DESC, createdAt DESC").fetchOne(db)
        guard let record else {
            throw AssessmentError.noRunYet(year: year)
        }
        return record
    }
}

/// A row of the `result` table: one studio's result in a run; the document holds the whole ``StudioResult``.
struct ResultRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "result"
    var runID: String
    var studioID: String
    var level: String
    var rank: Int
    var city: String
    var workstation: String?
    var leaderID: String
    var passed: Bool
    var score: Double
    var tier: String?
    var idle: Bool
    var name: String
    var amount: Int
    var badge: Bool
    var proposal: String
    var document: Data
    /// JSON StudioSnapshot: what was pulled for this studio, the records behind every number included (runs made
    /// before it was kept here have it in the run's snapshot).
    var snapshot: Data?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let runID = Column(CodingKeys.runID)
        static let studioID = Column(CodingKeys.studioID)
        static let level = Column(CodingKeys.level)
        static let rank = Column(CodingKeys.rank)
        static let city = Column(CodingKeys.city)
        static let workstation = Column(CodingKeys.workstation)
        static let leaderID = Column(CodingKeys.leaderID)
        static let passed = Column(CodingKeys.passed)
        static let score = Column(CodingKeys.score)
        static let tier = Column(CodingKeys.tier)
        static let idle = Column(CodingKeys.idle)
        static let name = Column(CodingKeys.name)
        static let amount = Column(CodingKeys.amount)
        static let badge = Column(CodingKeys.badge)
        static let proposal = Column(CodingKeys.proposal)
        static let document = Column(CodingKeys.document)
        static let snapshot = Column(CodingKeys.snapshot)
    }

    /// The rows of a run's results, encoded on every core: a province-scale run's snapshots are 10 MB of JSON, the
    /// largest part of the run's own work.
    static func encode(_ results: [StudioResult], runID: String, snapshots: [String: StudioSnapshot]) async throws -> [ResultRecord] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let size = (results.count + parts - 1) / parts
        guard size > 0 else { return [] }
        return try await withThrowingTaskGroup(of: (Int, [ResultRecord]).self) { group in
            for start in stride(from: 0, to: results.count, by: size) {
                let slice = Array(results[start..<min(start + size, results.count)])
                group.addTask { (start, try slice.map { try ResultRecord(runID: runID, $0, snapshot: snapshots[$0.studioID]) }) }
            }
            var encoded: [(Int, [ResultRecord])] = []
            for try await part in group { encoded.append(part) }
            return encoded.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    init(runID: String, _ result: StudioResult, snapshot: StudioSnapshot? = nil) throws {
        self.snapshot = try snapshot.map { try JSONCoding.encoder.encode($0) }
        (self.runID, self.studioID, self.rank, self.city) = (runID, result.studioID, result.rank, result.city.rawValue)
        self.level = result.level.rawValue
        (self.workstation, self.leaderID, self.passed, self.score) = (result.workstation, result.leaderID, result.passed, result.score)
        (self.tier, self.idle) = (result.tier, result.idle)
        (self.name, self.amount, self.badge, self.proposal) = (result.name, result.amount, result.badge, result.proposal.rawValue)
        self.document = try JSONCoding.encoder.encode(result)
    }

    func result() throws -> StudioResult { try JSONCoding.decoder.decode(StudioResult.self, from: self.document) }
}

/// A ranking row read from the `result` table's columns only (the document stays on disk).
struct RankingRecord: Codable, FetchableRecord, TableRecord {
    static let databaseTableName = "result"
    static var databaseSelection: [any SQLSelectable] {
        [
            Columns.rank, Columns.studioID, Columns.name, Columns.level, Columns.city, Columns.workstation, Columns.passed,
            Columns.score, Columns.tier, Columns.amount, Columns.badge, Columns.idle, Columns.proposal,
        ]
    }
    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let rank = Column(CodingKeys.rank)
        static let studioID = Column(CodingKeys.studioID)
        static let name = Column(CodingKeys.name)
        static let level = Column(CodingKeys.level)
        static let city = Column(CodingKeys.city)
        static let workstation = Column(CodingKeys.workstation)
        static let passed = Column(CodingKeys.passed)
        static let score = Column(CodingKeys.score)
        static let tier = Column(CodingKeys.tier)
        static let amount = Column(CodingKeys.amount)
        static let badge = Column(CodingKeys.badge)
        static let idle = Column(CodingKeys.idle)
        static let proposal = Column(CodingKeys.proposal)
    }

    var rank: Int
    var studioID: String
    var name: String
    var level: String
    var city: String
    var workstation: String?
    var passed: Bool
    var score: Double
    var tier: String?
    var amount: Int
    var badge: Bool
    var idle: Bool
    var proposal: String

    func row() throws -> RankingRow {
        guard let city = City(rawValue: self.city), let level = StudioLevel(rawValue: self.level),
            let proposal = LevelProposal(rawValue: self.proposal)
        else {
            throw StoredRowError(table: Self.databaseTableName, id: self.studioID)
        }
        return RankingRow(
            rank: self.rank,
            studioID: self.studioID,
            name: self.name,
            level: level,
            city: city,
            workstation: self.workstation,
            passed: self.passed,
            score: self.score,
            tier: self.tier,
            amount: self.amount,
            badge: self.badge,
            idle: self.idle,
            proposal: proposal
        )
    }
}
