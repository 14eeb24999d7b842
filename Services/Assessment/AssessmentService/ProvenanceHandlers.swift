import ActivitiesAPI
import AssessmentAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ResourcesAPI
import ServiceKit

/// `getLineRecords`: a line of a studio's result opened onto the records it counted, for whoever may read the
/// report (the office, the studio's workstation, its leader, a city or county studio's city admins).
struct ProvenanceHandlers: Sendable {
    let database: any DatabaseWriter
    /// Membership, asked for the roster as of the pull (with the caller's own token: the roster is theirs to read).
    let membership: any RPCTransport
    /// The owners asked what they count now, for a frozen run's line (with the service's own token).
    let pull: MetricPull
    let serviceToken: @Sendable () -> String?

    func register(in methods: inout RPCMethods) {
        methods.register(Assessment.getLineRecords, self.getLineRecords)
        methods.register(Assessment.listFlags, self.listFlags)
    }

    func getLineRecords(_ request: LineRecordsRequest, context: RPCContext) async throws -> LineRecordsPage {
        let caller = try context.requirePrincipal()
        let offset = try Self.offset(request.pageToken)
        let (run, result, snapshot) = try await self.database.read { db -> (RunRecord, StudioResult, StudioSnapshot) in
            let run = try RunRecord.resolve(db, year: request.year, runID: request.runID)
            guard let record = try ResultRecord.fetchOne(db, key: ["runID": run.id, "studioID": request.studioID]) else {
                throw AssessmentError.studioNotInRun(studioID: request.studioID, runID: run.id)
            }
            try QueryHandlers.checkReport(caller, record)
            guard let snapshot = try RunRecord.snapshot(db, runID: run.id, studioID: request.studioID) else {
                throw RPCError.notFound("run \(run.id) kept no records for studio \(request.studioID)", field: "studioID")
            }
            return (run, try record.result(), snapshot)
        }
        let records =
            if Provenance.isRosterLine(request.metric) {
                Provenance.rosterLine(
                    request.metric,
                    members: try await Self.roster(of: snapshot, for: request.metric, over: self.membership),
                    snapshot: snapshot
                )
            } else {
                Provenance.records(request.metric, snapshot: snapshot)
            }
        let frozen = run.status == RunSummary.Status.frozen.rawValue
        let comparison =
            frozen && !Provenance.isRosterLine(request.metric)
            ? try await self.compare(records, metric: request.metric, snapshot: snapshot, year: run.year) : nil
        let pageSize = request.pageSize ?? 100
        var page = Array(records.dropFirst(offset).prefix(pageSize))
        if let comparison {
            for index in page.indices { page[index].changedSince = comparison.changes[page[index].id] }
        }
        let next = offset + page.count < records.count ? PageToken.encode(String(offset + page.count)) : nil
        var answer = LineRecordsPage(
            runID: run.id,
            frozen: frozen,
            studioID: request.studioID,
            metric: request.metric,
            value: result.metrics[request.metric.rawValue] ?? 0,
            total: records.count,
            asOf: Provenance.isRosterLine(request.metric) ? snapshot.rosterAsOf : nil,
            records: page,
            nextPageToken: next
        )
        answer.comparedAt = comparison?.at
        answer.changedSince = comparison?.changes.count
        answer.addedSince = comparison?.added
        return answer
    }

    /// A frozen run's line against what its owner counts now: the studio's current records of that owner alone,
    /// in the line's own terms (``Provenance/records(_:snapshot:)``), compared by id and day.
    func compare(
        _ records: [LineRecord],
        metric: Metric,
        snapshot: StudioSnapshot,
        year: Int
    ) async throws
        -> (at: Date, changes: [String: String], added: Int)
    {
        let options = CallOptions(bearerToken: self.serviceToken())
        let studioID = snapshot.membership.studioID
        var current = snapshot
        let at = Date()
        switch metric.source {
        case "resources":
            let page = try await MetricPull.guarded("resources") {
                try await self.pull.resources.call(Resources.studioMetrics, .init(year: year, studioIDs: [studioID]), options: options)
            }
            guard let now = page.metrics.first else { return (at, [:], 0) }
            current.resources = now
        case "activities":
            let page = try await MetricPull.guarded("activities") {
                try await self.pull.activities.call(Activities.studioMetrics, .init(year: year, studioIDs: [studioID]), options: options)
            }
            guard let now = page.metrics.first else { return (at, [:], 0) }
            current.activities = now
        default:
            return (at, [:], 0)
        }
        let now = Provenance.records(metric, snapshot: current)
        let nowByID = Dictionary(now.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [String: String] = [:]
        for record in records {
            guard let later = nowByID[record.id] else {
                changes[record.id] = "no longer counted"
                continue
            }
            if later.day != record.day { changes[record.id] = "now dated \(later.day ?? "without a day")" }
            if later.contributed != record.contributed { changes[record.id] = "now counts \(CheckResult.number(later.contributed))" }
        }
        let counted = Set(records.map(\.id))
        return (at, changes, now.filter { !counted.contains($0.id) }.count)
    }

    /// The members of the line's role on the roster as of the pull, every page (with the caller's token).
    static func roster(of snapshot: StudioSnapshot, for metric: Metric, over membership: any RPCTransport) async throws -> [Member] {
        let role: MemberRole =
            switch metric {
            case .coreMembers, .coreMembersWithoutMentor: .coreMember
            case .networkMembers: .networkMember
            default: .subjectLeader
            }
        var members: [Member] = []
        var token: String?
        repeat {
            let page = try await membership.call(
                Membership.getRoster,
                .init(
                    studioID: snapshot.membership.studioID,
                    role: role,
                    asOf: snapshot.rosterAsOf,
                    pageSize: 1000,
                    pageToken: token
                )
            )
            members += page.members
            token = page.nextPageToken
        } while token != nil
        return members
    }

    func listFlags(_ request: ListFlagsRequest, context: RPCContext) async throws -> FlagPage {
        let caller = try context.requirePrincipal()
        let offset = try Self.offset(request.pageToken)
        let pageSize = request.pageSize ?? 100
        return try await self.database.read { db in
            let run = try RunRecord.resolve(db, year: request.year, runID: request.runID)
            if let studioID = request.studioID {
                guard let record = try ResultRecord.fetchOne(db, key: ["runID": run.id, "studioID": studioID]) else {
                    throw AssessmentError.studioNotInRun(studioID: studioID, runID: run.id)
                }
                try QueryHandlers.checkReport(caller, record)
            }
            var conditions = ["f.runID = ?"]
            var arguments: StatementArguments = [run.id]
            if let studioID = request.studioID {
                conditions.append("f.studioID = ?")
                _ = arguments.append(contentsOf: [studioID])
            }
            if let check = request.check {
                conditions.append("f.\"check\" = ?")
                _ = arguments.append(contentsOf: [check.rawValue])
            }
            if let status = request.status {
                conditions.append("f.status = ?")
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            // The caller's own studios, as for reports (R-MGT-1).
            if !caller.has(.provinceOffice) && !caller.has(.service) {
                var scopes: [String] = []
                if caller.has(.workstation), let workstation = caller.workstation {
                    scopes.append("r.workstation = ?")
                    _ = arguments.append(contentsOf: [workstation])
                }
                if caller.has(.cityAdmin), let city = caller.city {
                    scopes.append("(r.city = ? AND r.level != 'province')")
                    _ = arguments.append(contentsOf: [city])
                }
                if caller.has(.teacher) {
                    scopes.append("r.leaderID = ?")
                    _ = arguments.append(contentsOf: [caller.subject])
                }
                conditions.append(scopes.isEmpty ? "0" : "(" + scopes.joined(separator: " OR ") + ")")
            }
            let records = try FlagRecord.fetchAll(
                db,
                sql: """
                    SELECT f.* FROM flag f JOIN result r ON r.runID = f.runID AND r.studioID = f.studioID
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY f.studioID, f.rowid LIMIT \(pageSize + 1) OFFSET \(offset)
                    """,
                arguments: arguments
            )
            let page = records.prefix(pageSize)
            return FlagPage(
                runID: run.id,
                flags: try page.map { try $0.flag() },
                nextPageToken: records.count > pageSize ? PageToken.encode(String(offset + pageSize)) : nil
            )
        }
    }

    /// The position a page token of these listings stands for (0 without one).
    static func offset(_ token: String?) throws -> Int {
        guard let token else { return 0 }
        guard let offset = Int(try PageToken.decodeString(token)), offset >= 0 else {
            throw AssessmentError.foreignPageToken
        }
        return offset
    }
}
