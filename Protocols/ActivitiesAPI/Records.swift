import Foundation
import JSONRPC
import MembershipAPI

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

    public init(id: String, studioID: String, activityID: String, title: String, summary: String, resourceID: String?,
                submittedBy: String, submittedAt: Date, year: Int)
    {
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

    public init(id: String, studioID: String, teacherID: String, kind: Kind, title: String, level: RecordLevel,
                rank: String?, date: String, year: Int, evidence: Evidence, recordedBy: String, recordedAt: Date)
    {
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

    public init(studioID: String, teacherID: String, kind: SubjectLeaderRecord.Kind, title: String, level: RecordLevel,
                rank: String? = nil, date: String, evidence: Evidence)
    {
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
