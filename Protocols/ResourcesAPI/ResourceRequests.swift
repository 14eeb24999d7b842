import Foundation
import JSONRPC
import Programme

/// Params of `resources.createResource`.
public struct CreateResourceRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var title: String
    public var type: ResourceType
    public var stage: Stage
    public var subject: String
    public var description: String?
    public var tags: [String]?
    public var year: Int
    public var visibility: Visibility
    /// Files uploaded before with `PUT /files/{sha256}`; at least one unless the resource is a themed series.
    public var files: [ResourceFile]?
    /// For a themed series: its theme, items and whether it is the studio's branded series of the year.
    public var series: SeriesParams?
    /// For a research outcome: where it was published or awarded (R-FEAT-4).
    public var outcome: OutcomeRecognition?

    public init(
        studioID: String,
        title: String,
        type: ResourceType,
        stage: Stage,
        subject: String,
        description: String? = nil,
        tags: [String]? = nil,
        year: Int,
        visibility: Visibility,
        files: [ResourceFile]? = nil,
        series: SeriesParams? = nil,
        outcome: OutcomeRecognition? = nil
    ) {
        self.studioID = studioID
        self.title = title
        self.type = type
        self.stage = stage
        self.subject = subject
        self.description = description
        self.tags = tags
        self.year = year
        self.visibility = visibility
        self.files = files
        self.series = series
        self.outcome = outcome
    }

    public func validate() throws(RPCError) {
        try Field.text(self.title, "title", max: 200)
        try Field.text(self.subject, "subject", max: 50)
        if let description = self.description, description.count > 5000 {
            throw .invalidArgument("description must be at most 5000 characters", field: "description")
        }
        try ResourceFields.tags(self.tags)
        try ResourceFields.year(self.year)
        try ResourceFields.files(self.files)
        switch self.type {
        case .themedSeries:
            guard let series = self.series else {
                throw .invalidArgument("a themed series needs series (theme, items)", field: "series", rule: .task4)
            }
            try series.validate()
        default:
            guard self.series == nil else {
                throw .invalidArgument("only a themed series has series", field: "series")
            }
            guard let files = self.files, !files.isEmpty else {
                throw .invalidArgument("a \(self.type.rawValue) needs at least one file", field: "files")
            }
        }
        if self.type == .researchOutcome {
            guard let outcome = self.outcome else {
                throw .invalidArgument(
                    "a research outcome names where it was published or awarded",
                    field: "outcome",
                    rule: .feat4
                )
            }
            try outcome.validate()
        } else if self.outcome != nil {
            throw .invalidArgument("only a research outcome has outcome", field: "outcome")
        }
    }
}

/// A themed series' theme, items and brand flag.
public struct SeriesParams: Codable, Sendable, Equatable, Validatable {
    public var theme: String
    public var items: [String]
    public var branded: Bool

    public init(theme: String, items: [String], branded: Bool) {
        self.theme = theme
        self.items = items
        self.branded = branded
    }

    public func validate() throws(RPCError) {
        try Field.text(self.theme, "series.theme", max: 200)
        guard self.items.count <= 200 else { throw .invalidArgument("at most 200 items", field: "series.items") }
        guard Set(self.items).count == self.items.count else {
            throw .invalidArgument("an item appears twice", field: "series.items")
        }
    }
}

/// Params of `resources.updateResource`: the fields to change; absent ones stay.
public struct UpdateResourceRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var title: String?
    public var description: String?
    public var tags: [String]?
    public var visibility: Visibility?
    public var files: [ResourceFile]?
    /// For a themed series: the items in their new order.
    public var seriesItems: [String]?

    public init(
        id: String,
        title: String? = nil,
        description: String? = nil,
        tags: [String]? = nil,
        visibility: Visibility? = nil,
        files: [ResourceFile]? = nil,
        seriesItems: [String]? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.tags = tags
        self.visibility = visibility
        self.files = files
        self.seriesItems = seriesItems
    }

    public func validate() throws(RPCError) {
        try Field.optionalText(self.title, "title", max: 200)
        if let description = self.description, description.count > 5000 {
            throw .invalidArgument("description must be at most 5000 characters", field: "description")
        }
        try ResourceFields.tags(self.tags)
        try ResourceFields.files(self.files)
        if let files = self.files, files.isEmpty { throw .invalidArgument("files cannot be emptied", field: "files") }
        if let items = self.seriesItems {
            guard items.count <= 200 else { throw .invalidArgument("at most 200 items", field: "seriesItems") }
            guard Set(items).count == items.count else { throw .invalidArgument("an item appears twice", field: "seriesItems") }
        }
    }
}

public struct ResourceRef: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// Params of premium marking and withdrawal (R-TASK-5), and of the micro-course entry (R-TASK-4).
public struct ResourceYearDecision: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var year: Int
    public var reason: String

    public init(id: String, year: Int, reason: String) {
        self.id = id
        self.year = year
        self.reason = reason
    }

    public func validate() throws(RPCError) {
        try ResourceFields.year(self.year)
        try Field.reason(self.reason)
    }
}

/// Params of `resources.enterMicroCourse`.
public struct EnterMicroCourseRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var year: Int
    public init(id: String, year: Int) {
        self.id = id
        self.year = year
    }
    public func validate() throws(RPCError) { try ResourceFields.year(self.year) }
}

/// Params of `resources.decideMicroCourse`: the province office records the collection's outcome.
public struct DecideMicroCourseRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var selected: Bool
    public var reason: String?
    public init(id: String, selected: Bool, reason: String? = nil) {
        self.id = id
        self.selected = selected
        self.reason = reason
    }
    public func validate() throws(RPCError) { try Field.optionalText(self.reason, "reason", max: 500) }
}

/// Params of `resources.decideResearchOutcome`: the workstation approves or rejects (R-FEAT-4).
public typealias DecideOutcomeRequest = ApprovalDecision

/// Params of `resources.searchResources`: every filter is optional; results newest first.
public struct SearchResourcesRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String?
    public var type: ResourceType?
    public var stage: Stage?
    public var subject: String?
    public var tag: String?
    /// Only resources marked premium (in `year` if given, in any year otherwise).
    public var premium: Bool?
    public var year: Int?
    /// Words of the title, description or tags; Chinese works (trigram index; 1–2 characters scan).
    public var text: String?
    /// 1–100, default 20.
    public var pageSize: Int?
    public var pageToken: String?

    public init(
        studioID: String? = nil,
        type: ResourceType? = nil,
        stage: Stage? = nil,
        subject: String? = nil,
        tag: String? = nil,
        premium: Bool? = nil,
        year: Int? = nil,
        text: String? = nil,
        pageSize: Int? = nil,
        pageToken: String? = nil
    ) {
        self.studioID = studioID
        self.type = type
        self.stage = stage
        self.subject = subject
        self.tag = tag
        self.premium = premium
        self.year = year
        self.text = text
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) {
        try Field.pageSize(self.pageSize, max: 100)
        try Field.optionalText(self.text, "text", max: 100)
        if let year = self.year { try ResourceFields.year(year) }
    }
}

public struct ResourcePage: Codable, Sendable, Equatable {
    public var resources: [Resource]
    public var nextPageToken: String?
    public init(resources: [Resource], nextPageToken: String?) {
        self.resources = resources
        self.nextPageToken = nextPageToken
    }
}

/// Checks shared by the resources params.
enum ResourceFields {
    static func year(_ year: Int) throws(RPCError) {
        guard (2019...2100).contains(year) else { throw .invalidArgument("year must be 2019–2100", field: "year") }
    }

    static func tags(_ tags: [String]?) throws(RPCError) {
        guard let tags else { return }
        guard tags.count <= 20 else { throw .invalidArgument("at most 20 tags", field: "tags") }
        for (index, tag) in tags.enumerated() { try Field.text(tag, "tags[\(index)]", max: 30) }
    }

    static func files(_ files: [ResourceFile]?) throws(RPCError) {
        guard let files else { return }
        guard files.count <= 50 else { throw .invalidArgument("at most 50 files", field: "files") }
        for (index, file) in files.enumerated() {
            guard StoredFileName.isSHA256(file.sha256) else {
                throw .invalidArgument("files[\(index)].sha256 must be 64 lowercase hex digits", field: "files[\(index)].sha256")
            }
            try Field.text(file.fileName, "files[\(index)].fileName", max: 200)
        }
    }
}

/// How stored files are named.
public enum StoredFileName {
    /// Whether `text` is a SHA-256 in lowercase hex.
    public static func isSHA256(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Params of `resources.importResources`: many resources in one all-or-nothing call, with the decisions they already
/// carry (for migrating a previous platform's records and for loading demonstration data and benchmarks).
public struct ImportResourcesRequest: Codable, Sendable, Equatable, Validatable {
    public var entries: [ImportedResource]

    public init(entries: [ImportedResource]) { self.entries = entries }

    public func validate() throws(RPCError) {
        guard (1...10_000).contains(self.entries.count) else {
            throw .invalidArgument("1–10000 entries per call", field: "entries")
        }
        for (index, entry) in self.entries.enumerated() {
            do { try entry.validate() } catch {
                throw RPCError.invalidArgument("entries[\(index)]: \(error.message)", rule: error.rule).within(
                    error.field.map { "entries[\(index)].\($0)" } ?? "entries[\(index)]"
                )
            }
        }
    }
}

/// One imported resource: its content as `createResource` takes it, its author, and its recorded decisions.
public struct ImportedResource: Codable, Sendable, Equatable, Validatable {
    /// A stable id in the source system: the resource's id becomes `rs-import-<externalID>`, so a rerun adds nothing.
    public var externalID: String
    public var authorID: String
    public var resource: CreateResourceRequest
    public var createdAt: Date?
    public var premiumYears: [Int]?
    /// Entered in this year's micro-course collection, and whether it was selected (nil: pending).
    public var microCourseYear: Int?
    public var microCourseSelected: Bool?
    public var outcomeApproved: Bool?
    public var seriesCompleted: Bool?

    public init(
        externalID: String,
        authorID: String,
        resource: CreateResourceRequest,
        createdAt: Date? = nil,
        premiumYears: [Int]? = nil,
        microCourseYear: Int? = nil,
        microCourseSelected: Bool? = nil,
        outcomeApproved: Bool? = nil,
        seriesCompleted: Bool? = nil
    ) {
        self.externalID = externalID
        self.authorID = authorID
        self.resource = resource
        self.createdAt = createdAt
        self.premiumYears = premiumYears
        self.microCourseYear = microCourseYear
        self.microCourseSelected = microCourseSelected
        self.outcomeApproved = outcomeApproved
        self.seriesCompleted = seriesCompleted
    }

    public func validate() throws(RPCError) {
        try Field.text(self.externalID, "externalID", max: 100)
        try Field.text(self.authorID, "authorID", max: 100)
        do { try self.resource.validate() } catch { throw error.within("resource") }
        for year in self.premiumYears ?? [] { try ResourceFields.year(year) }
        if let year = self.microCourseYear {
            try ResourceFields.year(year)
            guard self.resource.type == .microCourse else {
                throw .invalidArgument(
                    "only a micro-course is entered in the collection",
                    field: "microCourseYear",
                    rule: .task4
                )
            }
        }
        if self.outcomeApproved != nil, self.resource.type != .researchOutcome {
            throw .invalidArgument("only a research outcome is approved", field: "outcomeApproved", rule: .feat4)
        }
        if self.seriesCompleted == true, self.resource.type != .themedSeries {
            throw .invalidArgument("only a themed series is completed", field: "seriesCompleted", rule: .task4)
        }
    }
}

public struct ImportResourcesResult: Codable, Sendable, Equatable {
    public var imported: Int
    /// Entries whose `externalID` was imported before.
    public var unchanged: Int
    public init(imported: Int, unchanged: Int) {
        self.imported = imported
        self.unchanged = unchanged
    }
}

/// Params of `resources.listOutcomesToDecide`.
public struct OutcomeQueueRequest: Codable, Sendable, Equatable, Validatable {
    /// 1–200, default 50.
    public var pageSize: Int?
    public var pageToken: String?

    public init(pageSize: Int? = nil, pageToken: String? = nil) {
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) { try Field.pageSize(self.pageSize, max: 200) }
}
