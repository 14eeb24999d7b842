import AssessmentAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer

/// `getLiveChecklist`: a studio's checklist as it stands now, for its leader during the year. The owners' records
/// are pulled for this one studio with the service's own token (a leader may not pull metrics; what they are shown
/// is their own studio's), judged by the year's rule set, the studio's floor, its exclusions and manual scores,
/// exactly as the next run would judge it. Nothing is stored: a live checklist is a preview, never a result.
struct LiveChecklistHandler: Sendable {
    let database: any DatabaseWriter
    let pull: MetricPull
    let membership: any RPCTransport
    /// The service's own token, for the pull (nil: the caller's, which only the office and workstations may use).
    let serviceToken: @Sendable () -> String?

    /// Records shown with each line; the line's `total` says how many there are.
    static let recordsPerLine = 100

    func register(in methods: inout RPCMethods) {
        methods.register(Assessment.getLiveChecklist, self.getLiveChecklist)
    }

    func getLiveChecklist(_ request: LiveChecklistRequest, context: RPCContext) async throws -> LiveChecklist {
        let caller = try context.requirePrincipal()
        let studio = try await Membership.requireStudio(request.studioID, over: self.membership)
        if !(caller.has(.teacher) && caller.subject == studio.leaderID) {
            try Supervision.check(
                caller,
                studioID: studio.id,
                workstation: studio.workstation,
                city: studio.city.rawValue,
                level: studio.level,
                refusal:
                    "studio \(studio.id)'s live checklist is for its leader, its workstation, the office and, for a city or county studio, its city's admins"
            )
        }
        let year = request.year ?? ChinaCalendar.year(of: Date())
        let (rules, manual, floors, excluded) = try await self.database.read { db in
            (
                try RuleSetRecord.current(db, year: year), try RunHandlers.manualScores(db, year: year)[studio.id] ?? [:],
                try BureauFloorRecord.current(db, year: year), try Exclusions.load(db, year: year)[studio.id] ?? []
            )
        }
        let pulled = try await self.pull.pull(
            year: year,
            studioIDs: [studio.id],
            options: CallOptions(bearerToken: self.serviceToken())
        )
        guard let raw = pulled.snapshots.first else {
            throw RPCError.failedPrecondition(
                "studio \(studio.id) is not assessed in \(year): it is \(studio.status.rawValue) or founded later",
                field: "studioID"
            )
        }
        let snapshot = Exclusions.apply(excluded, to: raw)
        let result = Evaluation.evaluate(snapshot, rules: rules.ruleSet, manual: manual, bureau: floors.floor(for: snapshot.membership))
        var lines: [LiveLine] = []
        for check in result.checklist {
            let records =
                if Provenance.isRosterLine(check.metric) {
                    Provenance.rosterLine(
                        check.metric,
                        members: try await ProvenanceHandlers.roster(
                            of: snapshot,
                            for: check.metric,
                            over: self.membership
                        ),
                        snapshot: snapshot
                    )
                } else {
                    Provenance.records(check.metric, snapshot: snapshot)
                }
            lines.append(
                LiveLine(
                    check: check,
                    missing: check.missing,
                    total: records.count,
                    records: Array(records.prefix(Self.recordsPerLine))
                )
            )
        }
        return LiveChecklist(
            year: year,
            studioID: studio.id,
            name: studio.name,
            asOf: snapshot.rosterAsOf ?? Date(),
            ruleSetVersion: rules.version,
            floor: result.floor,
            passed: result.passed,
            score: result.score,
            lines: lines,
            breakdown: result.breakdown
        )
    }
}
