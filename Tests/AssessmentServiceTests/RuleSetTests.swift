import AssessmentAPI
import AssessmentService
import Auth
import Foundation
import JSONRPC
import RPCTesting
import Testing

@Suite("Assessment: yearly rule sets", .timeLimit(.minutes(2)))
struct RuleSetTests {
    static let rules = RuleSet(year: 2019, thresholds: ["R-TASK-5": 10, "R-TASK-6": 5], weights: ["premiumResources": 20])

    /// Runs assessment on a fresh database, with the test's keys standing in for identity's.
    func withAssessment(_ body: (RunningServer, TestKeys) async throws -> Void) async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            try await withRunningService(AssessmentService.definition, dataDirectory: directory,
                                         jwksFile: try keys.writeJWKS(in: directory)) { server in
                try await body(server, keys)
            }
        }
    }

    func status(_ call: () async throws -> some Any) async -> RPCStatus? {
        do { _ = try await call(); return nil } catch { return (error as? RPCError)?.status }
    }

    @Test("the province office loads versions of a year's rules; workstations read the newest; others are refused")
    func loadAndRead() async throws {
        try await self.withAssessment { server, keys in
            let office = try server.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
            #expect(try await office.call(Assessment.loadRuleSet, Self.rules).version == 1)
            var revised = Self.rules
            revised.thresholds["R-TASK-6"] = 6
            #expect(try await office.call(Assessment.loadRuleSet, revised).version == 2)
            let workstation = try server.transport(token: try await keys.token(subject: "ws-1", roles: .workstation))
            let current = try await workstation.call(Assessment.getRuleSet, .init(year: 2019))
            #expect(current.version == 2)
            #expect(current.ruleSet == revised)
            #expect(await self.status { try await workstation.call(Assessment.loadRuleSet, Self.rules) } == .permissionDenied)
            let teacher = try server.transport(token: try await keys.token(subject: "t-1", roles: .teacher))
            #expect(await self.status { try await teacher.call(Assessment.getRuleSet, .init(year: 2019)) } == .permissionDenied)
            #expect(await self.status { try await office.call(Assessment.getRuleSet, .init(year: 2031)) } == .notFound)
        }
    }

    @Test("a threshold keyed by something other than a rule is refused naming it")
    func badThreshold() async throws {
        try await self.withAssessment { server, keys in
            let office = try server.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
            do {
                _ = try await office.call(Assessment.loadRuleSet, RuleSet(year: 2019, thresholds: ["activities": 5], weights: [:]))
                Issue.record("accepted")
            } catch let error as RPCError {
                #expect(error.field == "thresholds.activities")
            }
        }
    }
}
