import AssessmentAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Deciding flags: the studio's supervisor accepts (excluding records from the next runs' counts, if named) or
/// dismisses, with a reason; the studio's leader may answer first. Nothing here changes a run already made.
struct FlagReviewHandlers: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Assessment.decideFlag, self.decideFlag)
        methods.register(Assessment.answerFlag, self.answerFlag)
    }

    func decideFlag(_ request: DecideFlagRequest, context: RPCContext) async throws -> AnomalyFlag {
        let caller = try context.requirePrincipal()
        return try await self.database.writeIdempotent(context) { db in
            var (record, flag, result) = try Self.load(db, request.id)
            try Self.checkSupervise(caller, result)
            guard flag.status == .open else {
                throw RPCError.failedPrecondition("flag \(flag.id) was already \(flag.status.rawValue)", field: "id")
            }
            if let frozen = try RunHandlers.frozenRun(db, year: flag.year) {
                throw RPCError.failedPrecondition(
                    "the \(flag.year) ranking was frozen in run \(frozen.id); its flags are closed",
                    rule: .mgt2,
                    field: "id"
                )
            }
            let recordIDs = Set(flag.records.map(\.id))
            let exclude = request.exclude ?? []
            if let index = exclude.firstIndex(where: { !recordIDs.contains($0) }) {
                throw RPCError.invalidArgument("\(exclude[index]) is not one of flag \(flag.id)'s records", field: "exclude[\(index)]")
            }
            let now = Date()
            flag.status = request.status
            flag.decision = FlagDecision(
                status: request.status,
                reason: request.reason,
                excluded: exclude,
                decidedBy: caller.subject,
                decidedAt: now
            )
            for recordID in exclude {
                let excluded = ExcludedRecord(
                    recordID: recordID,
                    flagID: flag.id,
                    check: flag.check,
                    reason: request.reason,
                    decidedBy: caller.subject,
                    decidedAt: now
                )
                try ExclusionRecord(year: flag.year, studioID: flag.studioID, excluded).insert(db, onConflict: .replace)
            }
            record = try FlagRecord(flag)
            try record.update(db)
            return flag
        }
    }

    func answerFlag(_ request: AnswerFlagRequest, context: RPCContext) async throws -> AnomalyFlag {
        let caller = try context.requirePrincipal()
        return try await self.database.writeIdempotent(context) { db in
            var (record, flag, result) = try Self.load(db, request.id)
            guard caller.subject == result.leaderID else {
                throw RPCError.permissionDenied("only the leader of studio \(flag.studioID) answers its flags", rule: .mgt1)
            }
            guard flag.status == .open else {
                throw RPCError.failedPrecondition(
                    "flag \(flag.id) was already \(flag.status.rawValue): answers come before the decision",
                    field: "id"
                )
            }
            flag.answers = (flag.answers ?? []) + [FlagAnswer(by: caller.subject, at: Date(), comment: request.comment)]
            record = try FlagRecord(flag)
            try record.update(db)
            return flag
        }
    }

    static func load(_ db: Database, _ id: String) throws -> (FlagRecord, AnomalyFlag, ResultRecord) {
        guard let record = try FlagRecord.fetchOne(db, key: id) else {
            throw RPCError.notFound("flag \(id) does not exist", field: "id")
        }
        let flag = try record.flag()
        guard let result = try ResultRecord.fetchOne(db, key: ["runID": flag.runID, "studioID": flag.studioID]) else {
            throw RPCError.internalError("flag \(id) names studio \(flag.studioID), which its run \(flag.runID) does not hold")
        }
        return (record, flag, result)
    }

    /// The office; the studio's workstation; a city admin for its city's city and county studios (R-MGT-1).
    static func checkSupervise(_ caller: Principal, _ result: ResultRecord) throws {
        try Supervision.check(
            caller,
            studioID: result.studioID,
            workstation: result.workstation,
            city: result.city,
            level: StudioLevel(rawValue: result.level) ?? .province,
            refusal: "studio \(result.studioID)'s flags are decided by its workstation, the office or, for a city or county studio, its city's admins"
        )
    }
}
