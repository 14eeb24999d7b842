import Foundation
import JSONRPC
import RPCTesting
import Testing

/// The executables read their settings from a JSON file as well as from flags and the environment.
@Suite("End to end: a service configured by file", .timeLimit(.minutes(10)))
struct ConfigFileTests {
    @Test("membership started with only --config-file serves on its port and keeps its database where the file says")
    func startsFromFile() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.appendingPathComponent("membership-data")
            let file = directory.appendingPathComponent("membership.json")
            let settings = #"{"http": {"port": 0}, "data": {"dir": "\#(data.path)"}, "log": {"level": "warning"}}"#
            try Data(settings.utf8).write(to: file)
            let membership = try await ServiceProcess("membership", arguments: ["--config-file", file.path], logDirectory: directory)
            #expect(try await membership.transport().call(Reserved.healthCheck) == HealthStatus(status: .serving))
            #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("membership.sqlite").path))
            #expect(await membership.terminate() == 0)
        }
    }

    @Test("the console reads its port and cookie setting from the file; SECURE_COOKIES as a JSON boolean")
    func consoleFromFile() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("console.json")
            try Data(#"{"http": {"port": 0}, "secure": {"cookies": true}, "log": {"level": "warning"}}"#.utf8).write(to: file)
            let console = try await ServiceProcess("console", arguments: ["--config-file", file.path], logDirectory: directory)
            let page = try await HTTP1.get(port: console.port, path: "/signin")
            #expect(page.status == 200)
            #expect(page.headers.first { $0.key.lowercased() == "set-cookie" }?.value.contains("Secure") == true)
            #expect(await console.terminate() == 0)
        }
    }

    @Test("a file with a value of the wrong type stops the start with the setting's name")
    func refusesABadFile() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("membership.json")
            try Data(#"{"http": {"port": 0}, "idle": {"timeout": {"ms": "soon"}}}"#.utf8).write(to: file)
            let error = await #expect(throws: InteropError.self) {
                _ = try await ServiceProcess.run("membership", ["--config-file", file.path, "--data-dir", directory.path])
            }
            #expect(error?.description.contains("IDLE_TIMEOUT_MS=soon is not an integer") == true, "\(error?.description ?? "")")
        }
    }
}
