import ActivitiesAPI
import AssessmentAPI
import Foundation
import GRDB
import MembershipAPI
import Programme
import ResourcesAPI

/// Records a supervisor excluded from a studio's counts by accepting a flag: every later run of the year counts the
/// studio without them, and its result lists them with the reason.
enum Exclusions {
    /// The year's exclusions, by studio.
    static func load(_ db: Database, year: Int) throws -> [String: [ExcludedRecord]] {
        var byStudio: [String: [ExcludedRecord]] = [:]
        let columns = ExclusionRecord.Columns.self
        for record in try ExclusionRecord.filter(columns.year == year)
            .order(columns.studioID, columns.decidedAt, columns.recordID)
            .fetchAll(db)
        {
            byStudio[record.studioID, default: []].append(record.excluded)
        }
        return byStudio
    }

    /// The snapshot without the excluded records: activities (their hosts' count, their cases and their featured
    /// project's progress with them) and resources (every count recomputed from its remaining records, a
    /// research-outcome project's progress with its outcomes).
    static func apply(_ excluded: [ExcludedRecord], to snapshot: StudioSnapshot) -> StudioSnapshot {
        let ids = Set(excluded.map(\.recordID))
        guard !ids.isEmpty else { return snapshot }
        var result = snapshot
        var activities = result.activities
        for activity in activities.activities where ids.contains(activity.id) {
            if let index = activities.teachers.firstIndex(where: { $0.teacherID == activity.hostID }) {
                activities.teachers[index].hosted = max(0, activities.teachers[index].hosted - 1)
            }
            // An excluded activity no longer counts toward its featured project either (R-FEAT-2).
            if let project = activities.project, project.id != nil, activity.projectID == project.id {
                activities.project?.progress.counted = max(0, project.progress.counted - 1)
            }
        }
        activities.activities.removeAll { ids.contains($0.id) }
        if var cases = activities.caseRecords {
            let before = cases.count
            cases.removeAll { ids.contains($0.id) }
            activities.cases = max(0, activities.cases - (before - cases.count))
            activities.caseRecords = cases
        }
        result.activities = activities
        if var records = result.resources.records {
            let outcomesBefore = records.researchOutcomesApproved.count
            records.published.removeAll { ids.contains($0.id) }
            records.premium.removeAll { ids.contains($0.id) }
            records.themedSeriesCompleted.removeAll { ids.contains($0.id) }
            records.microCoursesEntered.removeAll { ids.contains($0.id) }
            records.researchOutcomesApproved.removeAll { ids.contains($0.id) }
            result.resources.published = records.published.count
            result.resources.premium = records.premium.count
            result.resources.themedSeriesCompleted = records.themedSeriesCompleted.count
            result.resources.microCoursesEntered = records.microCoursesEntered.count
            result.resources.researchOutcomesApproved = records.researchOutcomesApproved.count
            result.resources.records = records
            // A research-outcome project's progress is its approved outcomes (R-FEAT-4): recounted as they are.
            if var project = result.activities.project, project.type == .researchOutcome {
                project.progress.counted = max(0, project.progress.counted - (outcomesBefore - records.researchOutcomesApproved.count))
                result.activities.project = project
            }
        }
        return result
    }
}
