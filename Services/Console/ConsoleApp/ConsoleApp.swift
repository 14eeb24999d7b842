import ArgumentParser
import ConsoleService
import Foundation
import Hummingbird
import Logging
import Programme

/// `console`: the platform's web console, for browsers over HTTP/1.1, or TLS with HTTP/2. Every page is built from the five services.
@main
struct ConsoleApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "The platform's web console (port 8080).")

    @Option(help: "Address to listen on (env HTTP_HOST).") var httpHost: String?
    @Option(help: "Port to listen on; 0 picks a free one (env HTTP_PORT).") var httpPort: Int?
    @Option(help: "identity's URL (env PEERS_IDENTITY_URL).") var peersIdentityUrl: String?
    @Option(help: "membership's URL (env PEERS_MEMBERSHIP_URL).") var peersMembershipUrl: String?
    @Option(help: "resources' URL (env PEERS_RESOURCES_URL).") var peersResourcesUrl: String?
    @Option(help: "activities' URL (env PEERS_ACTIVITIES_URL).") var peersActivitiesUrl: String?
    @Option(help: "assessment's URL (env PEERS_ASSESSMENT_URL).") var peersAssessmentUrl: String?
    @Option(help: "The teacher-training system's sign-in page for teachers (env TRAINING_SIGN_IN_URL).") var trainingSignInUrl: String?
    @Option(help: "PEM certificate chain; with --tls-key the port speaks TLS, HTTP/2 or HTTP/1.1 by ALPN (env TLS_CERT).") var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert (env TLS_KEY).") var tlsKey: String?
    @Flag(help: "Mark cookies Secure: the console is served behind TLS (env SECURE_COOKIES=1).") var secureCookies = false
    @Option(help: "trace, debug, info, notice, warning, error (env LOG_LEVEL).") var logLevel: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        func setting(_ value: String?, _ name: String, _ fallback: String) -> String { value ?? environment[name] ?? fallback }
        var logger = Logger(label: "console")
        logger.logLevel = Logger.Level(rawValue: setting(self.logLevel, "LOG_LEVEL", "notice")) ?? .notice
        let portText = self.httpPort.map(String.init) ?? environment["HTTP_PORT"] ?? String(PlatformService.consolePort)
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ValidationError("--http-port must be 0–65535, not \(portText)")
        }
        var peers: [String: String] = [:]
        let flags: [PlatformService: String?] = [
            .identity: self.peersIdentityUrl, .membership: self.peersMembershipUrl, .resources: self.peersResourcesUrl,
            .activities: self.peersActivitiesUrl, .assessment: self.peersAssessmentUrl,
        ]
        for service in PlatformService.allCases {
            let name = service.rawValue
            peers[name] = setting(flags[service] ?? nil, "PEERS_\(name.uppercased())_URL", service.defaultURL)
        }
        let options = Console.Options(
            host: setting(self.httpHost, "HTTP_HOST", "127.0.0.1"),
            port: port,
            peers: peers,
            secureCookies: self.secureCookies || environment["SECURE_COOKIES"] == "1",
            trainingSignInURL: self.trainingSignInUrl ?? environment["TRAINING_SIGN_IN_URL"],
            tlsCertificatePath: self.tlsCert ?? environment["TLS_CERT"],
            tlsKeyPath: self.tlsKey ?? environment["TLS_KEY"]
        )
        let app = try Console.application(options, logger: logger) { address in
            // The first line on stdout, as the five services print theirs: how scripts and tests find the port.
            FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
        }
        try await app.runService()
    }
}
