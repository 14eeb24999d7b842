import Foundation
import RPCServer
import RPCTesting
import Testing

/// One exchange as a client sees it on the wire, over both protocols the one exchange handler serves: HTTP/1.0 and
/// 1.1 connection persistence, and how an HTTP/2 answer is framed.
@Suite("HTTP exchanges on the wire", .timeLimit(.minutes(10)))
struct HTTPExchangeTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts/exchange_frames.py").path

    struct Report: Decodable {
        struct HTTP10: Decodable {
            var status: String
            var closed: Bool
            var body: String
        }
        struct HTTP11: Decodable {
            var answers: Int
            var closed: Bool
        }
        struct H2: Decodable {
            var frames: [String: [String]]
            var status: [String: String]
        }
        var http10: HTTP10
        var http11: HTTP11
        struct Pipelined: Decodable {
            var answers: Int
            var result: Bool
            var closed: Bool
        }
        var pipelined: Pipelined
        var h2: H2
    }

    @Test(
        "HTTP/1.0 without keep-alive is answered and closed; HTTP/1.1 keeps the connection until asked to close, pipelined requests included; an HTTP/2 answer ends with its last frame, a HEAD answer with its HEADERS; a body refused from its head still gets the whole answer"
    )
    func framing() async throws {
        guard let python = await Interop.python(with: "h2") else {
            throw InteropError("python3 with h2 is not installed: .ci/run installs it (apt-get install python3-h2)")
        }
        try await withRunningServer(methods: Calc.methods, keys: nil) { server in
            let output = try await Interop.run(python, [Self.script, String(server.port)])
            let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
            #expect(report.http10.status == "HTTP/1.1 200 OK")
            #expect(report.http10.body == "ok\n")
            #expect(report.http10.closed)
            #expect(report.http11.answers == 2)
            #expect(report.http11.closed)
            // The second call is handed over while the first answer is written; the close waits for its answer.
            #expect(report.pipelined.answers == 2)
            #expect(report.pipelined.result)
            #expect(report.pipelined.closed)
            // Two frames carry a small answer: no empty DATA frame of its own to end the stream.
            #expect(report.h2.frames["post"] == ["HEADERS", "DATA(54)", "END"])
            #expect(report.h2.status["post"] == "200")
            #expect(report.h2.frames["head"] == ["HEADERS", "END"])
            #expect(report.h2.status["head"] == "200")
            #expect(report.h2.status["refused"] == "415")
            #expect(report.h2.frames["refused"] == ["HEADERS", "DATA(64)", "END"])
        }
    }
}
