import Foundation
import JSONRPC

/// Online, offline or both (R-TASK-6).
public enum ActivityMode: String, Codable, Sendable, CaseIterable { case online, offline, both }

/// An ordinary research activity, send-teaching to the paired rural school (R-TASK-10), a live stream (R-FEAT-2),
/// a course evaluation (R-FEAT-3).
public enum ActivityKind: String, Codable, Sendable, CaseIterable { case research, sendTeaching, liveStream, courseEvaluation }

/// planned → noticePublished → held → closed (records closed), or cancelled with a reason.
public enum ActivityStatus: String, Codable, Sendable, CaseIterable { case planned, noticePublished, held, closed, cancelled }

/// A research activity of a studio (研修活动).
public struct Activity: Codable, Sendable, Equatable {
    public var id: String
    public var studioID: String
    public var title: String
    public var theme: String
    public var mode: ActivityMode
    public var kind: ActivityKind
    /// Where it takes place (offline, both).
    public var place: String?
    /// The meeting or stream link (online, both).
    public var link: String?
    public var startsAt: Date
    public var endsAt: Date
    /// The leader or a subject leader of the studio (R-TASK-1).
    public var hostID: String
    public var hostName: String?
    /// Teachers invited, by account.
    public var invited: [String]
    /// The featured project it counts for (live streams, course evaluations; R-FEAT-2, R-FEAT-3).
    public var projectID: String?
    public var status: ActivityStatus
    public var cancelReason: String?
    /// Set when the records are closed: the counts R-TASK-8 and R-TASK-9 are judged on.
    public var attendance: AttendanceSummary?
    public var createdAt: Date

    public init(
        id: String,
        studioID: String,
        title: String,
        theme: String,
        mode: ActivityMode,
        kind: ActivityKind,
        place: String?,
        link: String?,
        startsAt: Date,
        endsAt: Date,
        hostID: String,
        hostName: String?,
        invited: [String],
        projectID: String?,
        status: ActivityStatus,
        cancelReason: String? = nil,
        attendance: AttendanceSummary? = nil,
        createdAt: Date
    ) {
        self.id = id
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
        self.hostName = hostName
        self.invited = invited
        self.projectID = projectID
        self.status = status
        self.cancelReason = cancelReason
        self.attendance = attendance
        self.createdAt = createdAt
    }
}

/// Who took part, judged against the studio's roster as of the activity's start (asked of membership).
public struct AttendanceSummary: Codable, Sendable, Equatable {
    /// Everyone recorded: members and outside teachers (R-TASK-8: at least 10; R-TASK-9: 50 or more in one).
    public var participants: Int
    /// Subject leaders on the roster at the start, and how many of them took part (R-TASK-8: at least half).
    public var subjectLeaders: Int
    public var subjectLeadersPresent: Int
    /// Whether the host was present.
    public var hostPresent: Bool

    public init(participants: Int, subjectLeaders: Int, subjectLeadersPresent: Int, hostPresent: Bool) {
        self.participants = participants
        self.subjectLeaders = subjectLeaders
        self.subjectLeadersPresent = subjectLeadersPresent
        self.hostPresent = hostPresent
    }

    /// At least half the subject leaders took part (R-TASK-8); a studio without any cannot meet it.
    public var halfOfSubjectLeaders: Bool {
        self.subjectLeaders > 0 && self.subjectLeadersPresent * 2 >= self.subjectLeaders
    }
}

/// How a participant was recorded.
public enum AttendanceSource: String, Codable, Sendable, CaseIterable { case recorded, checkedIn }

public struct Participant: Codable, Sendable, Equatable {
    public var teacherID: String
    public var source: AttendanceSource
    public var at: Date
    public init(teacherID: String, source: AttendanceSource, at: Date) {
        self.teacherID = teacherID
        self.source = source
        self.at = at
    }
}

public struct ParticipantList: Codable, Sendable, Equatable {
    public var activityID: String
    public var participants: [Participant]
    public init(activityID: String, participants: [Participant]) {
        self.activityID = activityID
        self.participants = participants
    }
}

/// The code participants check in with while the activity runs; given to its host and leader only.
public struct CheckInCode: Codable, Sendable, Equatable {
    public var activityID: String
    public var code: String
    public var validUntil: Date
    public init(activityID: String, code: String, validUntil: Date) {
        self.activityID = activityID
        self.code = code
        self.validUntil = validUntil
    }
}

public struct ActivityPage: Codable, Sendable, Equatable {
    public var activities: [Activity]
    public var nextPageToken: String?
    public init(activities: [Activity], nextPageToken: String?) {
        self.activities = activities
        self.nextPageToken = nextPageToken
    }
}
