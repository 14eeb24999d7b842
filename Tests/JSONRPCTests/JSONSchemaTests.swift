import Foundation
import JSONRPC
import MembershipAPI
import Programme
import Testing

@Suite("JSON Schema derived from Codable types")
struct JSONSchemaTests {
    @Test("an object lists its properties, marks the non-optional ones required and shows enum cases")
    func objectSchema() throws {
        let schema = JSONSchema.of(CreateStudioRequest.self)
        #expect(schema["type"] == "object")
        let properties = try #require(schema["properties"])
        #expect(properties["name"] == ["type": "string"])
        #expect(properties["level"]?["enum"] == ["province", "city", "county"])
        let required = try #require(schema["required"])
        guard case .array(let names) = required else {
            Issue.record("required is not an array")
            return
        }
        #expect(names.contains("name"))
        #expect(!names.contains("county"))
    }

    @Test("dates are RFC 3339 strings, arrays describe their items, dictionaries their values")
    func nestedShapes() {
        struct Sample: Codable {
            var at: Date
            var tags: [String]
            var weights: [String: Double]
        }
        let schema = JSONSchema.of(Sample.self)
        #expect(schema["properties"]?["at"] == ["type": "string", "format": "date-time"])
        #expect(schema["properties"]?["tags"] == ["type": "array", "items": ["type": "string"]])
        #expect(schema["properties"]?["weights"] == ["type": "object", "additionalProperties": ["type": "number"]])
    }
}

@Suite("JSON-RPC envelope and errors")
struct EnvelopeTests {
    @Test("a request is encoded with jsonrpc 2.0, the method, params and id; a notification has no id")
    func requestEncoding() throws {
        let call = try JSONCoding.encoder.encode(RequestEnvelope(method: "membership.getStudio", params: GetStudioRequest(id: "s1"), id: .number(7)))
        #expect(String(decoding: call, as: UTF8.self) == #"{"id":7,"jsonrpc":"2.0","method":"membership.getStudio","params":{"id":"s1"}}"#)
        let notification = try JSONCoding.encoder.encode(RequestEnvelope(method: "m.x", params: Empty(), id: nil))
        #expect(!String(decoding: notification, as: UTF8.self).contains("\"id\""))
    }

    @Test("ids round-trip exactly: string, number, null", arguments: [#""abc""#, "42", "null"])
    func idRoundTrip(text: String) throws {
        let id = try JSONCoding.decoder.decode(RPCID.self, from: Data(text.utf8))
        #expect(String(decoding: try JSONCoding.encoder.encode(id), as: UTF8.self) == text)
    }

    @Test("an application error carries its gRPC status, field and rule in data")
    func errorShape() throws {
        let error = RPCError.failedPrecondition("quota reached", rule: "R-LVL-3", field: "city")
        let json = try JSONCoding.decoder.decode(JSONValue.self, from: try JSONCoding.encoder.encode(error))
        #expect(json["code"] == 9)
        #expect(json["data"]?["status"] == "FAILED_PRECONDITION")
        #expect(json["data"]?["rule"] == "R-LVL-3")
        #expect(json["data"]?["field"] == "city")
    }

    @Test("a response with an error decodes to that error; one with a result to the result")
    func responseDecoding() throws {
        let failure = try JSONCoding.decoder.decode(
            ResponseEnvelope<Studio>.self,
            from: Data(
                #"{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"1"}"#.utf8
            )
        )
        #expect(failure.error?.code == .methodNotFound)
        #expect(failure.error?.status == .unimplemented)
        let success = try JSONCoding.decoder.decode(ResponseEnvelope<Int>.self, from: Data(#"{"jsonrpc":"2.0","result":19,"id":1}"#.utf8))
        #expect(success.result == 19)
    }

    @Test("params validation names the field and the rule")
    func validation() {
        let request = CreateStudioRequest(
            name: "x",
            level: .county,
            city: .hangzhou,
            county: nil,
            stage: .primary,
            subject: "数学",
            kind: .subject,
            leaderID: "t1"
        )
        #expect(throws: RPCError.invalidArgument("a county studio names its county (R-GEO-1)", field: "county", rule: "R-GEO-1")) {
            try request.validate()
        }
    }
}
