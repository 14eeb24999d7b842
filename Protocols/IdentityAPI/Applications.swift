import Foundation
import JSONRPC
import Programme

/// A year's closing dates (R-APP-3, R-APP-7), set by the province office, which can extend them.
public struct ApplicationCalendar: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    /// Leader applications close (16 April by default).
    public var leaderApplicationsClose: Date
    /// City recommendation lists (Attachment 2) are due (28 April by default).
    public var cityListsClose: Date
    /// Subject-leader applications close (30 April by default).
    public var subjectLeaderApplicationsClose: Date

    public init(year: Int, leaderApplicationsClose: Date, cityListsClose: Date, subjectLeaderApplicationsClose: Date) {
        self.year = year
        self.leaderApplicationsClose = leaderApplicationsClose
        self.cityListsClose = cityListsClose
        self.subjectLeaderApplicationsClose = subjectLeaderApplicationsClose
    }

    /// The year is a programme year (the office may extend any date, in any order: R-APP-3).
    public func validate() throws(RPCError) { try Field.year(self.year) }
}

/// Params of `identity.getCalendar`.
public struct YearRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public init(year: Int) { self.year = year }
    public func validate() throws(RPCError) { try Field.year(self.year) }
}

/// A studio-leader application (申报), provincial (R-APP-1…R-APP-3) or city/county (R-APP-4).
public struct LeaderApplication: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Submitted by the teacher, awaiting the city.
        case submitted
        /// Recommended by the city, awaiting the province office.
        case recommended
        /// Returned by the city with a reason; the teacher may apply again before the deadline.
        case returned
        case shortlisted
        case rejected
    }

    public var id: String
    public var year: Int
    public var level: StudioLevel
    public var applicantID: String
    public var applicantName: String
    public var city: City
    public var kind: StudioKind
    public var stage: Stage
    public var subject: String
    public var phone: String
    public var qq: String?
    public var status: Status
    /// Why the applicant is eligible (the rule and what satisfied it), or "previous round" for automatic shortlisting.
    public var eligibility: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String,
        year: Int,
        level: StudioLevel,
        applicantID: String,
        applicantName: String,
        city: City,
        kind: StudioKind,
        stage: Stage,
        subject: String,
        phone: String,
        qq: String?,
        status: Status,
        eligibility: String,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.year = year
        self.level = level
        self.applicantID = applicantID
        self.applicantName = applicantName
        self.city = city
        self.kind = kind
        self.stage = stage
        self.subject = subject
        self.phone = phone
        self.qq = qq
        self.status = status
        self.eligibility = eligibility
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Params of `identity.applyAsLeader`: the caller applies with their own mirrored account.
public struct ApplyAsLeaderRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var level: StudioLevel
    public var kind: StudioKind
    public var stage: Stage
    public var subject: String
    public var phone: String
    public var qq: String?

    public init(
        year: Int,
        level: StudioLevel = .province,
        kind: StudioKind,
        stage: Stage,
        subject: String,
        phone: String,
        qq: String? = nil
    ) {
        self.year = year
        self.level = level
        self.kind = kind
        self.stage = stage
        self.subject = subject
        self.phone = phone
        self.qq = qq
    }

    public func validate() throws(RPCError) {
        try Field.year(self.year)
        guard !self.subject.trimmingCharacters(in: .whitespaces).isEmpty, self.subject.count <= 50 else {
            throw .invalidArgument("subject must be 1–50 characters", field: "subject")
        }
        guard self.phone.count >= 5, self.phone.count <= 20, self.phone.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }) else {
            throw .invalidArgument("phone must be 5–20 digits", field: "phone")
        }
    }
}

/// Params of `identity.decideLeaderApplication`: the city recommends or returns (R-APP-2, until the city-list
/// date); the province office shortlists or rejects.
public struct DecideLeaderApplicationRequest: Codable, Sendable, Equatable, Validatable {
    public enum Decision: String, Codable, Sendable, CaseIterable { case recommend, `return`, shortlist, reject }
    public var id: String
    public var decision: Decision
    /// Required to return or reject.
    public var reason: String?

    public init(id: String, decision: Decision, reason: String? = nil) {
        self.id = id
        self.decision = decision
        self.reason = reason
    }

    public func validate() throws(RPCError) {
        if self.decision == .return || self.decision == .reject,
            (self.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        {
            throw .invalidArgument("a reason is required to \(self.decision.rawValue) an application", field: "reason")
        }
    }
}

/// Params of `identity.listLeaderApplications`.
public struct ListApplicationsRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var city: City?
    public init(year: Int, city: City? = nil) {
        self.year = year
        self.city = city
    }
    public func validate() throws(RPCError) { try Field.year(self.year) }
}

/// The result of `identity.listLeaderApplications`.
public struct LeaderApplicationList: Codable, Sendable, Equatable {
    public var applications: [LeaderApplication]
    public init(applications: [LeaderApplication]) { self.applications = applications }
}

/// Params of `identity.importPreviousRoundPasses`: leaders of provincial studios that passed the previous round's
/// assessment, shortlisted for `year` without applying (R-APP-2).
public struct PreviousRoundPassesRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var leaderIDs: [String]
    public func validate() throws(RPCError) {
        try Field.year(self.year)
        guard self.leaderIDs.count <= 1000 else {
            throw .invalidArgument("leaderIDs may name at most 1000 leaders", field: "leaderIDs")
        }
        for (index, id) in self.leaderIDs.enumerated() { try Field.text(id, "leaderIDs[\(index)]", max: 64) }
    }
    public init(year: Int, leaderIDs: [String]) {
        self.year = year
        self.leaderIDs = leaderIDs
    }
}

/// A city's (or county's) own eligibility rule for city/county studio leaders (R-APP-4).
public struct LocalLeaderRule: Codable, Sendable, Equatable {
    public var city: City
    public var level: StudioLevel
    public var minimumTitle: TitleGrade
    /// Whether a city-level honour (or higher) is required.
    public var requiresCityHonour: Bool
    /// What the bureau asks of its studios' subject leaders, checked by membership when a leader adds one; absent:
    /// the studio's leader appoints any teacher with an account.
    public var subjectLeaders: LocalRequirement?

    public init(
        city: City,
        level: StudioLevel,
        minimumTitle: TitleGrade,
        requiresCityHonour: Bool,
        subjectLeaders: LocalRequirement? = nil
    ) {
        self.city = city
        self.level = level
        self.minimumTitle = minimumTitle
        self.requiresCityHonour = requiresCityHonour
        self.subjectLeaders = subjectLeaders
    }
}

/// A minimum title and, optionally, a city-level honour (or higher): a bureau's requirement (R-APP-4).
public struct LocalRequirement: Codable, Sendable, Equatable {
    public var minimumTitle: TitleGrade
    public var requiresCityHonour: Bool

    public init(minimumTitle: TitleGrade, requiresCityHonour: Bool) {
        self.minimumTitle = minimumTitle
        self.requiresCityHonour = requiresCityHonour
    }

    /// What `account` lacks of the requirement, in words; nil when it meets it.
    public func shortfall(of account: Account, city: City) -> String? {
        if account.title < self.minimumTitle {
            return
                "\(city.chineseName) asks for a title of \(self.minimumTitle.rawValue) or above, and \(account.name) (\(account.id)) holds \(account.title.rawValue)"
        }
        if self.requiresCityHonour, !account.hasCityHonourOrAbove {
            return "\(city.chineseName) asks for a city-level honour or above, and \(account.name) (\(account.id)) has none on record"
        }
        return nil
    }
}

/// Params of `identity.getLocalLeaderRule`.
public struct LocalLeaderRuleRequest: Codable, Sendable, Equatable {
    public var city: City
    public var level: StudioLevel
    public init(city: City, level: StudioLevel) {
        self.city = city
        self.level = level
    }
}

/// The result of `identity.getLocalLeaderRule`: the city's rule for the level, if its bureau set one.
public struct LocalLeaderRuleAnswer: Codable, Sendable, Equatable {
    public var rule: LocalLeaderRule?
    public init(rule: LocalLeaderRule?) { self.rule = rule }
}

/// A subject-leader application (R-APP-5…R-APP-7), reviewed by the studio's leader.
public struct SubjectLeaderApplication: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable { case submitted, approved, declined }
    public var id: String
    public var year: Int
    public var studioID: String
    public var applicantID: String
    public var applicantName: String
    public var city: City
    public var phone: String
    /// The scanned stamped form: its SHA-256 and media type.
    public var formSHA256: String
    public var formType: String
    public var status: Status
    public var eligibility: String
    public var reason: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String,
        year: Int,
        studioID: String,
        applicantID: String,
        applicantName: String,
        city: City,
        phone: String,
        formSHA256: String,
        formType: String,
        status: Status,
        eligibility: String,
        reason: String?,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.year = year
        self.studioID = studioID
        self.applicantID = applicantID
        self.applicantName = applicantName
        self.city = city
        self.phone = phone
        self.formSHA256 = formSHA256
        self.formType = formType
        self.status = status
        self.eligibility = eligibility
        self.reason = reason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Params of `identity.applyAsSubjectLeader`. The stamped form (JPEG, PNG or PDF, ≤ 5 MiB) is uploaded first with
/// `PUT /forms/{sha256}` and named here by `formSHA256`; a small scan may instead travel inline as `formBase64`
/// (within the 1 MiB a JSON-RPC body may have). Exactly one of the two.
public struct ApplyAsSubjectLeaderRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var studioID: String
    public var phone: String
    public var formSHA256: String?
    public var formBase64: String?

    public init(year: Int, studioID: String, phone: String, formSHA256: String) {
        self.year = year
        self.studioID = studioID
        self.phone = phone
        self.formSHA256 = formSHA256
    }

    public init(year: Int, studioID: String, phone: String, formBase64: String) {
        self.year = year
        self.studioID = studioID
        self.phone = phone
        self.formBase64 = formBase64
    }

    public func validate() throws(RPCError) {
        try Field.year(self.year)
        try Field.text(self.studioID, "studioID", max: 64)
        guard (self.formSHA256 == nil) != (self.formBase64 == nil) else {
            throw .invalidArgument(
                "the form is named by formSHA256 (uploaded to /forms/) or sent as formBase64, one of them",
                field: "formSHA256"
            )
        }
        if let sha256 = self.formSHA256 { try Field.sha256(sha256, "formSHA256") }
    }
}

/// Params of `identity.reviewSubjectLeaderApplication`.
public struct ReviewSubjectLeaderRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var approve: Bool
    public var reason: String?

    public init(id: String, approve: Bool, reason: String? = nil) {
        self.id = id
        self.approve = approve
        self.reason = reason
    }

    public func validate() throws(RPCError) {
        if !self.approve, (self.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidArgument("a reason is required to decline", field: "reason")
        }
    }
}

/// Params of `identity.listSubjectLeaderApplications`: by studio (its leader) or by city (admins).
public struct ListSubjectLeaderApplicationsRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var studioID: String?
    public var city: City?
    public init(year: Int, studioID: String? = nil, city: City? = nil) {
        self.year = year
        self.studioID = studioID
        self.city = city
    }
    public func validate() throws(RPCError) { try Field.year(self.year) }
}

/// The result of `identity.listSubjectLeaderApplications`.
public struct SubjectLeaderApplicationList: Codable, Sendable, Equatable {
    public var applications: [SubjectLeaderApplication]
    public init(applications: [SubjectLeaderApplication]) { self.applications = applications }
}

/// Params of `identity.getApplicationForm`.
public struct ApplicationRef: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// A stored form, for the reviewer.
public struct ApplicationForm: Codable, Sendable, Equatable {
    public var sha256: String
    public var contentType: String
    public var base64: String
    public init(sha256: String, contentType: String, base64: String) {
        self.sha256 = sha256
        self.contentType = contentType
        self.base64 = base64
    }
}

/// One decision on an application: who, when, what, why.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var action: String
    public var actor: String
    public var reason: String?
    public var at: Date
    public init(action: String, actor: String, reason: String?, at: Date) {
        self.action = action
        self.actor = actor
        self.reason = reason
        self.at = at
    }
}

/// The result of `identity.getApplicationHistory`, oldest first.
public struct AuditTrail: Codable, Sendable, Equatable {
    public var entries: [AuditEntry]
    public init(entries: [AuditEntry]) { self.entries = entries }
}

/// Params of `identity.exportAttachment2`, `identity.exportAttachment3` and `identity.cityBalance`.
public struct CityYearRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    public var city: City
    public func validate() throws(RPCError) { try Field.year(self.year) }
    public init(year: Int, city: City) {
        self.year = year
        self.city = city
    }
}

/// R-APP-9: a city's recommended provincial leaders by education stage and by the favoured subjects.
public struct CityBalance: Codable, Sendable, Equatable {
    public var city: City
    public var year: Int
    public var byStage: [String: Int]
    /// English, moral education (class teachers), PE, music, IT, general technology, integrated practice.
    public var favouredSubjects: [String: Int]
    public var vocational: Int
    public var total: Int
    public init(city: City, year: Int, byStage: [String: Int], favouredSubjects: [String: Int], vocational: Int, total: Int) {
        self.city = city
        self.year = year
        self.byStage = byStage
        self.favouredSubjects = favouredSubjects
        self.vocational = vocational
        self.total = total
    }
}
