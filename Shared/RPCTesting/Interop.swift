import Foundation
import Synchronization

/// Running outside programs (curl, nghttp, python3) against the services, and waiting for conditions.
public enum Interop {
    /// The executable `name` on the PATH, or nil.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Starts `process`, one start at a time in this test process: Foundation's `Process.run()` on Linux was seen to
    /// crash (a bad memcpy inside it) when several tests started programs at the same moment. Issue 18 moves these
    /// launches to swift-subprocess.
    public static func launch(_ process: Process) throws {
        try self.launchLock.withLock { _ in try process.run() }
    }

    private static let launchLock = Mutex(())

    /// Runs `executable` with `arguments` and returns its standard output; throws if it exits non-zero.
    ///
    /// The process is waited for on a thread of its own, never on the concurrency pool: a blocked pool thread would
    /// starve the in-process server the program is talking to.
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.runBlocking(executable, arguments, input: input) })
            }
        }
    }

    static func runBlocking(_ executable: String, _ arguments: [String], input: String?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try self.launch(process)
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Standard error is read after standard output; a program that fills the error pipe first is not expected here.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InteropError(
                "\(executable) exited \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A python3 that can `import module`: Debian's first (where `apt-get install python3-h2` puts it), then PATH's.
    public static func python(with module: String) async -> String? {
        for candidate in ["/usr/bin/python3", self.find("python3")].compactMap({ $0 }) {
            if (try? await self.run(candidate, ["-c", "import \(module)"])) != nil { return candidate }
        }
        return nil
    }

    /// Polls `condition` until it holds, for at most `timeout`: for states a test observes from outside.
    public static func waitUntil(
        timeout: Duration = .seconds(10), _ condition: () async -> Bool
    ) async throws {
        let end = ContinuousClock.now + timeout
        while !(await condition()) {
            guard ContinuousClock.now < end else { throw InteropError("condition not met within \(timeout)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

public struct InteropError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
