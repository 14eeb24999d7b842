import Foundation
import JSONRPC
import Programme

/// Params of `activities.scheduleActivity`.
public struct ScheduleActivityRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var title: String
    public var theme: String?
    public var mode: ActivityMode
    public var kind: ActivityKind
    public var place: String?
    public var link: String?
    public var startsAt: Date
    public var endsAt: Date
    /// A subject leader hosting it; defaults to the caller (the leader or a subject leader, R-TASK-1).
    public var hostID: String?
    public var invited: [String]?
    /// The studio's featured project a live stream or course evaluation counts for.
    public var projectID: String?

    public init(
        studioID: String,
        title: String,
        theme: String? = nil,
        mode: ActivityMode,
        kind: ActivityKind,
        place: String? = nil,
        link: String? = nil,
        startsAt: Date,
        endsAt: Date,
        hostID: String? = nil,
        invited: [String]? = nil,
        projectID: String? = nil
    ) {
        self.studioID = studioID
        self.title = title
        self.theme = theme
        self.mode = mode
        self.kind = kind
        self.place = place
        self.link = link
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.hostID = hostID
        self.invited = invited
        self.projectID = projectID
    }

    public func validate() throws(RPCError) {
        try Field.text(self.title, "title", max: 200)
        try Field.optionalText(self.theme, "theme", max: 200)
        try Field.optionalText(self.place, "place", max: 200)
        try Field.optionalText(self.link, "link", max: 500)
        guard self.endsAt > self.startsAt else { throw .invalidArgument("endsAt must be after startsAt", field: "endsAt") }
        guard self.endsAt.timeIntervalSince(self.startsAt) <= 7 * 86_400 else {
            throw .invalidArgument("an activity lasts at most 7 days", field: "endsAt")
        }
        if self.mode != .online, self.place == nil {
            throw .invalidArgument("an offline activity names its place", field: "place")
        }
        if self.mode != .offline, self.link == nil {
            throw .invalidArgument("an online activity gives its meeting or stream link", field: "link")
        }
        guard (self.invited?.count ?? 0) <= 2_000 else { throw .invalidArgument("at most 2000 invited", field: "invited") }
    }
}

public struct ActivityRef: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// Params of `activities.cancelActivity`.
public struct CancelActivityRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var reason: String
    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
    public func validate() throws(RPCError) { try Field.reason(self.reason) }
}

/// Params of `activities.recordAttendance`: teachers (members or outside teachers, by account) who took part.
public struct RecordAttendanceRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var teacherIDs: [String]
    public init(id: String, teacherIDs: [String]) {
        self.id = id
        self.teacherIDs = teacherIDs
    }
    public func validate() throws(RPCError) {
        guard (1...5_000).contains(self.teacherIDs.count) else {
            throw .invalidArgument("1–5000 teacherIDs per call", field: "teacherIDs")
        }
        for (index, id) in self.teacherIDs.enumerated() { try Field.text(id, "teacherIDs[\(index)]", max: 100) }
    }
}

/// Params of `activities.checkIn`: the caller checks themselves in with the code the host shows.
public struct CheckInRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var code: String
    public init(id: String, code: String) {
        self.id = id
        self.code = code
    }
    public func validate() throws(RPCError) { try Field.text(self.code, "code", max: 20) }
}

/// Params of `activities.listActivities`.
public struct ListActivitiesRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String?
    public var year: Int?
    public var kind: ActivityKind?
    public var status: ActivityStatus?
    /// 1–200, default 50.
    public var pageSize: Int?
    public var pageToken: String?

    public init(
        studioID: String? = nil,
        year: Int? = nil,
        kind: ActivityKind? = nil,
        status: ActivityStatus? = nil,
        pageSize: Int? = nil,
        pageToken: String? = nil
    ) {
        self.studioID = studioID
        self.year = year
        self.kind = kind
        self.status = status
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) {
        try Field.optionalYear(self.year)
        try Field.pageSize(self.pageSize, max: 200)
    }
}
