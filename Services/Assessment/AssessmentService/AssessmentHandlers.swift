import Auth
import AssessmentAPI
import Foundation
import GRDB
import JSONRPC
import RPCServer
import ServiceKit

/// The assessment methods.
struct AssessmentHandlers: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Assessment.loadRuleSet, self.loadRuleSet)
        methods.register(Assessment.getRuleSet, self.getRuleSet)
    }

    func loadRuleSet(_ request: RuleSet, context: RPCContext) async throws -> RuleSetVersion {
        let caller = try context.requirePrincipal()
        let document = try JSONCoding.encoder.encode(request)
        return try await self.database.writeIdempotent(context) { db in
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM ruleSet WHERE year = ?", arguments: [request.year])
            let record = RuleSetRecord(year: request.year, version: (latest ?? 0) + 1, document: document,
                                       loadedBy: caller.subject, loadedAt: Date())
            try record.insert(db)
            return try record.ruleSetVersion()
        }
    }

    func getRuleSet(_ request: GetRuleSetRequest, context: RPCContext) async throws -> RuleSetVersion {
        let record = try await self.database.read { db in
            try RuleSetRecord.filter(Column("year") == request.year).order(Column("version").desc).fetchOne(db)
        }
        guard let record else { throw RPCError.notFound("no rule set for \(request.year)", field: "year") }
        return try record.ruleSetVersion()
    }
}
