import Foundation
import JSONRPC
import RPCServer
import RPCTesting
import Testing

/// What plain HTTP clients see: statuses, probes, metrics, request ids (PROTOCOL.md, "Transport" and "Errors").
@Suite("HTTP surface over HTTP/1.1", .timeLimit(.minutes(10)))
struct HTTPSurfaceTests {
    static let limits = RPCLimits(maxBodyBytes: 2048)

    func withServer(_ body: (RunningServer) async throws -> Void) async throws {
        try await withRunningServer(methods: Calc.methods, keys: nil, configuration: .init(limits: Self.limits), body)
    }

    @Test("a JSON-RPC answer is HTTP 200, errors included, with the request id echoed")
    func okAndRequestID() async throws {
        try await self.withServer { server in
            let ok = try await HTTP1.post(
                port: server.port,
                body: #"{"jsonrpc":"2.0","method":"nope","id":1}"#,
                headers: ["x-request-id": "req-42"]
            )
            #expect(ok.status == 200)
            #expect(ok.headers["x-request-id"] == "req-42")
            #expect(ok.json?["error"]?["code"] == -32601)
            let generated = try await HTTP1.post(port: server.port, body: #"{"jsonrpc":"2.0","method":"health.check","id":1}"#)
            #expect(generated.headers["x-request-id"]?.isEmpty == false)
        }
    }

    @Test("only notifications: 204 with no body")
    func noContent() async throws {
        try await self.withServer { server in
            let response = try await HTTP1.post(
                port: server.port,
                body: #"{"jsonrpc":"2.0","method":"calc.notifyHello","params":{"values":[1]}}"#
            )
            #expect(response.status == 204)
            #expect(response.body.isEmpty)
        }
    }

    @Test("GET on /rpc is 405, another content type 415, an oversized body 413, an unknown path 404")
    func statuses() async throws {
        try await self.withServer { server in
            #expect(try await HTTP1.get(port: server.port, path: "/rpc").status == 405)
            #expect(try await HTTP1.post(port: server.port, body: "{}", contentType: "text/plain").status == 415)
            let big = #"{"jsonrpc":"2.0","method":"calc.sum","params":{"values":["# + String(repeating: "1,", count: 2000) + "1]},\"id\":1}"
            #expect(try await HTTP1.post(port: server.port, body: big).status == 413)
            #expect(try await HTTP1.get(port: server.port, path: "/nowhere").status == 404)
            // The server is still fine after the refusals.
            let after = try await HTTP1.post(port: server.port, body: #"{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,2]},"id":1}"#)
            #expect(after.json?["result"] == 3)
        }
    }

    @Test("a charset suffix on the content type is accepted")
    func charset() async throws {
        try await self.withServer { server in
            let response = try await HTTP1.post(
                port: server.port,
                body: #"{"jsonrpc":"2.0","method":"calc.getData","id":1}"#,
                contentType: "application/json; charset=utf-8"
            )
            #expect(response.json?["result"] == ["hello", 5])
        }
    }

    @Test("probes: /healthz and /readyz answer 200; /metrics counts calls by method and status")
    func probesAndMetrics() async throws {
        try await self.withServer { server in
            #expect(try await HTTP1.get(port: server.port, path: "/healthz").status == 200)
            #expect(try await HTTP1.get(port: server.port, path: "/readyz").status == 200)
            _ = try await HTTP1.post(port: server.port, body: #"{"jsonrpc":"2.0","method":"calc.fail","params":{"kind":"rpc"},"id":1}"#)
            let metrics = try await HTTP1.get(port: server.port, path: "/metrics")
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(metrics.body.contains(#"rpc_server_requests_total{method="calc.fail",status="FAILED_PRECONDITION"} 1"#))
            #expect(metrics.body.contains("rpc_server_duration_seconds_bucket"))
            #expect(metrics.body.contains("rpc_server_in_flight"))
        }
    }
}
