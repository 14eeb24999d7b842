import ActivitiesAPI
import Foundation
import GRDB
import JSONRPC
import ServiceKit

/// A row of the `activity` table; invitations and participants live in their own tables.
struct ActivityRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "activity"
    var id: String
    var studioID: String
    var studioName: String
    var studioLevel: String
    var title: String
    var theme: String
    var mode: String
    var kind: String
    var place: String?
    var link: String?
    var startsAt: Date
    var endsAt: Date
    var year: Int
    var hostID: String
    var hostName: String?
    var projectID: String?
    var status: String
    var cancelReason: String?
    var checkInCode: String?
    var participants: Int?
    var subjectLeaders: Int?
    var subjectLeadersPresent: Int?
    var hostPresent: Bool?
    var createdAt: Date
    var updatedAt: Date

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let studioID = Column(CodingKeys.studioID)
        static let studioName = Column(CodingKeys.studioName)
        static let studioLevel = Column(CodingKeys.studioLevel)
        static let title = Column(CodingKeys.title)
        static let theme = Column(CodingKeys.theme)
        static let mode = Column(CodingKeys.mode)
        static let kind = Column(CodingKeys.kind)
        static let place = Column(CodingKeys.place)
        static let link = Column(CodingKeys.link)
        static let startsAt = Column(CodingKeys.startsAt)
        static let endsAt = Column(CodingKeys.endsAt)
        static let year = Column(CodingKeys.year)
        static let hostID = Column(CodingKeys.hostID)
        static let hostName = Column(CodingKeys.hostName)
        static let projectID = Column(CodingKeys.projectID)
        static let status = Column(CodingKeys.status)
        static let cancelReason = Column(CodingKeys.cancelReason)
        static let checkInCode = Column(CodingKeys.checkInCode)
        static let participants = Column(CodingKeys.participants)
        static let subjectLeaders = Column(CodingKeys.subjectLeaders)
        static let subjectLeadersPresent = Column(CodingKeys.subjectLeadersPresent)
        static let hostPresent = Column(CodingKeys.hostPresent)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    var statusValue: ActivityStatus? { ActivityStatus(rawValue: self.status) }

    func activity(invited: [String]) throws -> Activity {
        guard let mode = ActivityMode(rawValue: self.mode), let kind = ActivityKind(rawValue: self.kind),
            let status = self.statusValue
        else { throw StoredRowError(table: Self.databaseTableName, id: self.id) }
        var attendance: AttendanceSummary?
        if let participants = self.participants, let leaders = self.subjectLeaders, let present = self.subjectLeadersPresent {
            attendance = AttendanceSummary(
                participants: participants,
                subjectLeaders: leaders,
                subjectLeadersPresent: present,
                hostPresent: self.hostPresent ?? false
            )
        }
        return Activity(
            id: self.id,
            studioID: self.studioID,
            title: self.title,
            theme: self.theme,
            mode: mode,
            kind: kind,
            place: self.place,
            link: self.link,
            startsAt: self.startsAt,
            endsAt: self.endsAt,
            hostID: self.hostID,
            hostName: self.hostName,
            invited: invited,
            projectID: self.projectID,
            status: status,
            cancelReason: self.cancelReason,
            attendance: attendance,
            createdAt: self.createdAt
        )
    }

    /// The activity with its invitations.
    static func load(_ db: Database, _ record: ActivityRecord) throws -> Activity {
        let invited = try String.fetchAll(
            db,
            sql: "SELECT teacherID FROM invitation WHERE activityID = ? ORDER BY teacherID",
            arguments: [record.id]
        )
        return try record.activity(invited: invited)
    }

    static func require(_ db: Database, _ id: String, field: String = "id") throws -> ActivityRecord {
        guard let record = try ActivityRecord.fetchOne(db, key: id) else {
            throw ActivitiesError.activityNotFound(id: id, field: field)
        }
        return record
    }
}
