import Foundation
import JSONRPC
import Programme

/// What kind of resource it is.
public enum ResourceType: String, Codable, Sendable, CaseIterable {
    case document, slideDeck, video, audio, imageSet, lessonDesign, microCourse, themedSeries, researchOutcome
}

/// Who may see a resource and download its files.
public enum Visibility: String, Codable, Sendable, CaseIterable {
    /// The studio's leader and members, its workstation, the admins over it.
    case studioMembers
    /// Every signed-in account.
    case signedIn
    /// Anyone, without an account.
    case `public`
}

/// A file of a resource: uploaded first with `PUT /files/{sha256}`, then named here.
public struct ResourceFile: Codable, Sendable, Equatable {
    /// The file's SHA-256, lowercase hex: its name in the store.
    public var sha256: String
    /// The name to offer on download (e.g. `第一课.pptx`).
    public var fileName: String
    /// Filled in by the service from the stored file.
    public var size: Int64?
    public var mediaType: String?

    public init(sha256: String, fileName: String, size: Int64? = nil, mediaType: String? = nil) {
        self.sha256 = sha256
        self.fileName = fileName
        self.size = size
        self.mediaType = mediaType
    }
}

/// A themed series (专题资源, R-TASK-4): an ordered collection of the studio's resources on one theme.
public struct SeriesInfo: Codable, Sendable, Equatable {
    public var theme: String
    /// The resources in order.
    public var items: [String]
    /// The studio's branded series of the year: one per studio per year counts for R-TASK-4.
    public var branded: Bool
    /// Set when the leader marks it complete.
    public var completedAt: Date?

    public init(theme: String, items: [String], branded: Bool, completedAt: Date? = nil) {
        self.theme = theme
        self.items = items
        self.branded = branded
        self.completedAt = completedAt
    }
}

/// A micro-course's entry in the year's provincial collection (R-TASK-4).
public struct MicroCourseEntry: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable, CaseIterable { case pending, selected, notSelected }
    public var year: Int
    public var enteredAt: Date
    public var outcome: Outcome
    public var decidedBy: String?
    public var decidedAt: Date?

    public init(year: Int, enteredAt: Date, outcome: Outcome, decidedBy: String? = nil, decidedAt: Date? = nil) {
        self.year = year
        self.enteredAt = enteredAt
        self.outcome = outcome
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}

/// Where a research outcome was published or awarded (R-FEAT-4).
public struct OutcomeRecognition: Codable, Sendable, Equatable, Validatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case published, awarded }
    public enum Level: String, Codable, Sendable, CaseIterable { case county, city, province, national }
    public var kind: Kind
    /// The journal, publisher or competition.
    public var venue: String
    public var level: Level
    /// The day of publication or award, `YYYY-MM-DD`.
    public var date: String

    public init(kind: Kind, venue: String, level: Level, date: String) {
        self.kind = kind
        self.venue = venue
        self.level = level
        self.date = date
    }

    public func validate() throws(RPCError) {
        try Field.text(self.venue, "outcome.venue", max: 200)
        try Field.day(self.date, "outcome.date")
    }
}

/// A research outcome's details and the workstation's decision (R-FEAT-4).
public struct ResearchOutcome: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable { case pending, approved, rejected }
    public static let label = "浙江省名师网络工作室项目研究成果"
    public var recognition: OutcomeRecognition
    public var status: Status
    public var decidedBy: String?
    public var decidedAt: Date?
    public var note: String?
    /// "浙江省名师网络工作室项目研究成果" once approved (R-FEAT-4); absent otherwise.
    public var label: String?

    public init(
        recognition: OutcomeRecognition,
        status: Status,
        decidedBy: String? = nil,
        decidedAt: Date? = nil,
        note: String? = nil
    ) {
        self.recognition = recognition
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
        self.label = status == .approved ? Self.label : nil
    }
}

/// A resource of a studio: metadata, files and, by type, its series, micro-course entry or research outcome.
public struct Resource: Codable, Sendable, Equatable {
    public var id: String
    public var studioID: String
    public var title: String
    public var type: ResourceType
    public var stage: Stage
    public var subject: String
    public var description: String
    public var tags: [String]
    public var year: Int
    public var visibility: Visibility
    public var authorID: String
    public var files: [ResourceFile]
    public var series: SeriesInfo?
    public var microCourse: MicroCourseEntry?
    public var outcome: ResearchOutcome?
    /// The years it is currently marked premium in (R-TASK-5).
    public var premiumYears: [Int]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String,
        studioID: String,
        title: String,
        type: ResourceType,
        stage: Stage,
        subject: String,
        description: String,
        tags: [String],
        year: Int,
        visibility: Visibility,
        authorID: String,
        files: [ResourceFile],
        series: SeriesInfo? = nil,
        microCourse: MicroCourseEntry? = nil,
        outcome: ResearchOutcome? = nil,
        premiumYears: [Int] = [],
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.studioID = studioID
        self.title = title
        self.type = type
        self.stage = stage
        self.subject = subject
        self.description = description
        self.tags = tags
        self.year = year
        self.visibility = visibility
        self.authorID = authorID
        self.files = files
        self.series = series
        self.microCourse = microCourse
        self.outcome = outcome
        self.premiumYears = premiumYears
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One entry of a resource's history: premium marks and withdrawals, micro-course and outcome decisions.
public struct ResourceEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case created, updated, premiumMarked, premiumWithdrawn, microCourseEntered, microCourseSelected,
            microCourseNotSelected, outcomeApproved, outcomeRejected, seriesCompleted
    }
    public var kind: Kind
    public var at: Date
    public var by: String
    public var year: Int?
    public var reason: String?

    public init(kind: Kind, at: Date, by: String, year: Int? = nil, reason: String? = nil) {
        self.kind = kind
        self.at = at
        self.by = by
        self.year = year
        self.reason = reason
    }
}

public struct ResourceHistory: Codable, Sendable, Equatable {
    public var resourceID: String
    public var events: [ResourceEvent]
    public init(resourceID: String, events: [ResourceEvent]) {
        self.resourceID = resourceID
        self.events = events
    }
}

/// What `PUT /files/{sha256}` answers: the stored file.
public struct StoredFile: Codable, Sendable, Equatable {
    public var sha256: String
    public var size: Int64
    public var mediaType: String
    /// False when the same content was stored before (kept once).
    public var created: Bool
    public init(sha256: String, size: Int64, mediaType: String, created: Bool) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.created = created
    }
}
