import Foundation
import JSONRPC

/// Methods of the assessment service: rule sets, runs, rankings. Codes 5000–5999.
public enum Assessment {
    /// Loads a year's rule set (thresholds and weights as data, never code). Caller: the province office.
    /// - Errors: `INVALID_ARGUMENT` naming the field; `FAILED_PRECONDITION` when that year's set is in use.
    public static let loadRuleSet = RPCMethod<RuleSet, RuleSetVersion>(
        "assessment.loadRuleSet", summary: "Loads a new version of a year's rule set.",
        access: .only(.provinceOffice), mutates: true)

    /// The current rule set of a year. Callers: the province office and workstations.
    /// - Errors: `NOT_FOUND`.
    public static let getRuleSet = RPCMethod<GetRuleSetRequest, RuleSetVersion>(
        "assessment.getRuleSet", summary: "The current rule set of a year.",
        access: .only(.provinceOffice, .workstation))

    public static let all: [RPCMethodDescriptor] = [loadRuleSet.descriptor, getRuleSet.descriptor]
}

/// A year's assessment rules: pass/fail thresholds of the basic tasks and scoring weights (DOMAIN.md).
public struct RuleSet: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    /// Threshold per rule, e.g. `"R-TASK-6": 5` (at least 5 research activities).
    public var thresholds: [String: Int]
    /// Weight per scoring indicator.
    public var weights: [String: Double]

    public init(year: Int, thresholds: [String: Int], weights: [String: Double]) {
        self.year = year
        self.thresholds = thresholds
        self.weights = weights
    }

    public func validate() throws(RPCError) {
        guard (2019...2100).contains(self.year) else { throw .invalidArgument("year must be 2019 or later", field: "year") }
        for (rule, value) in self.thresholds.sorted(by: { $0.key < $1.key }) {
            guard rule.hasPrefix("R-") else {
                throw .invalidArgument("threshold key '\(rule)' is not a rule name (R-…)", field: "thresholds.\(rule)")
            }
            guard value >= 0 else { throw .invalidArgument("threshold of \(rule) is negative", field: "thresholds.\(rule)") }
        }
        for (indicator, weight) in self.weights.sorted(by: { $0.key < $1.key }) where !(weight >= 0 && weight <= 1000) {
            throw .invalidArgument("weight of \(indicator) must be within 0…1000", field: "weights.\(indicator)")
        }
    }
}

/// A stored version of a rule set.
public struct RuleSetVersion: Codable, Sendable, Equatable {
    public var year: Int
    public var version: Int
    public var ruleSet: RuleSet
    public var loadedBy: String
    public var loadedAt: Date

    public init(year: Int, version: Int, ruleSet: RuleSet, loadedBy: String, loadedAt: Date) {
        self.year = year
        self.version = version
        self.ruleSet = ruleSet
        self.loadedBy = loadedBy
        self.loadedAt = loadedAt
    }
}

public struct GetRuleSetRequest: Codable, Sendable, Equatable {
    public var year: Int
    public init(year: Int) { self.year = year }
}
