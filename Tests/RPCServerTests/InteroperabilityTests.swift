import Foundation
import JSONRPC
import RPCTesting
import Testing

/// Clients the project did not write: curl (h2c prior knowledge), nghttp, and Python's h2.
@Suite("Interoperability with other HTTP/2 clients", .timeLimit(.minutes(10)))
struct InteroperabilityTests {
    static let call = #"{"jsonrpc":"2.0","method":"calc.subtract","params":{"minuend":42,"subtrahend":23},"id":3}"#

    @Test("curl --http2-prior-knowledge gets the answer over h2c")
    func curl() async throws {
        guard let curl = Interop.find("curl") else {
            Issue.record("curl is not installed: .ci/run installs it (apt-get install curl)")
            return
        }
        try await withRunningServer(methods: Calc.methods, keys: nil) { server in
            let output = try await Interop.run(
                curl,
                [
                    "-s", "--http2-prior-knowledge", "-w", "\\n%{http_version}", "-H", "content-type: application/json",
                    "-d", Self.call, "\(server.url)/rpc",
                ]
            )
            #expect(output.contains(#""result":19"#))
            #expect(output.hasSuffix("\n2"))
        }
    }

    @Test("nghttp (nghttp2's client) gets the answer over h2c")
    func nghttp() async throws {
        guard let nghttp = Interop.find("nghttp") else {
            Issue.record("nghttp is not installed: .ci/run installs it (apt-get install nghttp2-client)")
            return
        }
        try await withTemporaryDirectory { directory in
            let bodyFile = directory.appendingPathComponent("body.json").path
            try Self.call.write(toFile: bodyFile, atomically: true, encoding: .utf8)
            try await withRunningServer(methods: Calc.methods, keys: nil) { server in
                let output = try await Interop.run(nghttp, ["-d", bodyFile, "-H", "content-type: application/json", "\(server.url)/rpc"])
                #expect(output.contains(#""result":19"#))
            }
        }
    }

    @Test("Python's h2 library opens a connection, sends two concurrent streams, reads both answers")
    func pythonH2() async throws {
        guard let python = await Interop.python(with: "h2") else {
            Issue.record("python3 with h2 is not installed: .ci/run installs it (apt-get install python3-h2)")
            return
        }
        let script = """
            import socket, sys, json, h2.connection, h2.events
            port = int(sys.argv[1])
            s = socket.create_connection(("127.0.0.1", port))
            c = h2.connection.H2Connection()
            c.initiate_connection()
            bodies = {}
            for sid, n in ((1, 1), (3, 2)):
                body = json.dumps({"jsonrpc": "2.0", "method": "calc.sum", "params": {"values": [n, 10]}, "id": n}).encode()
                c.send_headers(sid, [(":method", "POST"), (":path", "/rpc"), (":scheme", "http"), (":authority", "x"),
                                     ("content-type", "application/json")])
                c.send_data(sid, body, end_stream=True)
                bodies[sid] = b""
            s.sendall(c.data_to_send())
            done = set()
            while len(done) < 2:
                data = s.recv(65535)
                if not data: sys.exit("the server closed the connection")
                for e in c.receive_data(data):
                    if isinstance(e, h2.events.DataReceived):
                        bodies[e.stream_id] += e.data
                        c.acknowledge_received_data(len(e.data), e.stream_id)
                    if isinstance(e, h2.events.StreamEnded):
                        done.add(e.stream_id)
                s.sendall(c.data_to_send())
            print(json.loads(bodies[1])["result"], json.loads(bodies[3])["result"])
            """
        try await withRunningServer(methods: Calc.methods, keys: nil) { server in
            let output = try await Interop.run(python, ["-c", script, String(server.port)])
            #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "11 12")
        }
    }
}
