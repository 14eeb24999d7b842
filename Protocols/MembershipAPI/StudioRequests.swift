import Foundation
import JSONRPC
import Programme

/// Params of `membership.listStudios`: every filter is optional and they combine with AND.
public struct ListStudiosRequest: Codable, Sendable, Equatable, Validatable {
    public var city: City?
    public var county: String?
    public var level: StudioLevel?
    public var stage: Stage?
    public var subject: String?
    public var kind: StudioKind?
    public var workstation: String?
    /// Defaults to active studios only; ask for `closed` to see closed ones.
    public var status: StudioStatus?
    /// 1–500, default 50.
    public var pageSize: Int?
    /// The `nextPageToken` of the previous page.
    public var pageToken: String?

    public init(
        city: City? = nil,
        county: String? = nil,
        level: StudioLevel? = nil,
        stage: Stage? = nil,
        subject: String? = nil,
        kind: StudioKind? = nil,
        workstation: String? = nil,
        status: StudioStatus? = nil,
        pageSize: Int? = nil,
        pageToken: String? = nil
    ) {
        self.city = city
        self.county = county
        self.level = level
        self.stage = stage
        self.subject = subject
        self.kind = kind
        self.workstation = workstation
        self.status = status
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) { try Field.pageSize(self.pageSize, max: 500) }
}

/// One page of studios, ordered by id.
public struct StudioPage: Codable, Sendable, Equatable {
    public var studios: [Studio]
    /// How many studios match the filters, over all pages.
    public var totalCount: Int
    /// Absent on the last page.
    public var nextPageToken: String?

    public init(studios: [Studio], totalCount: Int, nextPageToken: String?) {
        self.studios = studios
        self.totalCount = totalCount
        self.nextPageToken = nextPageToken
    }
}

/// Params of `membership.changeLevel`: a promotion or demotion by one level (R-LVL-2).
public struct ChangeLevelRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var level: StudioLevel
    /// Required when the studio becomes a county studio and has no county yet.
    public var county: String?
    public var reason: String

    public init(studioID: String, level: StudioLevel, county: String? = nil, reason: String) {
        self.studioID = studioID
        self.level = level
        self.county = county
        self.reason = reason
    }

    public func validate() throws(RPCError) {
        try Field.reason(self.reason)
        try Field.optionalText(self.county, "county", max: 50)
    }
}

/// Params of `membership.closeStudio` (R-MGT-5, R-LVL-2).
public struct CloseStudioRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var reason: String

    public init(studioID: String, reason: String) {
        self.studioID = studioID
        self.reason = reason
    }

    public func validate() throws(RPCError) { try Field.reason(self.reason) }
}

/// Params of `membership.assignWorkstation` (R-MGT-1).
public struct AssignWorkstationRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var workstation: String

    public init(studioID: String, workstation: String) {
        self.studioID = studioID
        self.workstation = workstation
    }

    public func validate() throws(RPCError) { try Field.text(self.workstation, "workstation", max: 50) }
}

/// Params of `membership.setPairedSchool` (R-COMP-7).
public struct SetPairedSchoolRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var school: PairedSchool

    public init(studioID: String, school: PairedSchool) {
        self.studioID = studioID
        self.school = school
    }

    public func validate() throws(RPCError) { try self.school.validate(as: "school") }
}

/// Params of methods that name one studio.
public struct StudioRef: Codable, Sendable, Equatable {
    public var studioID: String
    public init(studioID: String) { self.studioID = studioID }
}

/// A decision in a studio's life, kept for ever: creation, level changes, closure.
public struct StudioEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case created, promoted, demoted, closed }
    public var kind: Kind
    public var fromLevel: StudioLevel?
    public var toLevel: StudioLevel?
    public var reason: String?
    /// The account that decided.
    public var decidedBy: String
    public var at: Date

    public init(kind: Kind, fromLevel: StudioLevel?, toLevel: StudioLevel?, reason: String?, decidedBy: String, at: Date) {
        self.kind = kind
        self.fromLevel = fromLevel
        self.toLevel = toLevel
        self.reason = reason
        self.decidedBy = decidedBy
        self.at = at
    }
}

/// The result of `membership.getStudioHistory`, oldest first.
public struct StudioHistory: Codable, Sendable, Equatable {
    public var studioID: String
    public var events: [StudioEvent]
    public init(studioID: String, events: [StudioEvent]) {
        self.studioID = studioID
        self.events = events
    }
}
