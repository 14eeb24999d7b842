import Crypto
import Foundation
import JSONRPC
import MembershipAPI
import RPCClient
import RPCTesting
import ResourcesAPI
import Testing

/// The resources process killed (SIGKILL) in the middle of an upload: after a restart nothing of it is visible,
/// the database names no missing file, and the same upload then succeeds.
@Suite(
    "End to end: resources killed during an upload",
    .timeLimit(.minutes(10)),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"))
)
struct CrashDuringUploadTests {
    @Test("SIGKILL mid-upload leaves no partial file; the retried upload is stored whole")
    func killedMidUpload() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.path
            let identity = try await ServiceProcess(
                "identity",
                arguments: ["--http-port", "0", "--data-dir", "\(data)/identity"],
                logDirectory: directory
            )
            let membership = try await ServiceProcess(
                "membership",
                arguments: [
                    "--http-port", "0", "--data-dir", "\(data)/membership", "--peers-identity-url", identity.url,
                ],
                logDirectory: directory
            )
            let resourcesPort = try await freeLocalPort()
            func startResources() async throws -> ServiceProcess {
                try await ServiceProcess(
                    "resources",
                    arguments: [
                        "--http-port", "\(resourcesPort)", "--data-dir", "\(data)/resources", "--peers-identity-url", identity.url,
                        "--peers-membership-url", membership.url,
                    ],
                    logDirectory: directory
                )
            }
            var resources = try await startResources()
            let token = try await ServiceProcess.run(
                "identity",
                ["mint-token", "--data-dir", "\(data)/identity", "--subject", "t-1", "--role", "teacher"]
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)

            // A 4 MB video sent at 256 KB/s by curl: the kill lands while it is still arriving.
            var video = Data([0, 0, 0, 0x18] + Array("ftypmp42".utf8) + [0, 0, 0, 0] + Array("mp42isom".utf8))
            video.append(Data((0..<4_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
            let sha256 = SHA256.hash(data: video).map { String(format: "%02x", $0) }.joined()
            let file = directory.appendingPathComponent("lesson.mp4")
            try video.write(to: file)
            let curl = try await RunningProgram(
                "/usr/bin/curl",
                arguments: [
                    "--http2-prior-knowledge", "-sS", "-o", "/dev/null", "--limit-rate", "256K",
                    "-H", "authorization: Bearer \(token)", "-T", file.path, "\(resources.url)/files/\(sha256)",
                ],
                logFile: nil
            )
            // Wait until part of the body is in: the store's unnamed file exists only while an upload is open.
            try await Self.waitUntilUploading(pid: resources.processIdentifier)
            await resources.kill()
            _ = await curl.wait()

            resources = try await startResources()
            let stored = try FileManager.default.subpathsOfDirectory(atPath: "\(data)/resources/files").filter { $0.contains(sha256) }
            #expect(stored.isEmpty)
            let client = try resources.transport(token: token)
            #expect(try await client.send("HEAD", path: "/files/\(sha256)").status == 404)
            let retried = try await client.send("PUT", path: "/files/\(sha256)", body: FileBodySource(path: file.path))
            #expect(retried.status == 201)
            #expect(try await client.send("GET", path: "/files/\(sha256)").body == video)
            _ = await resources.terminate()
            _ = await membership.terminate()
            _ = await identity.terminate()
        }
    }

    /// Polls the process's open files (10 ms apart, 5 s at most) for the upload's unnamed temporary file.
    static func waitUntilUploading(pid: Int32) async throws {
        for _ in 0..<500 {
            let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            for descriptor in descriptors {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)")) ?? ""
                if target.contains("/resources/files/"), target.contains("(deleted)") || target.contains("#") { return }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the upload never started")
    }
}
