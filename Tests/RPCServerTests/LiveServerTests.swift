import Auth
import Foundation
import JSONRPC
import Logging
import Programme
import RPCClient
import RPCServer
import RPCTesting
import Testing

/// A real server on an ephemeral port, called over real HTTP/2 with the project's own client.
@Suite("Live server over h2c and TLS", .timeLimit(.minutes(10)))
struct LiveServerTests {
    @Test("calls over h2c return results and echo typed errors")
    func h2cCalls() async throws {
        try await withRunningServer(methods: Calc.methods, keys: nil) { server in
            let client = try server.transport()
            #expect(try await client.call(Calc.subtract, .init(minuend: 42, subtrahend: 23)) == 19)
            #expect(try await client.call(Reserved.healthCheck) == HealthStatus(status: .serving))
            await #expect(throws: RPCError.failedPrecondition("quota reached", rule: "R-LVL-3")) {
                try await client.call(Calc.fail, .init(kind: "rpc"))
            }
        }
    }

    @Test("five hundred concurrent calls share one connection")
    func concurrency() async throws {
        try await withRunningServer(methods: Calc.methods, keys: nil) { server in
            let client = try server.transport()
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<500 {
                    group.addTask { try await client.call(Calc.sum, .init(values: [index, 1])) }
                }
                var total = 0
                for try await value in group { total += value }
                #expect(total == (0..<500).reduce(0, +) + 500)
            }
        }
    }

    @Test("a slow handler past the caller's deadline answers DEADLINE_EXCEEDED, and the connection stays usable")
    func deadline() async throws {
        try await withRunningServer(methods: Calc.methods, keys: nil) { server in
            let client = try server.transport()
            let started = ContinuousClock.now
            let late = await #expect(throws: RPCError.self) {
                try await client.call(Calc.sleep, .init(milliseconds: 60_000), options: .init(timeout: .milliseconds(200)))
            }
            #expect(late?.status == .deadlineExceeded)
            // Far below the handler's minute, with room for a machine busy with other tests.
            #expect(ContinuousClock.now - started < .seconds(30))
            // The server answers by itself when rpc-timeout-ms passes, before the client's own timer.
            let body = #"{"jsonrpc":"2.0","method":"calc.sleep","params":{"milliseconds":60000},"id":1}"#
            let response = try await HTTP1.post(port: server.port, body: body, headers: ["rpc-timeout-ms": "100"])
            #expect(response.json?["error"]?["data"]?["status"] == "DEADLINE_EXCEEDED", "\(response.status) \(response.body)")
            #expect(try await client.call(Calc.subtract, .init(minuend: 2, subtrahend: 1)) == 1)
        }
    }

    @Test("tokens: missing, expired and badly signed are UNAUTHENTICATED; the wrong role is PERMISSION_DENIED")
    func authentication() async throws {
        let keys = try await TestKeys()
        let stranger = try await TestKeys(keyID: "test-key")
        try await withRunningServer(methods: Calc.methods, keys: keys) { server in
            let office = try await keys.token(subject: "office-1", roles: .provinceOffice)
            #expect(try await server.transport(token: office).call(Calc.officeOnly) == "office-1")

            func status(_ token: String?) async -> RPCStatus? {
                do {
                    _ = try await server.transport(token: token).call(Calc.officeOnly)
                    return nil
                } catch let error as RPCError {
                    return error.status
                } catch {
                    return .unknown
                }
            }
            #expect(await status(nil) == .unauthenticated)
            let expired = try await keys.token(
                Principal(subject: "office-1", roles: [.provinceOffice]),
                lifetime: .seconds(60),
                now: Date().addingTimeInterval(-3600)
            )
            #expect(await status(expired) == .unauthenticated)
            #expect(await status(try await stranger.token(subject: "office-1", roles: .provinceOffice)) == .unauthenticated)
            #expect(await status("not-a-jwt") == .unauthenticated)
            #expect(await status(try await keys.token(subject: "t-1", roles: .teacher)) == .permissionDenied)
        }
    }

    @Test("TLS with ALPN h2 serves the same calls, and HTTP/1.1 over TLS too")
    func tls() async throws {
        try await withTemporaryDirectory { directory in
            let certificate = try SelfSignedCertificate(in: directory)
            let configuration = RPCServer.Configuration(
                tlsCertificatePath: certificate.certificatePath,
                tlsKeyPath: certificate.keyPath
            )
            try await withRunningServer(methods: Calc.methods, keys: nil, configuration: configuration) { server in
                let client = try HTTP2Transport(
                    configuration: .init(
                        host: "127.0.0.1",
                        port: server.port,
                        useTLS: true,
                        trustRootsPath: certificate.certificatePath
                    )
                )
                #expect(try await client.call(Calc.subtract, .init(minuend: 5, subtrahend: 3)) == 2)
                if let curl = Interop.find("curl") {
                    let output = try await Interop.run(
                        curl,
                        [
                            "-s", "--cacert", certificate.certificatePath, "--http1.1",
                            "-H", "content-type: application/json", "-d", #"{"jsonrpc":"2.0","method":"health.check","id":1}"#,
                            "https://localhost:\(server.port)/rpc",
                        ]
                    )
                    #expect(output.contains("SERVING"))
                }
            }
        }
    }

    @Test("a bad certificate path is a clear start-up error")
    func badCertificate() {
        let configuration = RPCServer.Configuration(tlsCertificatePath: "/nonexistent/cert.pem", tlsKeyPath: "/nonexistent/key.pem")
        let dispatcher = RPCDispatcher(methods: Calc.methods, limits: .init(), verifier: nil, metrics: RPCMetrics(), logger: Logger(label: "test"))
        #expect(throws: RPCServer.ServerError.self) {
            _ = try RPCServer(configuration: configuration, dispatcher: dispatcher, logger: Logger(label: "test"))
        }
    }

    @Test("graceful shutdown lets an in-flight call finish")
    func gracefulShutdown() async throws {
        let (started, signalStart) = AsyncStream.makeStream(of: Void.self)
        var methods = Calc.methods
        let slow = RPCMethod<Empty, String>("test.slow", summary: "Signals, then works a while.", access: .anyone)
        methods.register(slow) { _, _ in
            signalStart.yield()
            try await Task.sleep(for: .milliseconds(300))
            return "finished"
        }
        try await withRunningServer(methods: methods, keys: nil) { server in
            let client = try server.transport()
            async let answer = client.call(slow)
            var iterator = started.makeAsyncIterator()
            await iterator.next()
            await server.shutdown()
            #expect(try await answer == "finished")
        }
    }

    @Test("the client reconnects after the server restarts on the same port")
    func reconnect() async throws {
        // A port no other fixture of this process is handed, outside the ephemeral range, so no other test's server
        // can take it between the two starts.
        let port = try await freeLocalPort()
        let client = try HTTP2Transport(configuration: .init(host: "127.0.0.1", port: port))
        try await withRunningServer(methods: Calc.methods, keys: nil, configuration: .init(port: port)) { _ in
            let sum = try await client.call(Calc.sum, .init(values: [1, 2]))
            #expect(sum == 3)
        }
        let down = await #expect(throws: RPCError.self) { try await client.call(Calc.sum, .init(values: [1])) }
        #expect(down?.status == .unavailable)
        try await withRunningServer(methods: Calc.methods, keys: nil, configuration: .init(port: port)) { _ in
            try await Interop.waitUntil {
                do { return try await client.call(Calc.sum, .init(values: [2, 2])) == 4 } catch {
                    print("reconnect attempt failed: \(error)")
                    return false
                }
            }
        }
    }

    @Test("rpc.discover lists every registered method with the schemas of its params and result")
    func discover() async throws {
        try await withRunningServer(methods: Calc.methods, keys: nil) { server in
            let document = try await server.transport().call(Reserved.discover)
            #expect(document["openrpc"] == "1.3.2")
            guard case .array(let methods)? = document["methods"] else {
                Issue.record("no methods")
                return
            }
            let names = Set(methods.compactMap { $0["name"]?.stringValue })
            #expect(names == Set(Calc.methods.names + ["rpc.discover", "health.check"]))
            let subtract = methods.first { $0["name"] == "calc.subtract" }
            #expect(subtract?["result"]?["schema"] == ["type": "integer"])
            guard case .array(let params)? = subtract?["params"] else {
                Issue.record("no params")
                return
            }
            #expect(params.compactMap { $0["name"]?.stringValue } == ["minuend", "subtrahend"])
        }
    }
}
