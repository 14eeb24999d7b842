import ActivitiesAPI
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import Programme

/// Who may be counted as taking part in an activity: identity's accounts only (an id no account has made would
/// reach R-TASK-8's 10 people or R-TASK-9's 50), and each teacher in one activity at a time (R-ACT-1, a platform
/// rule: the same person cannot be in two places, or two live rooms, at once).
enum AttendanceRules {
    /// Refuses, all or nothing, ids without an identity account, naming them and where the first stands.
    static func requireAccounts(_ ids: [String], accounts: AccountDirectory, field: (Int) -> String) async throws {
        guard !ids.isEmpty else { return }
        _ = try await accounts.require(ids, field: field)
    }

    /// Refuses a teacher already counted in another activity (not cancelled) whose time overlaps
    /// `startsAt..<endsAt`, naming the teacher, the other activity and where the teacher stands in the request.
    static func checkNoOverlap(
        _ db: Database,
        activityID: String,
        startsAt: Date,
        endsAt: Date,
        teacherIDs: [String],
        field: (Int) -> String
    ) throws {
        for (index, teacherID) in teacherIDs.enumerated() {
            guard
                let other = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT a.id, a.title FROM participant p JOIN activity a ON a.id = p.activityID
                        WHERE p.teacherID = ? AND a.id != ? AND a.status != 'cancelled' AND a.startsAt < ? AND a.endsAt > ?
                        LIMIT 1
                        """,
                    arguments: [teacherID, activityID, endsAt, startsAt]
                )
            else { continue }
            let otherID: String = other["id"]
            let title: String = other["title"]
            throw RPCError.failedPrecondition(
                "\(teacherID) already takes part in activity \(otherID) (\(title)) at an overlapping time",
                rule: .act1,
                field: field(index)
            )
        }
    }
}
