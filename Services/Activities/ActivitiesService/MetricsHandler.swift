import ActivitiesAPI
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCServer
import ResourcesAPI

/// `activities.studioMetrics`: what assessment counts of each studio's activities in a year, in a few grouped
/// queries for all the studios asked; research-outcome projects' progress is asked of resources in one call.
/// Every held activity counts and is judged (R-TASK-6…R-TASK-9), its records closed or not: one left open is
/// counted as its attendance stands, against the subject leaders on the roster at its start.
struct MetricsHandler: Sendable {
    let database: any DatabaseWriter
    let resources: HTTP2Transport

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.studioMetrics, self.studioMetrics)
    }

    func studioMetrics(_ request: ActivityMetricsRequest, context: RPCContext) async throws -> ActivityMetricsPage {
        let ids = Array(Set(request.studioIDs)).sorted()
        let year = request.year
        let idList = String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
        let inStudios = "studioID IN (SELECT value FROM json_each(:ids))"
        var metrics = try await self.database.read { db -> [String: ActivityMetrics] in
            var byStudio = Dictionary(uniqueKeysWithValues: ids.map { ($0, ActivityMetrics(studioID: $0)) })
            var teachers: [String: [String: TeacherActivity]] = [:]
            let arguments: StatementArguments = ["year": year, "ids": idList]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT id, studioID, kind, hostID, participants, subjectLeaders, subjectLeadersPresent, startsAt, projectID FROM activity
                    WHERE year = :year AND status = 'closed' AND \(inStudios)
                    UNION ALL
                    SELECT a.id, a.studioID, a.kind, a.hostID,
                      (SELECT COUNT(*) FROM participant p WHERE p.activityID = a.id),
                      (SELECT COUNT(*) FROM activityRoster r WHERE r.activityID = a.id),
                      (SELECT COUNT(*) FROM participant p JOIN activityRoster r
                         ON r.activityID = p.activityID AND r.teacherID = p.teacherID WHERE p.activityID = a.id),
                      a.startsAt, a.projectID
                    FROM activity a WHERE a.year = :year AND a.status = 'held' AND a.\(inStudios)
                    ORDER BY 2, 8, 1
                    """,
                arguments: arguments
            ) {
                let studioID: String = row["studioID"]
                let hostID: String = row["hostID"]
                byStudio[studioID]?.activities.append(
                    HeldActivity(
                        id: row["id"],
                        kind: ActivityKind(rawValue: row["kind"]) ?? .research,
                        hostID: hostID,
                        participants: row["participants"] ?? 0,
                        subjectLeaders: row["subjectLeaders"] ?? 0,
                        subjectLeadersPresent: row["subjectLeadersPresent"] ?? 0,
                        imported: (row["id"] as String).hasPrefix("ac-import-"),
                        startsAt: row["startsAt"],
                        projectID: row["projectID"]
                    )
                )
                teachers[studioID, default: [:]][hostID, default: TeacherActivity(teacherID: hostID)].hosted += 1
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT studioID, activityID, submittedAt, date(submittedAt, '+8 hours') AS day FROM activityCase
                    WHERE year = :year AND \(inStudios)
                    ORDER BY studioID, submittedAt, activityID
                    """,
                arguments: arguments
            ) {
                let studioID: String = row["studioID"]
                guard var studio = byStudio[studioID] else { continue }
                studio.cases += 1
                studio.caseRecords = (studio.caseRecords ?? []) + [CountedRecord(id: row["activityID"], day: row["day"])]
                byStudio[studioID] = studio
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT studioID, teacherID,
                      SUM(kind = 'lecture' AND level IN ('city', 'province', 'national')) AS lectures,
                      SUM(kind = 'award' AND level IN ('province', 'national')) AS awards
                    FROM subjectLeaderRecord WHERE year = :year AND reviewStatus = 'accepted' AND \(inStudios)
                    GROUP BY studioID, teacherID
                    """,
                arguments: arguments
            ) {
                let studioID: String = row["studioID"]
                let teacherID: String = row["teacherID"]
                teachers[studioID, default: [:]][teacherID, default: TeacherActivity(teacherID: teacherID)].lecturesCityOrAbove = row["lectures"] ?? 0
                teachers[studioID, default: [:]][teacherID, default: TeacherActivity(teacherID: teacherID)].provincialAwards = row["awards"] ?? 0
            }
            for (studioID, entries) in teachers {
                byStudio[studioID]?.teachers = entries.values.sorted { $0.teacherID < $1.teacherID }
            }
            let projects = try ProjectRecord.fetchAll(
                db,
                sql: "SELECT * FROM featuredProject WHERE year = :year AND \(inStudios)",
                arguments: arguments
            )
            let held = try ProjectHandlers.heldForProject(db, projects.map(\.id))
            for record in projects {
                let project = try record.value()
                let required = ProjectHandlers.required[project.type] ?? 0
                byStudio[project.studioID]?.project = ProjectMetrics(
                    type: project.type,
                    status: project.status,
                    progress: ProjectProgress(counted: held[project.id] ?? 0, required: required)
                )
                byStudio[project.studioID]?.project?.id = project.id
            }
            if let thresholds = request.anomalies {
                let found = try AnomalyChecks.find(db, year: year, idList: idList, thresholds: thresholds)
                for id in ids { byStudio[id]?.anomalies = found[id] ?? [] }
            }
            return byStudio
        }
        // Research-outcome projects: approved outcomes of the year, asked of resources (R-FEAT-4).
        let outcomeStudios = metrics.values.filter { $0.project?.type == .researchOutcome }.map(\.studioID).sorted()
        if !outcomeStudios.isEmpty {
            let counted = try await self.resources.call(Resources.studioMetrics, .init(year: year, studioIDs: outcomeStudios, withRecords: false))
            for entry in counted.metrics { metrics[entry.studioID]?.project?.progress.counted = entry.researchOutcomesApproved }
        }
        return ActivityMetricsPage(year: year, metrics: ids.compactMap { metrics[$0] })
    }
}
