import ArgumentParser
import ConsoleService
import Foundation
import Hummingbird
import Logging
import Programme
import Settings

/// `console`: the platform's web console, for browsers over HTTP/1.1, or TLS with HTTP/2. Every page is built from the five services.
@main
struct ConsoleApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "The platform's web console (port 8080).")

    @Option(help: "JSON file of settings, keys nested by their dots: {\"http\": {\"port\": 8080}} (env CONFIG_FILE).")
    var configFile: String?
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
    @Flag(help: "Mark cookies Secure: the console is served behind TLS (env SECURE_COOKIES=1 or true).") var secureCookies = false
    @Option(help: "trace, debug, info, notice, warning, error (env LOG_LEVEL).") var logLevel: String?

    /// What the command line gave, by settings key: a flag beats its variable, which beats the config file.
    private var flags: [String: SettingsSource.Flag?] {
        func text(_ value: String?) -> SettingsSource.Flag? { value.map { .string($0) } }
        return [
            "config.file": text(self.configFile), "http.host": text(self.httpHost), "http.port": self.httpPort.map { .int($0) },
            "peers.identity.url": text(self.peersIdentityUrl), "peers.membership.url": text(self.peersMembershipUrl),
            "peers.resources.url": text(self.peersResourcesUrl), "peers.activities.url": text(self.peersActivitiesUrl),
            "peers.assessment.url": text(self.peersAssessmentUrl), "training.sign.in.url": text(self.trainingSignInUrl),
            "tls.cert": text(self.tlsCert), "tls.key": text(self.tlsKey), "log.level": text(self.logLevel),
            "secure.cookies": self.secureCookies ? .bool(true) : nil,
        ]
    }

    func run() async throws {
        let source = try await SettingsSource(flags: self.flags)
        var logger = Logger(label: "console")
        logger.logLevel = Logger.Level(rawValue: source.string("log.level") ?? "notice") ?? .notice
        let port = try source.int("http.port", default: PlatformService.consolePort)
        guard (0...65535).contains(port) else { throw ValidationError("--http-port must be 0–65535, not \(port)") }
        var peers: [String: String] = [:]
        for service in PlatformService.allCases {
            peers[service.rawValue] = source.string("peers.\(service.rawValue).url") ?? service.defaultURL
        }
        let options = Console.Options(
            host: source.string("http.host") ?? "127.0.0.1",
            port: port,
            peers: peers,
            secureCookies: source.bool("secure.cookies") ?? false,
            trainingSignInURL: source.string("training.sign.in.url"),
            tlsCertificatePath: source.string("tls.cert"),
            tlsKeyPath: source.string("tls.key")
        )
        let app = try Console.application(options, logger: logger) { address in
            // The first line on stdout, as the five services print theirs: how scripts and tests find the port.
            FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
        }
        try await app.runService()
    }
}
