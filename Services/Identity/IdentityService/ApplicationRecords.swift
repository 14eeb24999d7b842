import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import ServiceKit

struct CalendarRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "applicationCalendar"
    var year: Int
    var leaderApplicationsClose: Date
    var cityListsClose: Date
    var subjectLeaderApplicationsClose: Date

    init(_ calendar: ApplicationCalendar) {
        self.year = calendar.year
        self.leaderApplicationsClose = calendar.leaderApplicationsClose
        self.cityListsClose = calendar.cityListsClose
        self.subjectLeaderApplicationsClose = calendar.subjectLeaderApplicationsClose
    }

    var calendar: ApplicationCalendar {
        ApplicationCalendar(
            year: self.year,
            leaderApplicationsClose: self.leaderApplicationsClose,
            cityListsClose: self.cityListsClose,
            subjectLeaderApplicationsClose: self.subjectLeaderApplicationsClose
        )
    }

    /// The year's calendar as set, or the notice's dates: 16 April, 28 April, 30 April, each to its last second in
    /// UTC+8 (R-APP-3, R-APP-7).
    static func calendar(_ db: Database, year: Int) throws -> ApplicationCalendar {
        if let record = try CalendarRecord.fetchOne(db, key: year) { return record.calendar }
        return ApplicationCalendar(
            year: year,
            leaderApplicationsClose: try Self.endOfDay(year, 4, 16),
            cityListsClose: try Self.endOfDay(year, 4, 28),
            subjectLeaderApplicationsClose: try Self.endOfDay(year, 4, 30)
        )
    }

    /// Applications belong to the programme year whose calendar is open: this year (China time), or a later year
    /// whose calendar the office has set (an early round). Naming another year to dodge a deadline is refused.
    static func checkApplicationYear(_ db: Database, _ year: Int, rule: Rule, now: Date = Date()) throws {
        let current = ChinaCalendar.currentYear(now)
        if year == current { return }
        if year > current, try CalendarRecord.fetchOne(db, key: year) != nil { return }
        throw RPCError.failedPrecondition(
            "applications are made for \(current), the programme year whose calendar is open; \(year)'s is not",
            rule: rule,
            field: "year"
        )
    }

    /// The day's last second in China time. The params' own check keeps years in the programme's range; this one
    /// stands behind it for a year stored before that check existed.
    static func endOfDay(_ year: Int, _ month: Int, _ day: Int) throws(RPCError) -> Date {
        guard Field.programmeYears.contains(year), let date = ChinaCalendar.endOfDay(year: year, month: month, day: day)
        else { throw .invalidArgument("year \(year) is outside the programme's years", field: "year") }
        return date
    }
}

struct LeaderApplicationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "leaderApplication"
    var id: String
    var year: Int
    var level: String
    var applicantID: String
    var applicantName: String
    var city: String
    var kind: String
    var stage: String
    var subject: String
    var phone: String
    var qq: String?
    var status: String
    var eligibility: String
    var createdAt: Date
    var updatedAt: Date

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let year = Column(CodingKeys.year)
        static let level = Column(CodingKeys.level)
        static let applicantID = Column(CodingKeys.applicantID)
        static let applicantName = Column(CodingKeys.applicantName)
        static let city = Column(CodingKeys.city)
        static let kind = Column(CodingKeys.kind)
        static let stage = Column(CodingKeys.stage)
        static let subject = Column(CodingKeys.subject)
        static let phone = Column(CodingKeys.phone)
        static let qq = Column(CodingKeys.qq)
        static let status = Column(CodingKeys.status)
        static let eligibility = Column(CodingKeys.eligibility)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    func application() throws -> LeaderApplication {
        guard let level = StudioLevel(rawValue: self.level), let city = City(rawValue: self.city),
            let kind = StudioKind(rawValue: self.kind), let stage = Stage(rawValue: self.stage),
            let status = LeaderApplication.Status(rawValue: self.status)
        else { throw StoredRowError(table: Self.databaseTableName, id: self.id) }
        return LeaderApplication(
            id: self.id,
            year: self.year,
            level: level,
            applicantID: self.applicantID,
            applicantName: self.applicantName,
            city: city,
            kind: kind,
            stage: stage,
            subject: self.subject,
            phone: self.phone,
            qq: self.qq,
            status: status,
            eligibility: self.eligibility,
            createdAt: self.createdAt,
            updatedAt: self.updatedAt
        )
    }
}

struct SubjectLeaderApplicationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "subjectLeaderApplication"
    var id: String
    var year: Int
    var studioID: String
    var applicantID: String
    var applicantName: String
    var city: String
    var phone: String
    var formSHA256: String
    var formType: String
    var status: String
    var eligibility: String
    var reason: String?
    var createdAt: Date
    var updatedAt: Date

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let year = Column(CodingKeys.year)
        static let studioID = Column(CodingKeys.studioID)
        static let applicantID = Column(CodingKeys.applicantID)
        static let applicantName = Column(CodingKeys.applicantName)
        static let city = Column(CodingKeys.city)
        static let phone = Column(CodingKeys.phone)
        static let formSHA256 = Column(CodingKeys.formSHA256)
        static let formType = Column(CodingKeys.formType)
        static let status = Column(CodingKeys.status)
        static let eligibility = Column(CodingKeys.eligibility)
        static let reason = Column(CodingKeys.reason)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    func application() throws -> SubjectLeaderApplication {
        guard let city = City(rawValue: self.city), let status = SubjectLeaderApplication.Status(rawValue: self.status) else {
            throw StoredRowError(table: Self.databaseTableName, id: self.id)
        }
        return SubjectLeaderApplication(
            id: self.id,
            year: self.year,
            studioID: self.studioID,
            applicantID: self.applicantID,
            applicantName: self.applicantName,
            city: city,
            phone: self.phone,
            formSHA256: self.formSHA256,
            formType: self.formType,
            status: status,
            eligibility: self.eligibility,
            reason: self.reason,
            createdAt: self.createdAt,
            updatedAt: self.updatedAt
        )
    }
}

/// The audit trail: one row per decision.
enum AuditLog {
    static func record(
        _ db: Database,
        application: String,
        action: String,
        actor: String,
        reason: String? = nil,
        at date: Date = Date()
    ) throws {
        try ApplicationEventRecord(applicationID: application, action: action, actor: actor, reason: reason, at: date).insert(db)
    }

    static func trail(_ db: Database, application: String) throws -> [AuditEntry] {
        try ApplicationEventRecord
            .filter(ApplicationEventRecord.Columns.applicationID == application)
            .order(ApplicationEventRecord.Columns.id)
            .fetchAll(db)
            .map(\.entry)
    }
}
