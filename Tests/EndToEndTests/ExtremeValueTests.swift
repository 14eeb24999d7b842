import Foundation
import JSONRPC
import RPCClient
import RPCTesting
import Testing

/// Every method of every service, called with each numeric member at Int.min, Int.max, 2^53, −1 and 0 and each text
/// member 100,000 characters long, by the province office and by a teacher: each call is answered (a result or an
/// error), and every service is still up at the end. The list of methods and members is the services' own
/// `rpc.discover` documents (each validated first against the official OpenRPC meta-schema), so a method added later
/// is swept too.
@Suite("End to end: extreme values against every method", .timeLimit(.minutes(10)))
struct ExtremeValueTests {
    @Test("no params of any method stop a service, hang it, or go unanswered")
    func sweep() async throws {
        try await withTemporaryDirectory { directory in
            let platform = try await Platform.start(in: directory)
            let office = try await platform.mint("office-1", "provinceOffice")
            let teacher = try await platform.mint("t-42", "teacher")
            var calls = 0
            for service in platform.all {
                let document = try await service.transport().call(Reserved.discover)
                let invalid = try await OpenRPCValidation.problems(document)
                #expect(invalid.isEmpty, "\(service.name)'s rpc.discover is not a valid OpenRPC document: \(invalid)")
                guard case .array(let methods)? = document["methods"] else {
                    Issue.record("\(service.name): rpc.discover has no methods")
                    continue
                }
                var work: [(method: String, label: String, params: JSONValue)] = []
                for method in methods {
                    guard let name = method["name"]?.stringValue, name != "rpc.discover" else { continue }
                    let schema = Self.paramsSchema(of: method)
                    for variant in ParamsFromSchema.extremes(of: schema) { work.append((name, variant.path, variant.params)) }
                }
                let clients = [try service.transport(token: office), try service.transport(token: teacher)]
                let unanswered = await Self.send(work, through: clients)
                calls += work.count * clients.count
                for problem in unanswered { Issue.record("\(service.name): \(problem)") }
                #expect(service.isRunning, "\(service.name) stopped during the sweep: \(service.log().suffix(2000))")
            }
            for service in platform.all {
                let health = try? await service.transport().call(Reserved.healthCheck)
                #expect(health?.status == .serving, "\(service.name) does not answer health.check after the sweep")
            }
            #expect(calls > 1000, "the sweep made only \(calls) calls")
            await platform.stop()
        }
    }

    /// The params object's schema, rebuilt from the document's list of named params.
    static func paramsSchema(of method: JSONValue) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        if case .array(let params)? = method["params"] {
            for param in params {
                if let name = param["name"]?.stringValue, let schema = param["schema"] { properties[name] = schema }
            }
        }
        return ["type": "object", "properties": .object(properties)]
    }

    /// Sends every call through every client, 16 at a time; answers what went unanswered.
    static func send(
        _ work: [(method: String, label: String, params: JSONValue)],
        through clients: [HTTP2Transport]
    ) async
        -> [String]
    {
        let jobs = clients.flatMap { client in work.map { (client, $0) } }
        var problems: [String] = []
        await withTaskGroup(of: String?.self) { group in
            var next = 0
            func launch() {
                guard next < jobs.count else { return }
                let (client, job) = jobs[next]
                next += 1
                group.addTask {
                    let request: JSONValue = ["jsonrpc": "2.0", "method": .string(job.method), "params": job.params, "id": 1]
                    do {
                        let body = try JSONCoding.encoder.encode(request)
                        let answer = try await client.send(body, options: .init(methodName: job.method, timeout: .seconds(30)))
                        let response = try answer.map { try JSONCoding.decoder.decode(JSONValue.self, from: $0) }
                        guard response?["result"] != nil || response?["error"]?["code"] != nil else {
                            return "\(job.method) \(job.label): not a JSON-RPC answer"
                        }
                        if response?["error"]?["data"]?["status"] == "DEADLINE_EXCEEDED" {
                            return "\(job.method) \(job.label): ran past its deadline"
                        }
                        return nil
                    } catch {
                        return "\(job.method) \(job.label): \(error)"
                    }
                }
            }
            for _ in 0..<16 { launch() }
            for await problem in group {
                if let problem { problems.append(problem) }
                launch()
            }
        }
        return problems
    }
}
