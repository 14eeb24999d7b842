import Foundation
import RPCTesting

/// The five executables as processes, every one told where the others are (ports chosen up front, since identity
/// and membership call each other), each on its own SQLite file under `directory`.
struct Platform {
    let directory: URL
    let identity: ServiceProcess
    let membership: ServiceProcess
    let resources: ServiceProcess
    let activities: ServiceProcess
    let assessment: ServiceProcess

    var all: [ServiceProcess] { [self.identity, self.membership, self.resources, self.activities, self.assessment] }

    static let names = ["identity", "membership", "resources", "activities", "assessment"]

    /// Starts all five; `extra` arguments go to every one. The ports are chosen before anything binds them (the
    /// services name each other), so another test may take one meanwhile: then the five start again on new ports.
    static func start(in directory: URL, extra: [String] = [], identityExtra: [String] = []) async throws -> Platform {
        var attempt = 1
        while true {
            do {
                return try await Self.startOnce(in: directory, extra: extra, identityExtra: identityExtra)
            } catch let error as InteropError where error.description.contains("Address already in use") && attempt < 4 {
                attempt += 1
            }
        }
    }

    private static func startOnce(in directory: URL, extra: [String], identityExtra: [String]) async throws -> Platform {
        var ports: [String: Int] = [:]
        for name in Self.names { ports[name] = try await freeLocalPort() }
        let peers = Self.names.flatMap { ["--peers-\($0)-url", "http://127.0.0.1:\(ports[$0] ?? 0)"] }
        var started: [ServiceProcess] = []
        // The services' own token, minted with identity's key before anything starts (mint-token makes the key).
        let serviceToken = directory.appendingPathComponent("service.token").path
        try await TestAccounts.mintServiceToken(
            identityData: directory.appendingPathComponent("identity").path,
            into: serviceToken
        )
        for name in Self.names {
            do {
                started.append(
                    try await ServiceProcess(
                        name,
                        arguments: [
                            "--http-port", "\(ports[name] ?? 0)", "--data-dir", directory.appendingPathComponent(name).path,
                            "--service-token-file", serviceToken,
                        ] + peers + extra + (name == "identity" ? identityExtra : []),
                        logDirectory: directory
                    )
                )
            } catch {
                // Those already up stop before the next attempt (their data stays: the next start reuses it).
                for service in started.reversed() { _ = await service.terminate() }
                throw error
            }
        }
        return Platform(
            directory: directory,
            identity: started[0],
            membership: started[1],
            resources: started[2],
            activities: started[3],
            assessment: started[4]
        )
    }

    /// Starts the five in `directory` (see ``start(in:extra:identityExtra:)``), runs `body`, and stops them
    /// whether it succeeded or threw.
    static func with(in directory: URL, identityExtra: [String] = [], _ body: (Platform) async throws -> Void) async throws {
        let platform = try await Self.start(in: directory, identityExtra: identityExtra)
        do {
            try await body(platform)
        } catch {
            await platform.stop()
            throw error
        }
        await platform.stop()
    }

    /// An access token minted offline by `identity mint-token`.
    func mint(
        _ subject: String,
        _ role: String,
        city: String? = nil,
        county: String? = nil,
        workstation: String? = nil
    ) async throws -> String {
        let scope =
            (city.map { ["--city", $0] } ?? []) + (county.map { ["--county", $0] } ?? [])
            + (workstation.map { ["--workstation", $0] } ?? [])
        return try await ServiceProcess.run(
            "identity",
            [
                "mint-token", "--data-dir", self.directory.appendingPathComponent("identity").path, "--subject", subject,
                "--role", role,
            ] + scope
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SIGTERM to every process, assessment first.
    func stop() async {
        for service in self.all.reversed() { _ = await service.terminate() }
    }
}
