import Foundation
import JSONRPC
import Programme
import Testing

/// The programme's rules as constants: each cited by its notice id on the wire, each with its statement.
@Suite("Rules: one constant per R-… id, cited on the wire by its id")
struct RuleTests {
    @Test("every rule has a well-formed, distinct id and a statement")
    func idsAndStatements() {
        let ids = Rule.allCases.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in Rule.allCases {
            #expect(rule.id.wholeMatch(of: /R-[A-Z]+-[0-9]+/) != nil, "\(rule.id) is not an R-… id")
            #expect(!rule.statement.isEmpty, "\(rule.id) has no statement")
        }
        #expect(Rule.allCases.count == 46)  // DOMAIN.md's 44 and the platform's R-MEMB-1 and R-ACT-1
    }

    @Test("a refusal citing a rule constant carries the rule's id in error.data.rule, beside the field")
    func refusalCarriesTheID() throws {
        let error = RPCError.failedPrecondition("at most 15 subject leaders", rule: .comp2, field: "teacherID")
        #expect(error.rule == "R-COMP-2")
        #expect(error.data?.field == "teacherID")
        let encoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(error))
        #expect(encoded["data"]?["rule"]?.stringValue == "R-COMP-2")
    }
}
