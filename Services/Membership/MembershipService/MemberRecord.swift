import Foundation
import GRDB
import MembershipAPI
import Programme
import ServiceKit

/// A row of the `member` table: one period during which a teacher held a role in a studio.
struct MemberRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "member"
    var id: Int64?
    var studioID: String
    var teacherID: String
    var role: String
    var sortKey: Int
    var name: String
    var school: String
    var schoolCity: String
    var rural: Bool
    var pairedRegion: Bool
    var mentorID: String?
    var joinedAt: Date
    var leftAt: Date?
    var leftReason: String?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let studioID = Column(CodingKeys.studioID)
        static let teacherID = Column(CodingKeys.teacherID)
        static let role = Column(CodingKeys.role)
        static let sortKey = Column(CodingKeys.sortKey)
        static let name = Column(CodingKeys.name)
        static let school = Column(CodingKeys.school)
        static let schoolCity = Column(CodingKeys.schoolCity)
        static let rural = Column(CodingKeys.rural)
        static let pairedRegion = Column(CodingKeys.pairedRegion)
        static let mentorID = Column(CodingKeys.mentorID)
        static let joinedAt = Column(CodingKeys.joinedAt)
        static let leftAt = Column(CodingKeys.leftAt)
        static let leftReason = Column(CodingKeys.leftReason)
    }

    init(studioID: String, role: MemberRole, profile: MemberProfile, mentorID: String?, joinedAt: Date) {
        self.studioID = studioID
        self.teacherID = profile.teacherID
        self.role = role.rawValue
        self.sortKey = Self.sortKey(role: role, pairedRegion: profile.pairedRegion)
        self.name = profile.name
        self.school = profile.school
        self.schoolCity = profile.schoolCity.rawValue
        self.rural = profile.rural
        self.pairedRegion = profile.pairedRegion
        self.mentorID = mentorID
        self.joinedAt = joinedAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { self.id = inserted.rowID }

    /// Roster order: subject leaders, core members, network members; paired-assistance regions first in each
    /// (R-COMP-6).
    static func sortKey(role: MemberRole, pairedRegion: Bool) -> Int {
        let rank =
            switch role {
            case .subjectLeader: 0
            case .coreMember: 1
            case .networkMember: 2
            }
        return rank * 2 + (pairedRegion ? 0 : 1)
    }

    var memberRole: MemberRole? { MemberRole(rawValue: self.role) }

    var profile: MemberProfile {
        MemberProfile(
            teacherID: self.teacherID,
            name: self.name,
            school: self.school,
            schoolCity: City(rawValue: self.schoolCity) ?? .provinceDirect,
            rural: self.rural,
            pairedRegion: self.pairedRegion
        )
    }

    func member() throws -> Member {
        guard let role = self.memberRole, City(rawValue: self.schoolCity) != nil else {
            throw StoredRowError(table: Self.databaseTableName, id: "\(self.id ?? 0)")
        }
        return Member(
            studioID: self.studioID,
            role: role,
            profile: self.profile,
            mentorID: self.mentorID,
            joinedAt: self.joinedAt,
            leftAt: self.leftAt,
            leftReason: self.leftReason
        )
    }

    /// The teacher's current membership of the studio, in any role.
    static func current(_ db: Database, studioID: String, teacherID: String) throws -> MemberRecord? {
        // A cached statement: imports ask this once per entry.
        let statement = try db.cachedStatement(sql: "SELECT * FROM member WHERE studioID = ? AND teacherID = ? AND leftAt IS NULL")
        return try MemberRecord.fetchOne(statement, arguments: [studioID, teacherID])
    }

    /// Ends this period at `date`.
    mutating func end(at date: Date, reason: String, _ db: Database) throws {
        self.leftAt = date
        self.leftReason = reason
        try self.update(db)
    }
}

/// A row of the `joinRequest` table.
struct JoinRequestRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "joinRequest"
    var id: String
    var studioID: String
    var teacherID: String
    var name: String
    var school: String
    var schoolCity: String
    var rural: Bool
    var pairedRegion: Bool
    var message: String?
    var status: String
    var createdAt: Date
    var decidedAt: Date?
    var decidedBy: String?
    var reason: String?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let studioID = Column(CodingKeys.studioID)
        static let teacherID = Column(CodingKeys.teacherID)
        static let name = Column(CodingKeys.name)
        static let school = Column(CodingKeys.school)
        static let schoolCity = Column(CodingKeys.schoolCity)
        static let rural = Column(CodingKeys.rural)
        static let pairedRegion = Column(CodingKeys.pairedRegion)
        static let message = Column(CodingKeys.message)
        static let status = Column(CodingKeys.status)
        static let createdAt = Column(CodingKeys.createdAt)
        static let decidedAt = Column(CodingKeys.decidedAt)
        static let decidedBy = Column(CodingKeys.decidedBy)
        static let reason = Column(CodingKeys.reason)
    }

    init(id: String, studioID: String, profile: MemberProfile, message: String?, at: Date) {
        self.id = id
        self.studioID = studioID
        self.teacherID = profile.teacherID
        self.name = profile.name
        self.school = profile.school
        self.schoolCity = profile.schoolCity.rawValue
        self.rural = profile.rural
        self.pairedRegion = profile.pairedRegion
        self.message = message
        self.status = JoinRequest.Status.pending.rawValue
        self.createdAt = at
    }

    var profile: MemberProfile {
        MemberProfile(
            teacherID: self.teacherID,
            name: self.name,
            school: self.school,
            schoolCity: City(rawValue: self.schoolCity) ?? .provinceDirect,
            rural: self.rural,
            pairedRegion: self.pairedRegion
        )
    }

    func request() throws -> JoinRequest {
        guard let status = JoinRequest.Status(rawValue: self.status) else {
            throw StoredRowError(table: Self.databaseTableName, id: self.id)
        }
        return JoinRequest(
            id: self.id,
            studioID: self.studioID,
            profile: self.profile,
            message: self.message,
            status: status,
            createdAt: self.createdAt,
            decidedAt: self.decidedAt,
            decidedBy: self.decidedBy,
            reason: self.reason
        )
    }
}

/// A row of the `quota` table; `county` is '' for city-level quotas.
struct QuotaRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "quota"
    var city: String
    var county: String
    var level: String
    var limit: Int

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let city = Column(CodingKeys.city)
        static let county = Column(CodingKeys.county)
        static let level = Column(CodingKeys.level)
        static let limit = Column(CodingKeys.limit)
    }
}
