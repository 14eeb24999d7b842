import ActivitiesAPI
import Foundation
import GRDB
import ServiceKit

/// A row of `participant`: one teacher present at one activity, checked in by the teacher (with the activity's
/// code, while it runs) or recorded by the studio; what R-ACT counts as attendance is read from these rows only.
struct ParticipantRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "participant"
    var activityID: String
    var teacherID: String
    var source: AttendanceSource
    var at: Date

    enum Columns {
        static let activityID = Column(CodingKeys.activityID)
        static let teacherID = Column(CodingKeys.teacherID)
        static let source = Column(CodingKeys.source)
        static let at = Column(CodingKeys.at)
    }

    init(activityID: String, _ participant: Participant) {
        self.activityID = activityID
        self.teacherID = participant.teacherID
        self.source = participant.source
        self.at = participant.at
    }

    /// Decodes through Codable; a row that does not decode (a source outside the cases) is the StoredRowError
    /// naming it, where it used to read silently as "recorded".
    init(row: Row) throws {
        self = try StoredRowError.decode(Self.self, from: row, table: Self.databaseTableName, idColumns: ["activityID", "teacherID"])
    }

    var participant: Participant { Participant(teacherID: self.teacherID, source: self.source, at: self.at) }
}

extension ParticipantRecord {
    static func exists(_ db: Database, activityID: String, teacherID: String) throws -> Bool {
        try Self.filter(Columns.activityID == activityID && Columns.teacherID == teacherID).isEmpty(db) == false
    }

    /// An activity's participants in the order they came (then by teacher), as listed to callers.
    static func all(_ db: Database, activityID: String) throws -> [ParticipantRecord] {
        try Self.filter(Columns.activityID == activityID).order(Columns.at, Columns.teacherID).fetchAll(db)
    }

    /// The teachers present at an activity.
    static func teacherIDs(_ db: Database, activityID: String) throws -> Set<String> {
        Set(try String.fetchAll(db, Self.select(Columns.teacherID).filter(Columns.activityID == activityID)))
    }
}
