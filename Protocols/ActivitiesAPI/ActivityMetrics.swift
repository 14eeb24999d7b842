import Foundation
import JSONRPC
import Programme

/// Params of `activities.studioMetrics`.
public struct ActivityMetricsRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    /// 1–1000 studio ids.
    public var studioIDs: [String]
    /// The rules of thumb to check the studios' records against (assessment sends its rule set's); none: no checks.
    public var anomalies: AnomalyThresholds?
    public init(year: Int, studioIDs: [String], anomalies: AnomalyThresholds? = nil) {
        self.year = year
        self.studioIDs = studioIDs
        self.anomalies = anomalies
    }
    public func validate() throws(RPCError) {
        guard (2019...2100).contains(self.year) else { throw .invalidArgument("year must be 2019–2100", field: "year") }
        guard (1...1000).contains(self.studioIDs.count) else {
            throw .invalidArgument("1–1000 studioIDs per call", field: "studioIDs")
        }
    }
}

/// One activity of the year whose records are closed: what R-TASK-6, R-TASK-8, R-TASK-9, R-TASK-10 are judged on.
public struct HeldActivity: Codable, Sendable, Equatable {
    public var id: String
    public var kind: ActivityKind
    public var hostID: String
    public var participants: Int
    public var subjectLeaders: Int
    public var subjectLeadersPresent: Int
    /// Brought in by the office's import (a year kept elsewhere), not recorded here as it happened.
    public var imported: Bool?
    /// When it started: the day it counts by.
    public var startsAt: Date?
    /// The featured project it counts toward (R-FEAT-2), if any.
    public var projectID: String?
    public init(
        id: String,
        kind: ActivityKind,
        hostID: String,
        participants: Int,
        subjectLeaders: Int,
        subjectLeadersPresent: Int,
        imported: Bool? = nil,
        startsAt: Date? = nil,
        projectID: String? = nil
    ) {
        self.projectID = projectID
        self.startsAt = startsAt
        self.imported = imported
        self.id = id
        self.kind = kind
        self.hostID = hostID
        self.participants = participants
        self.subjectLeaders = subjectLeaders
        self.subjectLeadersPresent = subjectLeadersPresent
    }
}

/// Per teacher: activities hosted (R-TASK-1), lectures at city level or above (R-TASK-2), awards at provincial
/// level or above (R-TASK-3). Only teachers with at least one entry are listed.
public struct TeacherActivity: Codable, Sendable, Equatable {
    public var teacherID: String
    public var hosted: Int
    public var lecturesCityOrAbove: Int
    public var provincialAwards: Int
    public init(teacherID: String, hosted: Int = 0, lecturesCityOrAbove: Int = 0, provincialAwards: Int = 0) {
        self.teacherID = teacherID
        self.hosted = hosted
        self.lecturesCityOrAbove = lecturesCityOrAbove
        self.provincialAwards = provincialAwards
    }
}

/// The studio's featured project of the year, for R-FEAT-1…R-FEAT-4.
public struct ProjectMetrics: Codable, Sendable, Equatable {
    /// The project's id (`activities.getFeaturedProject`).
    public var id: String?
    public var type: FeaturedProject.ProjectType
    public var status: FeaturedProject.Status
    public var progress: ProjectProgress
    public init(type: FeaturedProject.ProjectType, status: FeaturedProject.Status, progress: ProjectProgress) {
        self.type = type
        self.status = status
        self.progress = progress
    }
}

public struct ActivityMetrics: Codable, Sendable, Equatable {
    public var studioID: String
    /// Activities of the year (by start, China time) whose records are closed.
    public var activities: [HeldActivity]
    /// Cases submitted for the year's activities (R-TASK-7).
    public var cases: Int
    /// The cases counted: each names its activity (one case per activity) and the day it was submitted.
    public var caseRecords: [CountedRecord]?
    public var teachers: [TeacherActivity]
    public var project: ProjectMetrics?
    /// What the records looked like against the request's rules of thumb (only when it named them).
    public var anomalies: [ActivityAnomaly]?

    public init(
        studioID: String,
        activities: [HeldActivity] = [],
        cases: Int = 0,
        teachers: [TeacherActivity] = [],
        project: ProjectMetrics? = nil
    ) {
        self.studioID = studioID
        self.activities = activities
        self.cases = cases
        self.teachers = teachers
        self.project = project
    }

    /// Send-teaching visits held (R-TASK-10).
    public var sendTeaching: Int { self.activities.filter { $0.kind == .sendTeaching }.count }
    /// Activities with 50 or more participants (R-TASK-9).
    public var activitiesOf50: Int { self.activities.filter { $0.participants >= 50 }.count }
}

public struct ActivityMetricsPage: Codable, Sendable, Equatable {
    public var year: Int
    public var metrics: [ActivityMetrics]
    public init(year: Int, metrics: [ActivityMetrics]) {
        self.year = year
        self.metrics = metrics
    }
}

/// Params of `activities.importActivities`.
public struct ImportActivitiesRequest: Codable, Sendable, Equatable, Validatable {
    public var activities: [ImportedActivity]
    public var records: [ImportedRecord]
    public var projects: [ImportedProject]

    public init(activities: [ImportedActivity] = [], records: [ImportedRecord] = [], projects: [ImportedProject] = []) {
        self.activities = activities
        self.records = records
        self.projects = projects
    }

    public func validate() throws(RPCError) {
        guard self.activities.count + self.records.count + self.projects.count <= 5_000 else {
            throw .invalidArgument("at most 5000 entries per call", field: "activities")
        }
        let participants = self.activities.reduce(0) { $0 + $1.participants.count }
        guard participants <= 200_000 else {
            throw .invalidArgument("at most 200000 participants per call", field: "activities")
        }
        for (index, activity) in self.activities.enumerated() {
            guard activity.endsAt > activity.startsAt else {
                throw .invalidArgument("endsAt must be after startsAt", field: "activities[\(index)].endsAt")
            }
            try Field.text(activity.externalID, "activities[\(index)].externalID", max: 100)
            try Field.text(activity.title, "activities[\(index)].title", max: 200)
        }
        for (index, entry) in self.records.enumerated() {
            try Field.text(entry.externalID, "records[\(index)].externalID", max: 100)
            do { try entry.record.validate() } catch {
                throw RPCError.invalidArgument("records[\(index)]: \(error.message)", rule: error.rule)
                    .within(error.field.map { "records[\(index)].record.\($0)" } ?? "records[\(index)].record")
            }
        }
        for (index, entry) in self.projects.enumerated() {
            try Field.text(entry.externalID, "projects[\(index)].externalID", max: 100)
            do { try entry.project.validate() } catch {
                throw RPCError.invalidArgument("projects[\(index)]: \(error.message)", rule: error.rule)
                    .within(error.field.map { "projects[\(index)].project.\($0)" } ?? "projects[\(index)].project")
            }
        }
    }
}

/// A held activity with its participants, closed on import (attendance judged against the roster at its start).
public struct ImportedActivity: Codable, Sendable, Equatable {
    public var externalID: String
    public var studioID: String
    public var title: String
    public var kind: ActivityKind
    public var mode: ActivityMode
    public var startsAt: Date
    public var endsAt: Date
    public var hostID: String
    public var participants: [String]
    /// The case written about it, if any (R-TASK-7).
    public var caseTitle: String?
    /// The externalID of the imported project it counts for.
    public var projectExternalID: String?

    public init(
        externalID: String,
        studioID: String,
        title: String,
        kind: ActivityKind,
        mode: ActivityMode,
        startsAt: Date,
        endsAt: Date,
        hostID: String,
        participants: [String],
        caseTitle: String? = nil,
        projectExternalID: String? = nil
    ) {
        self.externalID = externalID
        self.studioID = studioID
        self.title = title
        self.kind = kind
        self.mode = mode
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.hostID = hostID
        self.participants = participants
        self.caseTitle = caseTitle
        self.projectExternalID = projectExternalID
    }
}

public struct ImportedRecord: Codable, Sendable, Equatable {
    public var externalID: String
    public var record: RecordSubjectLeaderRecordRequest
    public init(externalID: String, record: RecordSubjectLeaderRecordRequest) {
        self.externalID = externalID
        self.record = record
    }
}

public struct ImportedProject: Codable, Sendable, Equatable {
    public var externalID: String
    public var project: ApplyFeaturedProjectRequest
    public var status: FeaturedProject.Status
    public init(externalID: String, project: ApplyFeaturedProjectRequest, status: FeaturedProject.Status) {
        self.externalID = externalID
        self.project = project
        self.status = status
    }
}

public struct ImportActivitiesResult: Codable, Sendable, Equatable {
    public var activities: Int
    public var participants: Int
    public var records: Int
    public var projects: Int
    /// Entries imported before (same externalID), left as they were.
    public var unchanged: Int
    public init(activities: Int = 0, participants: Int = 0, records: Int = 0, projects: Int = 0, unchanged: Int = 0) {
        self.activities = activities
        self.participants = participants
        self.records = records
        self.projects = projects
        self.unchanged = unchanged
    }
}

/// Rules of thumb over a studio's activity records, named by the asking run (its rule set's thresholds).
public struct AnomalyThresholds: Codable, Sendable, Equatable {
    /// Near-identical attendance: activities whose participant lists are this alike (shared over all accounts)…
    public var sameCrowdSimilarity: Double
    /// …in at least this many activities.
    public var sameCrowdActivities: Int
    /// A burst of late records: at least `lateBurstRecords` entered in the year's last `lateBurstDays` days, each
    /// `lateBurstBackdatedDays` or more after its event.
    public var lateBurstDays: Int
    public var lateBurstBackdatedDays: Int
    public var lateBurstRecords: Int
    /// Check-ins in a cluster: at least `checkInClusterSize` of an activity's check-ins within
    /// `checkInClusterSeconds` of each other (absent: not checked). A check-in outside the activity's hours is
    /// always named.
    public var checkInClusterSize: Int?
    public var checkInClusterSeconds: Int?
    /// A teacher counted in two activities at overlapping times (absent or false: not checked).
    public var overlappingAttendance: Bool?

    public init(
        sameCrowdSimilarity: Double,
        sameCrowdActivities: Int,
        lateBurstDays: Int,
        lateBurstBackdatedDays: Int,
        lateBurstRecords: Int,
        checkInClusterSize: Int? = nil,
        checkInClusterSeconds: Int? = nil,
        overlappingAttendance: Bool? = nil
    ) {
        self.sameCrowdSimilarity = sameCrowdSimilarity
        self.sameCrowdActivities = sameCrowdActivities
        self.lateBurstDays = lateBurstDays
        self.lateBurstBackdatedDays = lateBurstBackdatedDays
        self.lateBurstRecords = lateBurstRecords
        self.checkInClusterSize = checkInClusterSize
        self.checkInClusterSeconds = checkInClusterSeconds
        self.overlappingAttendance = overlappingAttendance
    }
}

/// What one rule of thumb found in a studio's records: the records, and in words what they have in common.
public struct ActivityAnomaly: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case sameCrowd, lateBurst, checkInCluster, overlappingAttendance }
    public var kind: Kind
    public var detail: String
    /// Activities (every kind) or subject leaders' records (`lateBurst`, prefixed `sr-`).
    public var records: [CountedRecord]

    public init(kind: Kind, detail: String, records: [CountedRecord]) {
        self.kind = kind
        self.detail = detail
        self.records = records
    }
}
