import AssessmentAPI
import Foundation
import GRDB
import ServiceKit

// The tables of what supervisors decided and what runs granted, a record type each (GRDB's recommended practice:
// columns named from the coding keys; a row that does not decode is the StoredRowError naming it, not a trap on a
// non-optional `row["…"]` or a silent default).

/// A row of `credit`, the credit ledger (R-MGT-6): one teacher's training credits for one year, granted by the run
/// that froze it; `sequence` is the training system's pull cursor.
struct CreditRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "credit"
    var sequence: Int64?
    var year: Int
    var teacherID: String
    var studioID: String
    var role: String
    var credits: Int
    var createdAt: Date

    enum Columns {
        static let sequence = Column(CodingKeys.sequence)
        static let year = Column(CodingKeys.year)
        static let teacherID = Column(CodingKeys.teacherID)
        static let studioID = Column(CodingKeys.studioID)
    }

    init(year: Int, teacherID: String, studioID: String, role: String, credits: Int, createdAt: Date) {
        (self.year, self.teacherID, self.studioID, self.role, self.credits, self.createdAt) =
            (year, teacherID, studioID, role, credits, createdAt)
    }

    init(row: Row) throws {
        self = try StoredRowError.decode(Self.self, from: row, table: Self.databaseTableName, idColumns: ["year", "teacherID"])
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { self.sequence = inserted.rowID }

    var entry: CreditEntry {
        CreditEntry(
            sequence: self.sequence ?? 0,
            year: self.year,
            teacherID: self.teacherID,
            studioID: self.studioID,
            role: self.role,
            credits: self.credits,
            createdAt: self.createdAt
        )
    }
}

/// A row of `manualScore`: a supervisor's score of one studio on one of the year's manual indicators; scoring
/// again replaces it.
struct ManualScoreRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "manualScore"
    var year: Int
    var studioID: String
    var indicator: String
    var score: Double
    var comment: String?
    var scoredBy: String
    var scoredAt: Date

    enum Columns {
        static let year = Column(CodingKeys.year)
    }

    init(_ score: ManualScore, comment: String?) {
        (self.year, self.studioID, self.indicator, self.score, self.comment, self.scoredBy, self.scoredAt) =
            (score.year, score.studioID, score.indicator, score.score, comment, score.scoredBy, score.scoredAt)
    }

    init(row: Row) throws {
        self = try StoredRowError.decode(
            Self.self,
            from: row,
            table: Self.databaseTableName,
            idColumns: ["year", "studioID", "indicator"]
        )
    }
}

/// A row of `exclusion`: a record a supervisor excluded from a studio's counts by accepting a flag; every later run
/// of the year counts the studio without it.
struct ExclusionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "exclusion"
    var year: Int
    var studioID: String
    var recordID: String
    var flagID: String
    var check: AnomalyCheck
    var reason: String
    var decidedBy: String
    var decidedAt: Date

    enum Columns {
        static let year = Column(CodingKeys.year)
        static let studioID = Column(CodingKeys.studioID)
        static let recordID = Column(CodingKeys.recordID)
        static let decidedAt = Column(CodingKeys.decidedAt)
    }

    init(year: Int, studioID: String, _ excluded: ExcludedRecord) {
        (self.year, self.studioID, self.recordID, self.flagID, self.check) =
            (year, studioID, excluded.recordID, excluded.flagID, excluded.check)
        (self.reason, self.decidedBy, self.decidedAt) = (excluded.reason, excluded.decidedBy, excluded.decidedAt)
    }

    init(row: Row) throws {
        self = try StoredRowError.decode(Self.self, from: row, table: Self.databaseTableName, idColumns: ["year", "studioID", "recordID"])
    }

    var excluded: ExcludedRecord {
        ExcludedRecord(
            recordID: self.recordID,
            flagID: self.flagID,
            check: self.check,
            reason: self.reason,
            decidedBy: self.decidedBy,
            decidedAt: self.decidedAt
        )
    }
}
