import AssessmentAPI
import Foundation
import IdentityAPI
import JSONRPC
import RPCClient
import RPCTesting
import Testing

/// The corners an outside tester found, against the five processes: each answered with a clear error naming the
/// member, and every service still up afterwards.
@Suite("End to end: request corners answered, never crashed on", .timeLimit(.minutes(10)))
struct RequestCornerTests {
    static func call(_ service: ServiceProcess, _ body: String, token: String? = nil) async throws -> JSONValue {
        let answer = try await service.transport(token: token).send(Data(body.utf8), options: .init(methodName: "raw"))
        return try JSONCoding.decoder.decode(JSONValue.self, from: answer ?? Data("null".utf8))
    }

    @Test("huge years, params that are not structured, a limit below 1, a malformed date, a bare '=' in a query and a range to Int64.max")
    func corners() async throws {
        try await withTemporaryDirectory { directory in
            let platform = try await Platform.start(in: directory)
            let office = try await platform.mint("office-1", "provinceOffice")
            let teacher = try await platform.mint("t-42", "teacher")

            // identity.getCalendar, applyAsLeader and applyAsSubjectLeader with a year no calendar holds: refused.
            for year in [10_000_000, Int.max, Int.min, -1] {
                let answer = try await Self.call(
                    platform.identity,
                    #"{"jsonrpc":"2.0","method":"identity.getCalendar","params":{"year":\#(year)},"id":1}"#,
                    token: teacher
                )
                #expect(answer["error"]?["data"]?["status"] == "INVALID_ARGUMENT")
                #expect(answer["error"]?["data"]?["field"] == "year")
            }
            let leader = try await Self.call(
                platform.identity,
                #"""
                {"jsonrpc":"2.0","method":"identity.applyAsLeader","id":1,"params":{"year":10000000,"level":"province",
                 "kind":"subject","stage":"primary","subject":"数学","phone":"13800000000"}}
                """#,
                token: teacher
            )
            #expect(leader["error"]?["data"]?["field"] == "year")

            // "params": "bar" makes the request object invalid, on every service.
            for service in platform.all {
                let answer = try await Self.call(service, #"{"jsonrpc":"2.0","method":"health.check","params":"bar","id":7}"#)
                #expect(answer["error"]?["code"] == -32600, "\(service.name): \(answer)")
                #expect(answer["id"] == 7)
            }

            // A refusal names the member as the caller wrote it.
            let credits = try await Self.call(
                platform.assessment,
                #"{"jsonrpc":"2.0","method":"assessment.pullCredits","params":{"cursor":0,"limit":-5},"id":1}"#,
                token: office
            )
            #expect(credits["error"]?["data"]?["field"] == "limit")
            let calendar = try await Self.call(
                platform.identity,
                #"""
                {"jsonrpc":"2.0","method":"identity.setCalendar","id":1,"params":{"year":2027,"leaderApplicationsClose":"16 April",
                 "cityListsClose":"2027-04-28T23:59:59+08:00","subjectLeaderApplicationsClose":"2027-04-30T23:59:59+08:00"}}
                """#,
                token: office
            )
            #expect(calendar["error"]?["code"] == -32602)
            #expect(calendar["error"]?["data"]?["field"] == "leaderApplicationsClose")
            #expect(calendar["error"]?["message"]?.stringValue?.contains("RFC 3339") == true)
            // Fractional seconds, as JavaScript writes them, are a date like any other.
            let fractional = try await Self.call(
                platform.identity,
                #"""
                {"jsonrpc":"2.0","method":"identity.setCalendar","id":1,"params":{"year":2027,"leaderApplicationsClose":"2027-04-16T15:59:59.000Z",
                 "cityListsClose":"2027-04-28T23:59:59+08:00","subjectLeaderApplicationsClose":"2027-04-30T23:59:59+08:00"}}
                """#,
                token: office
            )
            #expect(fractional["result"]?["year"] == 2027, "\(fractional)")

            // Resources' streamed routes: a query pair with no name, and a range ending at Int64.max.
            let files = try platform.resources.transport(token: teacher)
            let bare = try await files.send("GET", path: "/files/\(String(repeating: "a", count: 64))?=")
            #expect(bare.status == 404)
            let range = try await files.send(
                "GET",
                path: "/files/\(String(repeating: "a", count: 64))",
                headers: [("range", "bytes=0-9223372036854775807")]
            )
            #expect(range.status == 404)

            // A JSON-RPC body is at most 1 MiB on every service: 1.5 MiB is refused before it is read.
            let oversized = #"{"jsonrpc":"2.0","method":"health.check","id":1}"# + String(repeating: " ", count: 3 << 19)
            for service in platform.all {
                let refusal = await failure { try await Self.call(service, oversized, token: office) }
                #expect(refusal?.status == .resourceExhausted, "\(service.name): \(String(describing: refusal))")
            }

            // rpc.discover declares every member: decideLeaderApplication's reason and the decision's cases,
            // loadRuleSet's whole rule set, getComposition's checks[].passed.
            func params(_ service: ServiceProcess, _ name: String) async throws -> [String: JSONValue] {
                let document = try await service.transport().call(Reserved.discover)
                guard case .array(let methods)? = document["methods"],
                    let method = methods.first(where: { $0["name"]?.stringValue == name }),
                    case .array(let list)? = method["params"]
                else { return [:] }
                var byName: [String: JSONValue] = [:]
                for param in list { if let key = param["name"]?.stringValue { byName[key] = param["schema"] } }
                byName["$result"] = method["result"]?["schema"]
                return byName
            }
            let decide = try await params(platform.identity, "identity.decideLeaderApplication")
            #expect(decide["reason"] != nil)
            #expect(decide["decision"]?["enum"] == ["recommend", "return", "shortlist", "reject"])
            let ruleSet = try await params(platform.assessment, "assessment.loadRuleSet")["ruleSet"]?["properties"]
            for member in ["year", "basicTasks", "indicators", "tiers", "fundedStudios", "idle", "levelChanges", "creditsPerTeacher"] {
                #expect(ruleSet?[member] != nil, "loadRuleSet's ruleSet does not declare \(member)")
            }
            #expect(ruleSet?["basicTasks"]?["items"]?["properties"]?["threshold"] != nil)
            let composition = try await params(platform.membership, "membership.getComposition")["$result"]
            #expect(composition?["properties"]?["checks"]?["items"]?["properties"]?["passed"] != nil)

            for service in platform.all {
                #expect(service.isRunning, "\(service.name) stopped: \(service.log().suffix(1500))")
                #expect(try await service.transport().call(Reserved.healthCheck).status == .serving)
            }
            await platform.stop()
        }
    }
}
