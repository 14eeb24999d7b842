import ActivitiesAPI
import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// `activities.importActivities`: a year's held activities with their participants, subject leaders' records and
/// featured projects, in one transaction (migration, demonstration data, benchmarks).
///
/// Studios are checked with membership once each, and each activity's attendance is judged against the subject
/// leaders on the roster at its start, as `closeRecords` does. Evidence of imported records is taken as given (an
/// office import). Ids derive from `externalID`, so a rerun changes nothing.
struct ImportHandler: Sendable {
    let database: any DatabaseWriter
    let access: ActivityAccess
    let accounts: AccountDirectory

    func register(in methods: inout RPCMethods) {
        methods.register(Activities.importActivities, self.importActivities)
    }

    /// Every entry's studio is read before the import's transaction; a miss would be this handler's fault, answered
    /// as INTERNAL rather than a trap.
    static func unread(_ studioID: String) -> RPCError {
        RPCError.internalError("studio \(studioID) was not read before the import")
    }

    struct RosterKey: Hashable, Sendable {
        let studioID: String
        let at: Date
    }

    func importActivities(_ request: ImportActivitiesRequest, context: RPCContext) async throws -> ImportActivitiesResult {
        let studioIDs = Set(
            request.activities.map(\.studioID) + request.records.map(\.record.studioID)
                + request.projects.map(\.project.studioID)
        )
        // Participants and record holders are accounts, even in an import (R-TASK-8 and R-TASK-9 count people).
        let people =
            request.activities.enumerated().flatMap { index, entry in
                entry.participants.indices.map { (id: entry.participants[$0], field: "activities[\(index)].participants[\($0)]") }
            } + request.records.enumerated().map { (id: $0.element.record.teacherID, field: "records[\($0.offset)].record.teacherID") }
        try await AttendanceRules.requireAccounts(people.map(\.id), accounts: self.accounts) { people[$0].field }
        let studios = try await Self.concurrently(studioIDs.sorted()) { id in (id, try await self.access.studio(id)) }
        let keys = Set(request.activities.map { RosterKey(studioID: $0.studioID, at: $0.startsAt) })
        let rosters = try await Self.concurrently(Array(keys)) { key in
            guard let studio = studios[key.studioID] else { throw Self.unread(key.studioID) }
            return (key, Set(try await self.access.subjectLeaders(of: studio, asOf: key.at).map(\.profile.teacherID)))
        }
        let now = Date()
        // An import brings a year kept elsewhere: past activities and records, into years still open.
        if let index = request.activities.firstIndex(where: { $0.endsAt > now }) {
            throw RPCError.invalidArgument(
                "an import brings activities that took place; this one ends in the future",
                field: "activities[\(index)].endsAt"
            )
        }
        if let index = request.records.firstIndex(where: {
            (RecordWindow.end(ofDay: $0.record.date) ?? .distantFuture).addingTimeInterval(-86_400) > now
        }) {
            throw RPCError.invalidArgument(
                "an import brings lectures and awards that took place; this one is dated in the future",
                field: "records[\(index)].record.date"
            )
        }
        return try await self.database.writeIdempotent(context) { db in
            var result = ImportActivitiesResult()
            for (index, entry) in request.projects.enumerated() {
                try RecordWindow.checkOpen(db, year: entry.project.year, field: "projects[\(index)].project.year")
            }
            for (index, entry) in request.activities.enumerated() {
                try RecordWindow.checkOpen(db, year: ChinaCalendar.year(of: entry.startsAt), field: "activities[\(index)].startsAt")
            }
            for (index, entry) in request.records.enumerated() {
                try RecordWindow.checkOpen(db, year: ChinaCalendar.year(ofDay: entry.record.date), field: "records[\(index)].record.date")
            }
            for entry in request.projects {
                let id = "fp-import-" + entry.externalID
                guard try !ProjectRecord.exists(db, key: id) else {
                    result.unchanged += 1
                    continue
                }
                let project = FeaturedProject(
                    id: id,
                    studioID: entry.project.studioID,
                    year: entry.project.year,
                    type: entry.project.type,
                    theme: entry.project.theme,
                    description: entry.project.description,
                    status: entry.status,
                    decidedBy: entry.status == .pending ? nil : "import",
                    decidedAt: entry.status == .pending ? nil : now
                )
                try ProjectRecord(project, createdAt: now).insert(db)
                result.projects += 1
            }
            for (index, entry) in request.activities.enumerated() {
                let id = "ac-import-" + entry.externalID
                guard try !ActivityRecord.exists(db, key: id) else {
                    result.unchanged += 1
                    continue
                }
                guard let studio = studios[entry.studioID] else { throw Self.unread(entry.studioID) }
                let leaders = rosters[RosterKey(studioID: entry.studioID, at: entry.startsAt)] ?? []
                let present = Set(entry.participants)
                let projectID = entry.projectExternalID.map { "fp-import-" + $0 }
                if let projectID {
                    do { try ActivityStore.checkProject(db, projectID, studioID: studio.id, kind: entry.kind) } catch {
                        guard let refusal = RPCError(converting: error) else { throw error }
                        throw RPCError(
                            refusal.status,
                            "activities[\(index)]: \(refusal.message)",
                            field: "activities[\(index)].projectExternalID",
                            rule: refusal.rule
                        )
                    }
                }
                let record = ActivityRecord(
                    id: id,
                    studioID: studio.id,
                    studioName: studio.name,
                    studioLevel: studio.level.rawValue,
                    title: entry.title,
                    theme: entry.title,
                    mode: entry.mode.rawValue,
                    kind: entry.kind.rawValue,
                    place: entry.mode == .online ? nil : "\(studio.name)活动室",
                    link: entry.mode == .offline ? nil : "https://live.zjer.cn/\(id)",
                    startsAt: entry.startsAt,
                    endsAt: entry.endsAt,
                    year: ChinaCalendar.year(of: entry.startsAt),
                    hostID: entry.hostID,
                    hostName: nil,
                    projectID: projectID,
                    status: ActivityStatus.closed.rawValue,
                    participants: present.count,
                    subjectLeaders: leaders.count,
                    subjectLeadersPresent: present.intersection(leaders).count,
                    hostPresent: present.contains(entry.hostID),
                    createdAt: now,
                    updatedAt: now
                )
                try record.insert(db)
                try AttendanceRules.checkNoOverlap(
                    db,
                    activityID: id,
                    startsAt: entry.startsAt,
                    endsAt: entry.endsAt,
                    teacherIDs: entry.participants,
                    field: { "activities[\(index)].participants[\($0)]" }
                )
                for teacherID in present {
                    let participant = Participant(teacherID: teacherID, source: .recorded, at: entry.startsAt)
                    try ParticipantRecord(activityID: id, participant).insert(db)
                }
                if let title = entry.caseTitle {
                    try CaseRecord(
                        ActivityCase(
                            id: "cs-import-" + entry.externalID,
                            studioID: studio.id,
                            activityID: id,
                            title: title,
                            summary: title,
                            resourceID: nil,
                            submittedBy: "import",
                            submittedAt: now,
                            year: record.year
                        )
                    ).insert(db)
                }
                result.activities += 1
                result.participants += present.count
            }
            for entry in request.records {
                let id = "sr-import-" + entry.externalID
                guard try !SubjectLeaderRecordRow.exists(db, key: id) else {
                    result.unchanged += 1
                    continue
                }
                let value = entry.record
                try SubjectLeaderRecordRow(
                    SubjectLeaderRecord(
                        id: id,
                        studioID: value.studioID,
                        teacherID: value.teacherID,
                        kind: value.kind,
                        title: value.title,
                        level: value.level,
                        rank: value.rank,
                        date: value.date,
                        year: ChinaCalendar.year(ofDay: value.date),
                        evidence: value.evidence,
                        recordedBy: "import",
                        recordedAt: now,
                        // The office's import brings records another system already accepted.
                        review: RecordReview(status: .accepted, decidedBy: "import", decidedAt: now)
                    )
                ).insert(db)
                result.records += 1
            }
            return result
        }
    }

    /// `body` over `items`, 16 calls in flight.
    static func concurrently<Item: Sendable, Key: Hashable & Sendable, Value: Sendable>(
        _ items: [Item],
        _ body: @escaping @Sendable (Item) async throws -> (Key, Value)
    ) async throws -> [Key: Value] {
        try await withThrowingTaskGroup(of: (Key, Value).self) { group in
            var results: [Key: Value] = [:]
            var pending = items[...]
            for _ in 0..<16 { if let item = pending.popFirst() { group.addTask { try await body(item) } } }
            while let (key, value) = try await group.next() {
                results[key] = value
                if let item = pending.popFirst() { group.addTask { try await body(item) } }
            }
            return results
        }
    }
}
