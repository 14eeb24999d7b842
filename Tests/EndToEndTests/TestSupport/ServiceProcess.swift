import Foundation
import RPCClient
import RPCTesting

/// One of the platform's executables, started as a real process for the end-to-end suite.
final class ServiceProcess: Sendable {
    let name: String
    let program: RunningProgram
    let port: Int
    let logFile: URL

    /// The directory holding the executables built with the tests (`swift test` builds them beside the test bundle).
    static let binaries: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // `swift test` may run `<name>.xctest` directly or a helper inside the build directory.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("membership").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }()

    /// Starts `name` with `arguments` and waits for its `listening on HOST:PORT` line.
    init(_ name: String, arguments: [String], logDirectory: URL) async throws {
        self.name = name
        self.logFile = logDirectory.appendingPathComponent("\(name).log")
        self.program = try await RunningProgram(
            Self.binaries.appendingPathComponent(name).path,
            arguments: arguments,
            logFile: self.logFile
        )
        guard let line = await self.program.line(startingWith: "listening on ") else {
            let log = (try? String(contentsOf: self.logFile, encoding: .utf8)) ?? ""
            throw InteropError("\(name) exited before printing its ready line: \(log.suffix(400))")
        }
        guard let port = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last.flatMap({ Int($0) }) else {
            throw InteropError("\(name) printed an unreadable ready line: \(line)")
        }
        self.port = port
    }

    var isRunning: Bool { self.program.isRunning }
    var processIdentifier: Int32 { self.program.processIdentifier }

    var url: String { "http://127.0.0.1:\(self.port)" }

    func transport(token: String? = nil) throws -> HTTP2Transport {
        try HTTP2Transport(
            configuration: .init(host: "127.0.0.1", port: self.port, connectTimeout: .seconds(30)),
            tokenProvider: { token }
        )
    }

    /// Sends SIGTERM and returns the exit status once the process has ended.
    func terminate() async -> Int32 { await self.program.stop(signal: SIGTERM) }

    /// Sends SIGKILL (a crash: no drain, no clean close) and waits for the process to end.
    func kill() async { await self.program.stop(signal: SIGKILL) }

    func log() -> String { (try? String(contentsOf: self.logFile, encoding: .utf8)) ?? "" }

    /// Runs another of the executables to completion (e.g. `identity mint-token`) and returns its output.
    static func run(_ name: String, _ arguments: [String]) async throws -> String {
        try await Interop.run(Self.binaries.appendingPathComponent(name).path, arguments)
    }
}
