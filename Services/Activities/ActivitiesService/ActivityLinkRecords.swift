import GRDB

/// A row of `invitation`: a teacher an activity invites.
struct InvitationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "invitation"
    var activityID: String
    var teacherID: String

    enum Columns {
        static let activityID = Column(CodingKeys.activityID)
        static let teacherID = Column(CodingKeys.teacherID)
    }
}

/// A row of `activityRoster`: a subject leader of the studio when the activity started, whose presence R-TASK-8
/// judges.
struct ActivityRosterRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "activityRoster"
    var activityID: String
    var teacherID: String

    enum Columns {
        static let activityID = Column(CodingKeys.activityID)
        static let teacherID = Column(CodingKeys.teacherID)
    }
}
