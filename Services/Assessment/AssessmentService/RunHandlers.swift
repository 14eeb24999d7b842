import AssessmentAPI
import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Rule sets, runs, freezing, outcomes and manual scores: what the province office and workstations do.
struct RunHandlers: Sendable {
    let database: any DatabaseWriter
    let pull: MetricPull
    let closing: YearClosing
    let membership: any RPCTransport
    let identity: any RPCTransport

    func register(in methods: inout RPCMethods) {
        methods.register(Assessment.loadRuleSet, self.loadRuleSet)
        methods.register(Assessment.getRuleSet, self.getRuleSet)
        methods.register(Assessment.runAssessment, self.runAssessment)
        methods.register(Assessment.freezeRun, self.freezeRun)
        methods.register(Assessment.applyOutcomes, self.applyOutcomes)
        methods.register(Assessment.listRuns, self.listRuns)
        methods.register(Assessment.setManualScore, self.setManualScore)
    }

    func loadRuleSet(_ request: LoadRuleSetRequest, context: RPCContext) async throws -> RuleSetVersion {
        let caller = try context.requirePrincipal()
        let document = try JSONCoding.encoder.encode(request.ruleSet)
        let year = request.ruleSet.year
        if try await self.database.read({ db in try Self.frozenRun(db, year: year) }) == nil {
            // The owners of dated records take the year's window for records of past events.
            try await self.closing.send(.init(year: year, recordWindowDays: request.ruleSet.recordWindow), doing: "loading the rule set")
        }
        return try await self.database.writeIdempotent(context) { db in
            if try Self.frozenRun(db, year: year) != nil, request.supersedeReason == nil {
                throw RPCError.failedPrecondition(
                    "the \(year) ranking is frozen: a new rule set supersedes the old one only with a supersedeReason, and never changes the frozen run",
                    rule: .mgt2,
                    field: "supersedeReason"
                )
            }
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM ruleSet WHERE year = ?", arguments: [year])
            let record = RuleSetRecord(
                year: year,
                version: (latest ?? 0) + 1,
                document: document,
                loadedBy: caller.subject,
                loadedAt: Date(),
                reason: request.supersedeReason
            )
            try record.insert(db)
            return try record.ruleSetVersion()
        }
    }

    func getRuleSet(_ request: AssessmentYear, context: RPCContext) async throws -> RuleSetVersion {
        try await self.database.read { db in try RuleSetRecord.current(db, year: request.year) }
    }

    func runAssessment(_ request: AssessmentYear, context: RPCContext) async throws -> RunSummary {
        let caller = try context.requirePrincipal()
        let (rules, manual, frozen, floors, excluded) = try await self.database.read { db in
            (
                try RuleSetRecord.current(db, year: request.year), try Self.manualScores(db, year: request.year),
                try Self.frozenRun(db, year: request.year), try BureauFloorRecord.current(db, year: request.year),
                try Exclusions.load(db, year: request.year)
            )
        }
        if let frozen {
            throw RPCError.failedPrecondition(
                "the \(request.year) ranking was frozen in run \(frozen.id); it never changes",
                rule: .mgt2,
                field: "year"
            )
        }
        let runID = "run-" + UUID().uuidString.lowercased()
        let clock = ContinuousClock()
        let start = clock.now
        let anomalyRules = rules.ruleSet.anomalyRules
        // What the year's previous run counted is read while the owners answer.
        async let previousRun =
            anomalyRules.countedThenGone == false
            ? nil
            : self.database.read { db in
                try CountedThenGone.previous(db, year: request.year)
            }
        var pulled = try await self.pull.pull(year: request.year, anomalies: AnomalyDetection.thresholds(anomalyRules))
        let previous = try await previousRun
        let pulledAt = clock.now
        // The flags look at everything pulled; the counts leave out what a supervisor excluded.
        let flags = AnomalyDetection.flags(
            pulled.snapshots,
            rules: anomalyRules,
            runID: runID,
            year: request.year,
            previous: previous
        )
        pulled.snapshots = pulled.snapshots.map { Exclusions.apply(excluded[$0.membership.studioID] ?? [], to: $0) }
        let results = Evaluation.evaluate(pulled.snapshots, rules: rules.ruleSet, manual: manual, floors: floors).map { result in
            var result = result
            result.excluded = excluded[result.studioID]
            return result
        }
        let computed = clock.now
        let record = RunRecord(
            id: runID,
            year: request.year,
            ruleSetVersion: rules.version,
            status: RunSummary.Status.live.rawValue,
            startedBy: caller.subject,
            createdAt: Date(),
            frozenAt: nil,
            // Each studio's snapshot is kept on its result row, where a report's lines open onto their records.
            sources: try JSONCoding.encoder.encode(pulled.sources),
            snapshot: Data("[]".utf8),
            studios: results.count,
            passed: results.filter(\.passed).count,
            idle: results.filter(\.idle).count,
            levels: try JSONCoding.encoder.encode(
                StudioLevel.allCases.map { level in
                    let ofLevel = results.filter { $0.level == level }
                    return RunSummary.LevelCount(
                        level: level,
                        studios: ofLevel.count,
                        passed: ofLevel.filter(\.passed).count,
                        idle: ofLevel.filter(\.idle).count
                    )
                }
            ),
            pullMilliseconds: Self.milliseconds(pulledAt - start),
            computeMilliseconds: Self.milliseconds(computed - pulledAt)
        )
        let snapshots = Dictionary(pulled.snapshots.map { ($0.membership.studioID, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = try await ResultRecord.encode(results, runID: record.id, snapshots: snapshots)
        return try await self.database.writeIdempotent(context) { db in
            try record.insert(db)
            for row in rows { try row.insert(db) }
            for flag in flags { try FlagRecord(try FlagRecord.carryingDecision(db, to: flag)).insert(db) }
            return try record.summary()
        }
    }

    func freezeRun(_ request: RunRef, context: RPCContext) async throws -> RunSummary {
        let run = try await self.database.read { db in try RunRecord.require(db, request.runID) }
        if run.status != RunSummary.Status.frozen.rawValue {
            // The year closes at its owners first: once frozen, nothing can be dated in it (R-MGT-2). A freeze
            // that fails here leaves the run live, to be frozen again.
            try await self.closing.send(.init(year: run.year, closedByRun: run.id), doing: "freezing the run")
        }
        return try await self.database.writeIdempotent(context) { db in
            var record = try RunRecord.require(db, request.runID)
            if record.status == RunSummary.Status.frozen.rawValue { return try record.summary() }
            if let other = try Self.frozenRun(db, year: record.year) {
                throw RPCError.failedPrecondition("\(record.year) is already frozen in run \(other.id)", rule: .mgt2, field: "runID")
            }
            record.status = RunSummary.Status.frozen.rawValue
            record.frozenAt = Date()
            try record.update(db, columns: ["status", "frozenAt"])  // the snapshot is not loaded: never rewrite it
            try Self.grantCredits(db, run: record)
            return try record.summary()
        }
    }

    /// Credits for the leader and each subject leader of every passing provincial studio, once per teacher and
    /// year whatever the number of studios they serve (R-MGT-6, ``CreditAward``).
    static func grantCredits(_ db: Database, run: RunRecord) throws {
        let rules = try RuleSetRecord.version(db, year: run.year, version: run.ruleSetVersion)
        guard rules.creditsPerTeacher > 0 else { return }
        let passing = Set(
            try String.fetchAll(db, sql: "SELECT studioID FROM result WHERE runID = ? AND passed AND level = 'province'", arguments: [run.id])
        )
        let snapshots = try RunRecord.snapshot(db, id: run.id).filter { passing.contains($0.membership.studioID) }
        let now = Date()
        let columns = CreditRecord.Columns.self
        // A teacher is credited once a year, whichever of their studios passed first (R-MGT-6).
        for entry in CreditAward.entries(passing: snapshots)
        where try CreditRecord.filter(columns.year == run.year && columns.teacherID == entry.teacherID).isEmpty(db) {
            var credit = CreditRecord(
                year: run.year,
                teacherID: entry.teacherID,
                studioID: entry.studioID,
                role: entry.role,
                credits: rules.creditsPerTeacher,
                createdAt: now
            )
            try credit.insert(db)
        }
    }

    /// Closures, demotions and promotions to membership, shortlisting of passing provincial leaders to identity
    /// (R-APP-2); each call carries an idempotency key derived from the run, so applying twice changes nothing twice.
    ///
    /// Closures go first and free their quota places (R-LVL-3); then demotions, as the studios moved down already
    /// exist; then promotions, city studios before county ones. A move membership refuses (a quota used up, a
    /// studio without a county to move down to) is tried again after the others, as long as a pass applies
    /// something — a promotion to the province frees the city place a demotion was refused — and what is still
    /// refused is reported in `notApplied` with membership's reason.
    func applyOutcomes(_ request: RunRef, context: RPCContext) async throws -> OutcomesApplied {
        let (run, results) = try await self.database.read { db in
            let run = try RunRecord.require(db, request.runID)
            return (run, try ResultRecord.filter(ResultRecord.Columns.runID == run.id).fetchAll(db).map { try $0.result() })
        }
        guard run.status == RunSummary.Status.frozen.rawValue else {
            throw RPCError.failedPrecondition(
                "outcomes are applied from the year's frozen run; \(run.id) is live",
                rule: .mgt2,
                field: "runID"
            )
        }
        let order: [LevelProposal] = [.close, .demote, .promote]
        var pending = results.filter { $0.proposal != .keep }.sorted {
            (order.firstIndex(of: $0.proposal) ?? 0, $0.level.order, $0.rank) < (order.firstIndex(of: $1.proposal) ?? 0, $1.level.order, $1.rank)
        }
        var applied: [LevelProposal: [String]] = [:]
        var refusals: [String: String] = [:]
        var progressed = true
        while progressed && !pending.isEmpty {
            progressed = false
            var refused: [StudioResult] = []
            for result in pending {
                do {
                    try await self.apply(result, year: run.year, key: "assessment-\(run.id)-\(result.studioID)-\(result.proposal.rawValue)")
                    applied[result.proposal, default: []].append(result.studioID)
                    progressed = true
                } catch let error as RPCError where error.status == .failedPrecondition || error.status == .invalidArgument {
                    refusals[result.studioID] = error.message
                    refused.append(result)
                }
            }
            pending = refused
        }
        let notApplied = pending.map { "\($0.studioID) (\($0.proposal.rawValue)): \(refusals[$0.studioID] ?? "")" }
        var shortlisted = 0
        var notShortlisted: [String] = []
        for result in results where result.passed && result.level == .province {
            do {
                _ = try await self.identity.call(
                    Identity.importPreviousRoundPasses,
                    .init(year: run.year + 1, leaderIDs: [result.leaderID]),
                    options: .init(idempotencyKey: "assessment-\(run.id)-shortlist-\(result.leaderID)")
                )
                shortlisted += 1
            } catch let error as RPCError where error.status == .notFound {
                notShortlisted.append(result.leaderID)  // no identity account (e.g. a roster imported without one)
            }
        }
        let credits = try await self.database.read { db in
            try CreditRecord.filter(CreditRecord.Columns.year == run.year).fetchCount(db)
        }
        return OutcomesApplied(
            closed: applied[.close] ?? [],
            demoted: applied[.demote] ?? [],
            promoted: applied[.promote] ?? [],
            notApplied: notApplied,
            shortlisted: shortlisted,
            notShortlisted: notShortlisted,
            credits: credits
        )
    }

    /// A result's proposal, as a membership call.
    private func apply(_ result: StudioResult, year: Int, key: String) async throws {
        let options = CallOptions(idempotencyKey: key)
        switch result.proposal {
        case .keep:
            return
        case .close:
            _ = try await self.membership.call(
                Membership.closeStudio,
                .init(
                    studioID: result.studioID,
                    reason: "\(year)年度考核：设而不建、建而不用（R-MGT-5）"
                ),
                options: options
            )
        case .demote:
            _ = try await self.membership.call(
                Membership.changeLevel,
                .init(
                    studioID: result.studioID,
                    level: result.level == .province ? .city : .county,
                    reason: "\(year)年度考核未通过（R-LVL-2）"
                ),
                options: options
            )
        case .promote:
            _ = try await self.membership.call(
                Membership.changeLevel,
                .init(
                    studioID: result.studioID,
                    level: result.level == .county ? .city : .province,
                    reason: "\(year)年度考核\(result.level == .county ? "县级" : "市级")第\(result.rank)名，逐级晋升（R-LVL-2）"
                ),
                options: options
            )
        }
    }

    func listRuns(_ request: AssessmentYear, context: RPCContext) async throws -> [RunSummary] {
        try await self.database.read { db in
            try RunRecord.filter(RunRecord.Columns.year == request.year).order(RunRecord.Columns.createdAt.desc).fetchAll(db).map { try $0.summary() }
        }
    }

    func setManualScore(_ request: ManualScoreRequest, context: RPCContext) async throws -> ManualScore {
        let caller = try context.requirePrincipal()
        let studio = try await Membership.requireStudio(request.studioID, over: self.membership)
        if !caller.has(.provinceOffice) {
            guard let workstation = caller.workstation, workstation == studio.workstation else {
                throw RPCError.permissionDenied("only the workstation of studio \(studio.id) scores it", rule: .mgt1)
            }
        }
        let score = ManualScore(
            year: request.year,
            studioID: studio.id,
            indicator: request.indicator,
            score: request.score,
            scoredBy: caller.subject,
            scoredAt: Date()
        )
        return try await self.database.writeIdempotent(context) { db in
            if try Self.frozenRun(db, year: request.year) != nil {
                throw RPCError.failedPrecondition("the \(request.year) ranking is frozen", rule: .mgt2, field: "year")
            }
            let rules = try RuleSetRecord.current(db, year: request.year).ruleSet
            guard let indicator = rules.manualIndicators.first(where: { $0.name == request.indicator }) else {
                throw RPCError.invalidArgument("the \(request.year) rules have no manual indicator '\(request.indicator)'", field: "indicator")
            }
            guard request.score <= indicator.maximum else {
                throw RPCError.invalidArgument("'\(indicator.name)' is scored 0–\(indicator.maximum)", field: "score")
            }
            try ManualScoreRecord(score, comment: request.comment).upsert(db)
            return score
        }
    }

    // MARK: - Helpers

    static func frozenRun(_ db: Database, year: Int) throws -> RunRecord? {
        try RunRecord.filter(RunRecord.Columns.year == year && RunRecord.Columns.status == RunSummary.Status.frozen.rawValue).fetchOne(db)
    }

    static func manualScores(_ db: Database, year: Int) throws -> [String: [String: Double]] {
        var scores: [String: [String: Double]] = [:]
        for record in try ManualScoreRecord.filter(ManualScoreRecord.Columns.year == year).fetchAll(db) {
            scores[record.studioID, default: [:]][record.indicator] = record.score
        }
        return scores
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
