import Foundation
import GRDB
import MembershipAPI
import Programme

/// Roster counts per studio as of an instant, in one aggregate query for many studios.
struct RosterCounts {
    var subjectLeaders = 0
    var coreMembers = 0
    var networkMembers = 0
    var ruralOrOtherCitySubjectLeaders = 0
    var ruralSubjectLeaders = 0
    var coreMembersWithoutMentor = 0
    /// Who the subject leaders were, for the rules that count per subject leader (R-TASK-1…R-TASK-3).
    var subjectLeaderIDs: [String] = []

    /// Counts for `studioIDs` at `asOf`. Mentor assignments are not dated, so `coreMembersWithoutMentor` reflects
    /// today's assignments of the members present at `asOf`.
    static func fetch(_ db: Database, studioIDs: [String], asOf: Date) throws -> [String: RosterCounts] {
        guard !studioIDs.isEmpty else { return [:] }
        let placeholders = databaseQuestionMarks(count: studioIDs.count)
        let asOfClause = "m.joinedAt <= ? AND (m.leftAt IS NULL OR m.leftAt > ?)"
        var counts: [String: RosterCounts] = [:]
        // Subject leaders and core members in detail. R-COMP-3 compares the member's school city with the
        // leader's, which is the studio's city.
        let detail = try Row.fetchCursor(
            db,
            sql: """
                SELECT m.studioID,
                    SUM(m.role = 'subjectLeader'), SUM(m.role = 'coreMember'),
                    SUM(CASE WHEN m.role = 'subjectLeader'
                        THEN m.rural OR m.schoolCity != (SELECT city FROM studio WHERE id = m.studioID) ELSE 0 END),
                    SUM(m.role = 'subjectLeader' AND m.rural),
                    SUM(m.role = 'coreMember' AND m.mentorID IS NULL)
                FROM member m INDEXED BY member_census
                WHERE m.role IN ('subjectLeader', 'coreMember') AND m.studioID IN (\(placeholders)) AND \(asOfClause)
                GROUP BY m.studioID
                """,
            arguments: StatementArguments(studioIDs) + [asOf, asOf]
        )
        while let row = try detail.next() {
            counts[row[0]] = RosterCounts(
                subjectLeaders: row[1],
                coreMembers: row[2],
                ruralOrOtherCitySubjectLeaders: row[3],
                ruralSubjectLeaders: row[4],
                coreMembersWithoutMentor: row[5]
            )
        }
        let leaders = try Row.fetchCursor(
            db,
            sql: """
                SELECT m.studioID, m.teacherID FROM member m INDEXED BY member_census
                WHERE m.role = 'subjectLeader' AND m.studioID IN (\(placeholders)) AND \(asOfClause)
                ORDER BY m.studioID, m.teacherID
                """,
            arguments: StatementArguments(studioIDs) + [asOf, asOf]
        )
        while let row = try leaders.next() {
            counts[row[0], default: RosterCounts()].subjectLeaderIDs.append(row[1])
        }
        // Network members, the bulk of the rows, only counted.
        let network = try Row.fetchCursor(
            db,
            sql: """
                SELECT m.studioID, COUNT(*) FROM member m INDEXED BY member_census
                WHERE m.role = 'networkMember' AND m.studioID IN (\(placeholders)) AND \(asOfClause)
                GROUP BY m.studioID
                """,
            arguments: StatementArguments(studioIDs) + [asOf, asOf]
        )
        while let row = try network.next() {
            counts[row[0], default: RosterCounts()].networkMembers = row[1]
        }
        return counts
    }

    /// R-COMP-2…R-COMP-7, rule by rule.
    func checks(pairedSchool: Bool) -> [RuleCheck] {
        [
            RuleCheck(
                rule: .comp2,
                description: "at least 10 subject leaders",
                value: self.subjectLeaders,
                threshold: RosterRules.subjectLeaderFloor
            ),
            RuleCheck(
                rule: .comp2,
                description: "at most 15 subject leaders",
                value: self.subjectLeaders,
                threshold: RosterRules.subjectLeaderCeiling,
                kind: .maximum
            ),
            RuleCheck(
                rule: .comp3,
                description: "at least 5 subject leaders from rural schools or other cities",
                value: self.ruralOrOtherCitySubjectLeaders,
                threshold: RosterRules.ruralOrOtherCityFloor
            ),
            RuleCheck(
                rule: .comp4,
                description: "at least 1 rural subject leader",
                value: self.ruralSubjectLeaders,
                threshold: RosterRules.ruralFloor
            ),
            RuleCheck(
                rule: .comp5,
                description: "100 core members",
                value: self.coreMembers,
                threshold: RosterRules.coreMemberCeiling
            ),
            RuleCheck(rule: .comp7, description: "a paired rural school", value: pairedSchool ? 1 : 0, threshold: 1),
        ]
    }
}

extension Date {
    /// The last second of `year` in China Standard Time (UTC+8), when the year's rosters are read.
    /// Years outside what the calendar represents (the params' checks keep them out) give the distant future.
    static func endOfYear(_ year: Int) -> Date { ChinaCalendar.endOfYear(year) }
}
