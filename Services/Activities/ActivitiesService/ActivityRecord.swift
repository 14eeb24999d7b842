import ActivitiesAPI
import Foundation
import GRDB
import JSONRPC

/// A row of the `activity` table.
struct ActivityRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "activity"
    var id: String
    var studioID: String
    var title: String
    var mode: String
    var kind: String
    var startsAt: Date
    var endsAt: Date
    var hostID: String
    var status: String

    init(_ activity: Activity) {
        self.id = activity.id
        self.studioID = activity.studioID
        self.title = activity.title
        self.mode = activity.mode.rawValue
        self.kind = activity.kind.rawValue
        self.startsAt = activity.startsAt
        self.endsAt = activity.endsAt
        self.hostID = activity.hostID
        self.status = activity.status.rawValue
    }

    func activity() throws -> Activity {
        guard let mode = ActivityMode(rawValue: self.mode), let kind = ActivityKind(rawValue: self.kind),
              let status = ActivityStatus(rawValue: self.status)
        else { throw RPCError.internalError("activity \(self.id) holds values this version does not know") }
        return Activity(id: self.id, studioID: self.studioID, title: self.title, mode: mode, kind: kind,
                        startsAt: self.startsAt, endsAt: self.endsAt, hostID: self.hostID, status: status)
    }
}
