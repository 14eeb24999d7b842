import Foundation
import JSONRPC
import Programme

/// An activity case (研修活动案例, R-TASK-7): a write-up of a held activity, submitted by the studio.
public struct ActivityCase: Codable, Sendable, Equatable {
    public var id: String
    public var studioID: String
    public var activityID: String
    public var title: String
    public var summary: String
    /// A resource holding the full write-up, if any.
    public var resourceID: String?
    public var submittedBy: String
    public var submittedAt: Date
    public var year: Int

    public init(
        id: String,
        studioID: String,
        activityID: String,
        title: String,
        summary: String,
        resourceID: String?,
        submittedBy: String,
        submittedAt: Date,
        year: Int
    ) {
        self.id = id
        self.studioID = studioID
        self.activityID = activityID
        self.title = title
        self.summary = summary
        self.resourceID = resourceID
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.year = year
    }
}

public struct SubmitCaseRequest: Codable, Sendable, Equatable, Validatable {
    public var activityID: String
    public var title: String
    public var summary: String
    public var resourceID: String?
    public init(activityID: String, title: String, summary: String, resourceID: String? = nil) {
        self.activityID = activityID
        self.title = title
        self.summary = summary
        self.resourceID = resourceID
    }
    public func validate() throws(RPCError) {
        try Field.text(self.title, "title", max: 200)
        try Field.text(self.summary, "summary", max: 5_000)
    }
}

/// The level of a demonstration, lecture or award (R-TASK-2, R-TASK-3).
public enum RecordLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case school, county, city, province, national
    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// What backs a record: a resource of the platform, or a file uploaded to resources (`PUT /files/{sha256}`).
public struct Evidence: Codable, Sendable, Equatable {
    public var resourceID: String?
    public var sha256: String?
    public init(resourceID: String? = nil, sha256: String? = nil) {
        self.resourceID = resourceID
        self.sha256 = sha256
    }
}

/// A subject leader's teaching demonstration or lecture (R-TASK-2), or award (R-TASK-3).
public struct SubjectLeaderRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case lecture, award }
    public var id: String
    public var studioID: String
    public var teacherID: String
    public var kind: Kind
    /// The lecture's title, or the competition's name.
    public var title: String
    public var level: RecordLevel
    /// For an award: the rank or prize (一等奖…).
    public var rank: String?
    /// `YYYY-MM-DD`.
    public var date: String
    public var year: Int
    public var evidence: Evidence
    public var recordedBy: String
    public var recordedAt: Date
    /// What the studio says of itself counts once someone outside it accepted it: the studio's workstation (the
    /// province office for a provincial studio without one), the city admin for a city studio, the county admin for
    /// a county studio. Only accepted records count for R-TASK-2 and R-TASK-3.
    public var review: RecordReview

    public init(
        id: String,
        studioID: String,
        teacherID: String,
        kind: Kind,
        title: String,
        level: RecordLevel,
        rank: String?,
        date: String,
        year: Int,
        evidence: Evidence,
        recordedBy: String,
        recordedAt: Date,
        review: RecordReview = RecordReview()
    ) {
        self.review = review
        self.id = id
        self.studioID = studioID
        self.teacherID = teacherID
        self.kind = kind
        self.title = title
        self.level = level
        self.rank = rank
        self.date = date
        self.year = year
        self.evidence = evidence
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// Params of `activities.recordSubjectLeaderRecord`: by the subject leader or the studio's leader.
public struct RecordSubjectLeaderRecordRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var teacherID: String
    public var kind: SubjectLeaderRecord.Kind
    public var title: String
    public var level: RecordLevel
    public var rank: String?
    public var date: String
    public var evidence: Evidence

    public init(
        studioID: String,
        teacherID: String,
        kind: SubjectLeaderRecord.Kind,
        title: String,
        level: RecordLevel,
        rank: String? = nil,
        date: String,
        evidence: Evidence
    ) {
        self.studioID = studioID
        self.teacherID = teacherID
        self.kind = kind
        self.title = title
        self.level = level
        self.rank = rank
        self.date = date
        self.evidence = evidence
    }

    public func validate() throws(RPCError) {
        try Field.text(self.title, "title", max: 200)
        try Field.day(self.date, "date")
        try Field.optionalText(self.rank, "rank", max: 50)
        if self.kind == .award, self.rank == nil { throw .invalidArgument("an award names its rank or prize", field: "rank") }
        if let sha256 = self.evidence.sha256 { try Field.sha256(sha256, "evidence.sha256") }
        guard (self.evidence.resourceID == nil) != (self.evidence.sha256 == nil) else {
            throw .invalidArgument("evidence is a resourceID or an uploaded file's sha256, one of them", field: "evidence")
        }
    }
}

public struct ListRecordsRequest: Codable, Sendable, Equatable, Validatable {
    public func validate() throws(RPCError) { try Field.optionalYear(self.year) }
    public var studioID: String
    public var year: Int?
    public init(studioID: String, year: Int? = nil) {
        self.studioID = studioID
        self.year = year
    }
}

public struct StudioRecords: Codable, Sendable, Equatable {
    public var cases: [ActivityCase]
    public var subjectLeaderRecords: [SubjectLeaderRecord]
    public init(cases: [ActivityCase], subjectLeaderRecords: [SubjectLeaderRecord]) {
        self.cases = cases
        self.subjectLeaderRecords = subjectLeaderRecords
    }
}

/// The outside review of what a studio recorded about itself.
public struct RecordReview: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable { case pending, accepted, refused }
    public var status: Status
    public var decidedBy: String?
    public var decidedAt: Date?
    /// Why it was refused (required then), or a note on acceptance.
    public var reason: String?

    public init(status: Status = .pending, decidedBy: String? = nil, decidedAt: Date? = nil, reason: String? = nil) {
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
    }
}

/// Params of `activities.reviewSubjectLeaderRecord`.
public struct ReviewRecordRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var accept: Bool
    /// Required when refusing.
    public var reason: String?

    public init(id: String, accept: Bool, reason: String? = nil) {
        self.id = id
        self.accept = accept
        self.reason = reason
    }

    public func validate() throws(RPCError) {
        if !self.accept { try Field.reason(self.reason ?? "") }
        try Field.optionalText(self.reason, "reason", max: 500)
    }
}

/// Params of the reviewers' queues (`listRecordsToReview`, `listProjectsToDecide`, `listNoticesToReview`): what
/// waits for the caller's decision, oldest first.
public struct ReviewQueueRequest: Codable, Sendable, Equatable, Validatable {
    /// One studio of the caller's scope; absent: all of them.
    public var studioID: String?
    /// 1–200, default 50.
    public var pageSize: Int?
    public var pageToken: String?

    public init(studioID: String? = nil, pageSize: Int? = nil, pageToken: String? = nil) {
        self.studioID = studioID
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) { try Field.pageSize(self.pageSize, max: 200) }
}

public struct SubjectLeaderRecordPage: Codable, Sendable, Equatable {
    public var records: [SubjectLeaderRecord]
    public var nextPageToken: String?
    public init(records: [SubjectLeaderRecord], nextPageToken: String?) {
        self.records = records
        self.nextPageToken = nextPageToken
    }
}

public struct FeaturedProjectPage: Codable, Sendable, Equatable {
    public var projects: [FeaturedProject]
    public var nextPageToken: String?
    public init(projects: [FeaturedProject], nextPageToken: String?) {
        self.projects = projects
        self.nextPageToken = nextPageToken
    }
}

public struct NoticePage: Codable, Sendable, Equatable {
    public var notices: [Notice]
    public var nextPageToken: String?
    public init(notices: [Notice], nextPageToken: String?) {
        self.notices = notices
        self.nextPageToken = nextPageToken
    }
}
