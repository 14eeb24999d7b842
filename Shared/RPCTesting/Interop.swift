import Foundation
import Subprocess
import SystemPackage

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

    /// Runs `executable` with `arguments` (and `input` on its standard input) and returns its standard output;
    /// throws if it exits non-zero, with its standard error.
    ///
    /// Programs start through swift-subprocess, never Foundation's `Process`: its `run()` in Swift 6.3.1 reads past
    /// a buffer while listing open descriptors (swift-corelibs-foundation#5472) and crashed the test process.
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil) async throws -> String {
        let result = try await Subprocess.run(
            .path(FilePath(executable)),
            arguments: Arguments(arguments),
            input: .string(input ?? ""),
            output: .string(limit: 64 << 20),
            error: .string(limit: 1 << 20)
        )
        guard case .exited(0) = result.terminationStatus else {
            throw InteropError("\(executable) ended with \(result.terminationStatus): \(result.standardError ?? "")")
        }
        return result.standardOutput ?? ""
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
        timeout: Duration = .seconds(10),
        _ condition: () async -> Bool
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
