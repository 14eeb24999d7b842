import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme

/// The roster rules, enforced inside the write transaction of every roster change (one-by-one or imported), so
/// that concurrent changes cannot overrun a limit.
enum RosterRules {
    /// R-COMP-2: 10 required, at most 15.
    static let subjectLeaderFloor = 10
    static let subjectLeaderCeiling = 15
    /// R-COMP-5: 100 core members, 10 per subject leader.
    static let coreMemberCeiling = 100
    static let menteesPerSubjectLeader = 10
    /// R-COMP-3 and R-COMP-4.
    static let ruralOrOtherCityFloor = 5
    static let ruralFloor = 1
    /// How far ahead of this server's clock a caller's date may be before it counts as the future.
    static let clockSkew: TimeInterval = 300

    /// Roles from highest to lowest: a teacher moves up (network → core → subject leader), never down by joining.
    private static func rank(_ role: MemberRole) -> Int {
        switch role {
        case .subjectLeader: 2
        case .coreMember: 1
        case .networkMember: 0
        }
    }

    /// Puts `profile` on the studio's roster as `role` from `date`, ending a current lower role in the same studio.
    /// - Returns: the new entry, or nil when the teacher already holds `role` and `existingIsError` is false.
    static func add(
        _ db: Database,
        studio: Studio,
        role: MemberRole,
        profile: MemberProfile,
        mentorID: String?,
        at date: Date,
        existingIsError: Bool = true,
        field: String = "teacherID"
    ) throws -> MemberRecord? {
        guard profile.teacherID != studio.leaderID else {
            throw RPCError.failedPrecondition("the studio's leader is not a member of their own studio", rule: .comp1, field: field)
        }
        if var current = try MemberRecord.current(db, studioID: studio.id, teacherID: profile.teacherID),
            let currentRole = current.memberRole
        {
            if currentRole == role, !existingIsError { return nil }
            guard Self.rank(currentRole) < Self.rank(role) else {
                throw RPCError.alreadyExists("\(profile.teacherID) is already a \(currentRole.rawValue) of studio \(studio.id)", field: field)
            }
            try current.end(at: date, reason: "became \(role.rawValue)", db)
        }
        switch role {
        case .subjectLeader:
            let count = try Self.currentCount(db, studioID: studio.id, role: .subjectLeader)
            guard count < Self.subjectLeaderCeiling else {
                throw RPCError.failedPrecondition(
                    "studio \(studio.id) already has \(count) subject leaders, the most allowed",
                    rule: .comp2,
                    field: "studioID"
                )
            }
        case .coreMember:
            let count = try Self.currentCount(db, studioID: studio.id, role: .coreMember)
            guard count < Self.coreMemberCeiling else {
                throw RPCError.failedPrecondition(
                    "studio \(studio.id) already has \(count) core members, the most allowed",
                    rule: .comp5,
                    field: "studioID"
                )
            }
        case .networkMember:
            break
        }
        if role != .networkMember, studio.level == .province {
            try Self.checkProvincialExclusivity(db, teacherID: profile.teacherID, joining: studio.id, field: field)
        }
        var mentor: String?
        if role == .coreMember {
            if let mentorID {
                try Self.checkMentorRoom(db, studioID: studio.id, mentorID: mentorID)
                mentor = mentorID
            } else {
                mentor = try Self.leastLoadedMentor(db, studioID: studio.id)
            }
        }
        var record = MemberRecord(studioID: studio.id, role: role, profile: profile, mentorID: mentor, joinedAt: date)
        try record.insert(db)
        return record
    }

    /// Ends the teacher's current membership; a leaving subject leader's mentees go to `reassignTo`, or each to
    /// the subject leader mentoring the fewest while any has room (R-COMP-5).
    static func remove(
        _ db: Database,
        studio: Studio,
        teacherID: String,
        reason: String,
        reassignTo: String?,
        at date: Date
    ) throws -> RemovalResult {
        guard var current = try MemberRecord.current(db, studioID: studio.id, teacherID: teacherID) else {
            throw RPCError.notFound("\(teacherID) is not a current member of studio \(studio.id)", field: "teacherID")
        }
        if let reassignTo, reassignTo == teacherID {
            throw RPCError.invalidArgument("a leaving subject leader cannot take their own mentees", field: "reassignTo")
        }
        try current.end(at: date, reason: reason, db)
        var reassigned: [String: String] = [:]
        var unassigned: [String] = []
        if current.memberRole == .subjectLeader {
            var mentees = try MemberRecord.filter(
                sql: "studioID = ? AND mentorID = ? AND leftAt IS NULL AND role = 'coreMember'",
                arguments: [studio.id, teacherID]
            ).order(MemberRecord.Columns.id).fetchAll(db)
            if let reassignTo {
                try Self.checkMentorRoom(db, studioID: studio.id, mentorID: reassignTo, adding: mentees.count, field: "reassignTo")
            }
            for index in mentees.indices {
                let mentor = try reassignTo ?? Self.leastLoadedMentor(db, studioID: studio.id)
                mentees[index].mentorID = mentor
                try mentees[index].update(db)
                if let mentor { reassigned[mentees[index].teacherID] = mentor } else { unassigned.append(mentees[index].teacherID) }
            }
        }
        return RemovalResult(removed: try current.member(), reassigned: reassigned, unassigned: unassigned)
    }

    /// Refuses a mentor who is not a current subject leader of the studio, or who would mentor more than 10.
    static func checkMentorRoom(
        _ db: Database,
        studioID: String,
        mentorID: String,
        adding: Int = 1,
        field: String = "mentorID"
    ) throws {
        guard let mentor = try MemberRecord.current(db, studioID: studioID, teacherID: mentorID),
            mentor.memberRole == .subjectLeader
        else {
            throw RPCError.failedPrecondition("\(mentorID) is not a current subject leader of studio \(studioID)", rule: .comp5, field: field)
        }
        let load = try Self.menteeCount(db, studioID: studioID, mentorID: mentorID)
        guard load + adding <= Self.menteesPerSubjectLeader else {
            throw RPCError.failedPrecondition(
                "subject leader \(mentorID) already mentors \(load) core members; at most \(Self.menteesPerSubjectLeader) each",
                rule: .comp5,
                field: field
            )
        }
    }

    static func menteeCount(_ db: Database, studioID: String, mentorID: String) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) FROM member WHERE studioID = ? AND mentorID = ? AND leftAt IS NULL AND role = 'coreMember'
                """,
            arguments: [studioID, mentorID]
        ) ?? 0
    }

    /// The current subject leader mentoring the fewest core members, if any has room; ties go to the earliest.
    static func leastLoadedMentor(_ db: Database, studioID: String) throws -> String? {
        try String.fetchOne(
            db,
            sql: """
                SELECT s.teacherID FROM member s
                LEFT JOIN member c ON c.studioID = s.studioID AND c.mentorID = s.teacherID AND c.leftAt IS NULL
                    AND c.role = 'coreMember'
                WHERE s.studioID = ? AND s.role = 'subjectLeader' AND s.leftAt IS NULL
                GROUP BY s.id HAVING COUNT(c.id) < ? ORDER BY COUNT(c.id), s.id LIMIT 1
                """,
            arguments: [studioID, Self.menteesPerSubjectLeader]
        )
    }

    static func currentCount(_ db: Database, studioID: String, role: MemberRole) throws -> Int {
        try Int.fetchOne(
            db,
            sql: "SELECT COUNT(*) FROM member WHERE studioID = ? AND role = ? AND leftAt IS NULL",
            arguments: [studioID, role.rawValue]
        ) ?? 0
    }

    /// R-MEMB-1: a teacher is a subject leader or core member of at most one active provincial studio at a time.
    static func checkProvincialExclusivity(_ db: Database, teacherID: String, joining studioID: String, field: String) throws {
        if let other = try String.fetchOne(
            db,
            sql: """
                SELECT m.studioID FROM member m JOIN studio s ON s.id = m.studioID
                WHERE m.teacherID = ? AND m.leftAt IS NULL AND m.role IN ('subjectLeader', 'coreMember')
                    AND s.level = 'province' AND s.status = 'active' AND m.studioID != ?
                LIMIT 1
                """,
            arguments: [teacherID, studioID]
        ) {
            throw RPCError.failedPrecondition(
                "\(teacherID) is already a subject leader or core member of provincial studio \(other)",
                rule: .memb1,
                field: field
            )
        }
    }

    /// R-MEMB-1 on promotion to the provincial level: no subject leader or core member of the studio may hold such
    /// a role in another active provincial studio.
    static func checkProvincialExclusivity(_ db: Database, promoting studioID: String) throws {
        if let row = try Row.fetchOne(
            db,
            sql: """
                SELECT m.teacherID, o.studioID FROM member m
                JOIN member o ON o.teacherID = m.teacherID AND o.leftAt IS NULL AND o.studioID != m.studioID
                    AND o.role IN ('subjectLeader', 'coreMember')
                JOIN studio s ON s.id = o.studioID AND s.level = 'province' AND s.status = 'active'
                WHERE m.studioID = ? AND m.leftAt IS NULL AND m.role IN ('subjectLeader', 'coreMember')
                LIMIT 1
                """,
            arguments: [studioID]
        ) {
            let teacher: String = row[0]
            let other: String = row[1]
            throw RPCError.failedPrecondition(
                "\(teacher) of this studio is already a subject leader or core member of provincial studio \(other)",
                rule: .memb1,
                field: "level"
            )
        }
    }
}

extension RosterRules {
    /// A provincial studio's subject leaders come through an approved application, which identity adds (R-APP-5,
    /// R-APP-6, R-APP-7), or continue in the same studio without re-applying (R-APP-7: 继续担任的不再重新申报);
    /// city and county studios follow their bureau's process (R-APP-4), which the leader carries out.
    static func checkSubjectLeaderPath(_ db: Database, studio: Studio, teacherID: String, caller: Principal) throws {
        guard studio.level == .province, !caller.has(.service) else { return }
        let continuing =
            try MemberRecord.filter(
                sql: "studioID = ? AND teacherID = ? AND role = 'subjectLeader'",
                arguments: [studio.id, teacherID]
            ).fetchCount(db) > 0
        guard continuing else {
            throw RPCError.failedPrecondition(
                "\(teacherID) has never been a subject leader of provincial studio \(studio.id): a new subject leader applies (identity.applyAsSubjectLeader) and is added when the studio's leader approves",
                rule: .app7,
                field: "teacherID"
            )
        }
    }
}
