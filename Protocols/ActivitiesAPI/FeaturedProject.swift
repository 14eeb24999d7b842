import Foundation
import JSONRPC
import Programme

/// A studio's featured project of a year (特色项目, R-FEAT-1).
public struct FeaturedProject: Codable, Sendable, Equatable {
    public enum ProjectType: String, Codable, Sendable, CaseIterable { case liveStreamSeries, courseEvaluation, researchOutcome, other }
    public enum Status: String, Codable, Sendable, CaseIterable { case pending, approved, rejected }
    public var id: String
    public var studioID: String
    public var year: Int
    public var type: ProjectType
    public var theme: String
    public var description: String
    public var status: Status
    public var decidedBy: String?
    public var decidedAt: Date?
    public var note: String?
    /// Filled in when read: what counts towards it so far.
    public var progress: ProjectProgress?

    public init(
        id: String,
        studioID: String,
        year: Int,
        type: ProjectType,
        theme: String,
        description: String,
        status: Status,
        decidedBy: String? = nil,
        decidedAt: Date? = nil,
        note: String? = nil,
        progress: ProjectProgress? = nil
    ) {
        self.id = id
        self.studioID = studioID
        self.year = year
        self.type = type
        self.theme = theme
        self.description = description
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
        self.progress = progress
    }

    /// Who approves it: the studio's workstation, except "other", which the province office approves (R-FEAT-1).
    public var approvedByOffice: Bool { self.type == .other }
}

/// Progress of a featured project: live streams held (R-FEAT-2) or course evaluations held (R-FEAT-3), each needing
/// 4, or approved research outcomes (R-FEAT-4, asked of resources), needing 1.
public struct ProjectProgress: Codable, Sendable, Equatable {
    public var counted: Int
    public var required: Int
    public var complete: Bool { self.counted >= self.required }
    public init(counted: Int, required: Int) {
        self.counted = counted
        self.required = required
    }
}

public struct ApplyFeaturedProjectRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var year: Int
    public var type: FeaturedProject.ProjectType
    public var theme: String
    public var description: String

    public init(studioID: String, year: Int, type: FeaturedProject.ProjectType, theme: String, description: String) {
        self.studioID = studioID
        self.year = year
        self.type = type
        self.theme = theme
        self.description = description
    }

    public func validate() throws(RPCError) {
        guard (2019...2100).contains(self.year) else { throw .invalidArgument("year must be 2019–2100", field: "year") }
        try Field.text(self.theme, "theme", max: 200)
        try Field.text(self.description, "description", max: 5_000)
    }
}

public typealias DecideProjectRequest = ApprovalDecision

/// Params of `activities.getStudioProject`: a studio's featured project of a year (one per studio and year, R-FEAT-1).
public struct StudioProjectRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var year: Int
    public init(studioID: String, year: Int) {
        self.studioID = studioID
        self.year = year
    }
    public func validate() throws(RPCError) {
        try Field.text(self.studioID, "studioID", max: 64)
        guard (2019...2100).contains(self.year) else { throw .invalidArgument("year must be 2019–2100", field: "year") }
    }
}

public struct ProjectRef: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}
