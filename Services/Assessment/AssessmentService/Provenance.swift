import ActivitiesAPI
import AssessmentAPI
import Foundation
import MembershipAPI
import Programme
import ResourcesAPI

/// The records behind each line of a studio's result, from the snapshot of the run: the owners sent the records
/// with the numbers, in the same read, and the run keeps them for good. Membership's lines are the studio's roster as
/// of the instant it was read, which membership answers at any later time the same way (its entries are dated and
/// never rewritten); those lines are read from it (``rosterLine(_:members:snapshot:)``).
enum Provenance {
    /// Whether the line's records are the roster's, read from membership as of the pull.
    static func isRosterLine(_ metric: Metric) -> Bool {
        switch metric {
        case .subjectLeaders, .ruralOrOtherCitySubjectLeaders, .ruralSubjectLeaders, .coreMembers, .coreMembersWithoutMentor,
            .networkMembers:
            true
        default:
            false
        }
    }

    /// The records of a line the snapshot holds (every line but the roster's).
    static func records(_ metric: Metric, snapshot: StudioSnapshot) -> [LineRecord] {
        let activities = snapshot.activities
        let resources = snapshot.resources.records ?? ResourceRecords()
        switch metric {
        case .activitiesHeld:
            return activities.activities.map { Self.activity($0) }
        case .activitiesBelowAttendanceFloor:
            return activities.activities.filter(Evaluation.belowAttendanceFloor).map {
                Self.activity($0, note: "\($0.participants) people, \($0.subjectLeadersPresent) of \($0.subjectLeaders) subject leaders (R-TASK-8)")
            }
        case .activitiesOf50:
            return activities.activities.filter { $0.participants >= 50 }.map { Self.activity($0, note: "\($0.participants) people") }
        case .sendTeaching:
            return activities.activities.filter { $0.kind == .sendTeaching }.map { Self.activity($0) }
        case .activitiesImported:
            return activities.activities.filter { $0.imported == true }.map { Self.activity($0) }
        case .participants:
            return activities.activities.map { activity in
                LineRecord(
                    service: "activities",
                    method: "activities.listParticipants",
                    params: ["id": activity.id],
                    id: activity.id,
                    day: activity.startsAt.map(ChinaCalendar.day),
                    contributed: Double(activity.participants),
                    note: "\(activity.participants) people"
                )
            }
        case .cases:
            return (activities.caseRecords ?? []).map {
                LineRecord(
                    service: "activities",
                    method: "activities.getActivity",
                    params: ["id": $0.id],
                    id: $0.id,
                    day: $0.day,
                    note: "the activity's case"
                )
            }
        case .featuredProjectApproved, .featuredProjectComplete:
            guard let project = activities.project, let id = project.id, project.status == .approved,
                metric == .featuredProjectApproved || project.progress.complete
            else { return [] }
            return [
                LineRecord(
                    service: "activities",
                    method: "activities.getFeaturedProject",
                    params: ["id": id],
                    id: id,
                    note: "\(project.type.rawValue), \(project.progress.counted) of \(project.progress.required)"
                )
            ]
        case .subjectLeadersWithoutHostedActivity, .subjectLeadersWithoutCityLecture, .subjectLeadersWithoutProvincialAward:
            let teachers = Dictionary(activities.teachers.map { ($0.teacherID, $0) }, uniquingKeysWith: { first, _ in first })
            let lacking = snapshot.membership.subjectLeaderIDs.filter { id in
                let teacher = teachers[id] ?? TeacherActivity(teacherID: id)
                return switch metric {
                case .subjectLeadersWithoutHostedActivity: teacher.hosted == 0
                case .subjectLeadersWithoutCityLecture: teacher.lecturesCityOrAbove == 0
                default: teacher.provincialAwards == 0
                }
            }
            let what =
                switch metric {
                case .subjectLeadersWithoutHostedActivity: "hosted no activity (R-TASK-1)"
                case .subjectLeadersWithoutCityLecture: "no accepted lecture at city level or above (R-TASK-2)"
                default: "no accepted provincial award (R-TASK-3)"
                }
            return lacking.map { id in
                LineRecord(
                    service: "membership",
                    method: "membership.getRoster",
                    params: ["studioID": snapshot.membership.studioID],
                    id: id,
                    day: snapshot.rosterAsOf.map(ChinaCalendar.day),
                    note: "subject leader with \(what)"
                )
            }
        case .pairedSchool:
            guard snapshot.membership.pairedSchool else { return [] }
            let id = snapshot.membership.studioID
            return [
                LineRecord(
                    service: "membership",
                    method: "membership.getStudio",
                    params: ["id": id],
                    id: id,
                    note: "the studio's paired rural school (R-COMP-7)"
                )
            ]
        case .resourcesPublished:
            return resources.published.map { Self.resource($0) }
        case .premiumResources:
            return resources.premium.map { Self.resource($0) }
        case .themedSeriesOrMicroCourse:
            return resources.themedSeriesCompleted.map { Self.resource($0, note: "branded themed series completed") }
                + resources.microCoursesEntered.map { Self.resource($0, note: "micro-course entered") }
        case .researchOutcomesApproved:
            return resources.researchOutcomesApproved.map { Self.resource($0) }
        case .subjectLeaders, .ruralOrOtherCitySubjectLeaders, .ruralSubjectLeaders, .coreMembers, .coreMembersWithoutMentor,
            .networkMembers:
            return []
        }
    }

    /// A roster line's records: the members the line counts, from the roster as of the pull.
    static func rosterLine(_ metric: Metric, members: [Member], snapshot: StudioSnapshot) -> [LineRecord] {
        let studio = snapshot.membership
        let counted = members.filter { member in
            switch metric {
            case .subjectLeaders: member.role == .subjectLeader
            case .ruralSubjectLeaders: member.role == .subjectLeader && member.profile.rural
            case .ruralOrOtherCitySubjectLeaders:
                member.role == .subjectLeader && (member.profile.rural || member.profile.schoolCity != studio.city)
            case .coreMembers: member.role == .coreMember
            case .coreMembersWithoutMentor: member.role == .coreMember && member.mentorID == nil
            case .networkMembers: member.role == .networkMember
            default: false
            }
        }
        return counted.map { member in
            LineRecord(
                service: "membership",
                method: "membership.getRoster",
                params: ["studioID": studio.studioID],
                id: member.profile.teacherID,
                day: ChinaCalendar.day(member.joinedAt),
                note: [member.profile.name, member.profile.school, member.profile.rural ? "rural" : nil]
                    .compactMap { $0 }.joined(separator: ", ")
            )
        }
    }

    static func activity(_ activity: HeldActivity, note: String? = nil) -> LineRecord {
        LineRecord(
            service: "activities",
            method: "activities.getActivity",
            params: ["id": activity.id],
            id: activity.id,
            day: activity.startsAt.map(ChinaCalendar.day),
            note: note ?? (activity.imported == true ? "imported by the office" : nil)
        )
    }

    static func resource(_ record: CountedRecord, note: String? = nil) -> LineRecord {
        LineRecord(
            service: "resources",
            method: "resources.getResource",
            params: ["id": record.id],
            id: record.id,
            day: record.day,
            note: note
        )
    }
}
