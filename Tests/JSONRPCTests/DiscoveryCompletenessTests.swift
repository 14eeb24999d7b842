import ActivitiesAPI
import AssessmentAPI
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import ResourcesAPI
import Testing

/// Every method's params and result schemas describe every member the types read and write: derived without a
/// gap, and the value the derivation built (every member present) encodes to JSON that conforms to the schema,
/// with nothing undeclared and nothing declared missing.
@Suite("rpc.discover: complete schemas for every method of every service")
struct DiscoveryCompletenessTests {
    static let methods: [RPCMethodDescriptor] =
        Identity.all + Membership.all + Resources.all + Activities.all + Assessment.all + [Reserved.healthCheck.descriptor]

    @Test(
        "each params and result type is described without a gap, and its sample value conforms",
        arguments: Self.methods.map(\.name)
    )
    func complete(name: String) throws {
        let method = try #require(Self.methods.first { $0.name == name })
        for (role, type) in [("params", method.paramsType), ("result", method.resultType)] {
            let problems = Self.check(type)
            #expect(problems.isEmpty, "\(name) \(role): \(problems.joined(separator: "; "))")
        }
    }

    @Test("a type with a member the recorder cannot describe is reported, not silently cut short")
    func gapsAreReported() {
        struct Opaque: Codable, Equatable {
            var value: String
            init(value: String) { self.value = value }
        }
        enum Shade: String, Codable { case light, dark }  // not CaseIterable: no placeholder
        struct Sample: Codable {
            var first: Int
            var shade: Shade
            var last: String
        }
        let derived = JSONSchema.derive(Sample.self)
        #expect(!derived.problems.isEmpty)
        #expect(derived.schema["properties"]?["last"] == nil)
    }

    @Test("the conformance check refuses an undeclared member, a missing required one and a wrong type")
    func conformanceIsStrict() {
        let schema: JSONValue = [
            "type": "object", "required": ["a"],
            "properties": ["a": ["type": "integer"], "b": ["type": "string", "enum": ["x", "y"]]],
        ]
        #expect(SchemaConformance.mismatches(of: ["a": 1, "b": "x"], against: schema).isEmpty)
        #expect(SchemaConformance.mismatches(of: ["a": 1, "c": true], against: schema).count == 1)
        #expect(SchemaConformance.mismatches(of: ["b": "x"], against: schema).count == 1)
        #expect(SchemaConformance.mismatches(of: ["a": "1"], against: schema).count == 1)
        #expect(SchemaConformance.mismatches(of: ["a": 1, "b": "z"], against: schema).count == 1)
    }

    /// Derives `type`'s schema and checks the derivation's own sample against it both ways.
    static func check(_ type: any (Codable & Sendable).Type) -> [String] {
        func open<T: Codable>(_ type: T.Type) -> [String] {
            let derived = JSONSchema.derive(type)
            var problems = derived.problems
            guard let sample = derived.sample else { return problems + ["no sample value could be built"] }
            guard let data = try? JSONCoding.encoder.encode(sample),
                let encoded = try? JSONCoding.decoder.decode(JSONValue.self, from: data)
            else { return problems + ["the sample value does not encode"] }
            problems += SchemaConformance.mismatches(of: encoded, against: derived.schema)
            problems += Self.declaredButAbsent(derived.schema, encoded, path: "$")
            return problems
        }
        return open(type)
    }

    /// Members the schema declares that the sample (with every optional present) does not write.
    static func declaredButAbsent(_ schema: JSONValue, _ value: JSONValue, path: String) -> [String] {
        switch value {
        case .object(let members):
            guard case .object(let properties)? = schema["properties"] else { return [] }
            return properties.sorted { $0.key < $1.key }.flatMap { name, declared -> [String] in
                guard let member = members[name] else { return ["\(path).\(name) is declared but never written"] }
                return Self.declaredButAbsent(declared, member, path: "\(path).\(name)")
            }
        case .array(let elements):
            guard let items = schema["items"], let first = elements.first else { return [] }
            return Self.declaredButAbsent(items, first, path: "\(path)[0]")
        default:
            return []
        }
    }
}
