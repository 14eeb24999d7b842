import Foundation
import RPCClient
import RPCTesting

/// One of the platform's executables, started as a real process for the end-to-end suite.
final class ServiceProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns this value, one call at a time.
    let name: String
    let process: Process
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
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent(name)
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        FileManager.default.createFile(atPath: self.logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: self.logFile)
        try Interop.launch(process)
        self.process = process
        let handle = stdout.fileHandleForReading
        let logFile = self.logFile
        let line = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            // The ready line is read on a thread of its own: a blocking read must not hold a concurrency-pool thread.
            Thread.detachNewThread {
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty {
                        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                        continuation.resume(throwing: InteropError("\(name) exited before printing its ready line: \(log.suffix(400))"))
                        return
                    }
                    buffer.append(chunk)
                    if let text = String(data: buffer, encoding: .utf8), let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                        continuation.resume(returning: String(line))
                        return
                    }
                }
            }
        }
        guard let port = line.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw InteropError("\(name) printed an unreadable ready line: \(line)")
        }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(self.port)" }

    func transport(token: String? = nil) throws -> HTTP2Transport {
        try HTTP2Transport(configuration: .init(host: "127.0.0.1", port: self.port), tokenProvider: { token })
    }

    /// Sends SIGTERM and returns the exit status once the process has ended.
    func terminate() async -> Int32 {
        self.process.terminate()
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                self.process.waitUntilExit()
                continuation.resume(returning: self.process.terminationStatus)
            }
        }
    }

    /// Sends SIGKILL (a crash: no drain, no clean close) and waits for the process to end.
    func kill() async {
        Foundation.kill(self.process.processIdentifier, SIGKILL)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                self.process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    func log() -> String { (try? String(contentsOf: self.logFile, encoding: .utf8)) ?? "" }

    /// Runs another of the executables to completion (e.g. `identity mint-token`) and returns its output.
    static func run(_ name: String, _ arguments: [String]) async throws -> String {
        try await Interop.run(Self.binaries.appendingPathComponent(name).path, arguments)
    }
}
