import Foundation
import JSONRPC

/// Methods of the activities service: research activities, attendance, notices, featured projects. Codes 4000–4999.
public enum Activities {
    /// Plans a research activity of a studio (R-TASK-6). Caller: a teacher (its leader or a subject leader); the
    /// studio must exist (asked of membership).
    /// - Errors: `NOT_FOUND` (studio), `INVALID_ARGUMENT` naming the field.
    public static let scheduleActivity = RPCMethod<ScheduleActivityRequest, Activity>(
        "activities.scheduleActivity", summary: "Plans a research activity of a studio (R-TASK-6).",
        access: .only(.teacher), mutates: true)

    /// One activity by id. Caller: any signed-in account.
    public static let getActivity = RPCMethod<GetActivityRequest, Activity>(
        "activities.getActivity", summary: "One activity by id.", access: .signedIn)

    public static let all: [RPCMethodDescriptor] = [scheduleActivity.descriptor, getActivity.descriptor]
}

/// Online, offline or both (R-TASK-6).
public enum ActivityMode: String, Codable, Sendable, CaseIterable { case online, offline, both }

/// Ordinary research activity, send-teaching (R-TASK-10), live stream (R-FEAT-2), course evaluation (R-FEAT-3).
public enum ActivityKind: String, Codable, Sendable, CaseIterable { case research, sendTeaching, liveStream, courseEvaluation }

public enum ActivityStatus: String, Codable, Sendable, CaseIterable { case planned, noticePublished, held, closed, cancelled }

public struct Activity: Codable, Sendable, Equatable {
    public var id: String
    public var studioID: String
    public var title: String
    public var mode: ActivityMode
    public var kind: ActivityKind
    public var startsAt: Date
    public var endsAt: Date
    public var hostID: String
    public var status: ActivityStatus

    public init(id: String, studioID: String, title: String, mode: ActivityMode, kind: ActivityKind, startsAt: Date,
                endsAt: Date, hostID: String, status: ActivityStatus)
    {
        self.id = id
        self.studioID = studioID
        self.title = title
        self.mode = mode
        self.kind = kind
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.hostID = hostID
        self.status = status
    }
}

public struct ScheduleActivityRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var title: String
    public var mode: ActivityMode
    public var kind: ActivityKind
    public var startsAt: Date
    public var endsAt: Date

    public init(studioID: String, title: String, mode: ActivityMode, kind: ActivityKind, startsAt: Date, endsAt: Date) {
        self.studioID = studioID
        self.title = title
        self.mode = mode
        self.kind = kind
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    public func validate() throws(RPCError) {
        guard !self.title.trimmingCharacters(in: .whitespaces).isEmpty, self.title.count <= 200 else {
            throw .invalidArgument("title must be 1–200 characters", field: "title")
        }
        guard self.endsAt > self.startsAt else { throw .invalidArgument("endsAt must be after startsAt", field: "endsAt") }
    }
}

public struct GetActivityRequest: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}
