import ArgumentParser
import Foundation
import Logging
import Programme
import RPCServer
import Settings

/// The command-line options every service takes; each falls back to an environment variable, then the JSON file
/// of `--config-file` (`CONFIG_FILE`), then a default (through swift-configuration: ``SettingsSource``).
///
/// | flag | environment | default |
/// |---|---|---|
/// | `--http-host` | `HTTP_HOST` | `127.0.0.1` |
/// | `--http-port` | `HTTP_PORT` | the service's port (8081–8085); 0 picks a free one |
/// | `--data-dir` | `DATA_DIR` | `./data` |
/// | `--tls-cert`, `--tls-key` | `TLS_CERT`, `TLS_KEY` | none (h2c + HTTP/1.1) |
/// | `--log-level` | `LOG_LEVEL` | `info` |
/// | `--peers-<service>-url` | `PEERS_<SERVICE>_URL` | `http://127.0.0.1:<its default port>` |
/// | `--peers-ca-file` | `PEERS_CA_FILE` | none: the system's roots verify https:// peers |
/// | `--jwks-file` | `JWKS_FILE` | none: keys come from identity's `identity.getKeySet` |
/// | `--service-token-file` | `SERVICE_TOKEN_FILE` | none: peers see the caller's token only |
/// | `--max-body-bytes`, `--max-batch-length`, `--max-nesting-depth` | `MAX_BODY_BYTES`, … | 1 MiB, 100, 32 |
/// | `--max-deadline-ms`, `--drain-timeout-ms` | `MAX_DEADLINE_MS`, `DRAIN_TIMEOUT_MS` | 60000, 10000 |
/// | `--max-anonymous-body-bytes` | `MAX_ANONYMOUS_BODY_BYTES` | 65536 |
/// | `--max-buffered-bytes-per-connection`, `--max-buffered-bytes-per-process` | `MAX_BUFFERED_BYTES_PER_…` | 8 MiB, 128 MiB |
/// | `--max-connections` | `MAX_CONNECTIONS` | 8192 (lowered below the file limit) |
/// | `--header-timeout-ms`, `--idle-timeout-ms`, `--body-timeout-ms` | `HEADER_TIMEOUT_MS`, … | 10000, 60000, 30000 |
/// | `--config-file` | `CONFIG_FILE` | none; in the file, `http.port` is `{"http": {"port": …}}` |
public struct ServiceOptions: ParsableArguments, Sendable {
    @Option(help: "JSON file of settings, keys nested by their dots: {\"http\": {\"port\": 8081}} (CONFIG_FILE).")
    public var configFile: String?
    @Option(help: "Address to listen on (HTTP_HOST).") public var httpHost: String?
    @Option(help: "Port to listen on; 0 picks a free port (HTTP_PORT).") public var httpPort: Int?
    @Option(help: "Directory of the service's SQLite database (DATA_DIR).") public var dataDir: String?
    @Option(help: "PEM certificate chain; with --tls-key the port speaks TLS (TLS_CERT).") public var tlsCert: String?
    @Option(help: "PEM private key (TLS_KEY).") public var tlsKey: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (LOG_LEVEL).") public var logLevel: String?
    @Option(help: "URL of the identity service (PEERS_IDENTITY_URL).") public var peersIdentityUrl: String?
    @Option(help: "URL of the membership service (PEERS_MEMBERSHIP_URL).") public var peersMembershipUrl: String?
    @Option(help: "URL of the resources service (PEERS_RESOURCES_URL).") public var peersResourcesUrl: String?
    @Option(help: "URL of the activities service (PEERS_ACTIVITIES_URL).") public var peersActivitiesUrl: String?
    @Option(help: "URL of the assessment service (PEERS_ASSESSMENT_URL).") public var peersAssessmentUrl: String?
    @Option(help: "PEM file of the CA that signs peers' certificates, for https:// peer URLs (PEERS_CA_FILE).")
    public var peersCaFile: String?
    @Option(help: "JWKS file to verify access tokens with, instead of asking identity (JWKS_FILE).") public var jwksFile: String?
    @Option(help: "File holding this service's own access token (role service) for asking peers on its own behalf (SERVICE_TOKEN_FILE).")
    public var serviceTokenFile: String?
    @Option(help: "Largest request body in bytes (MAX_BODY_BYTES).") public var maxBodyBytes: Int?
    @Option(help: "Most requests in one batch (MAX_BATCH_LENGTH).") public var maxBatchLength: Int?
    @Option(help: "Deepest JSON nesting (MAX_NESTING_DEPTH).") public var maxNestingDepth: Int?
    @Option(help: "Longest a call may run, in ms (MAX_DEADLINE_MS).") public var maxDeadlineMs: Int?
    @Option(help: "How long shutdown waits for in-flight calls, in ms (DRAIN_TIMEOUT_MS).") public var drainTimeoutMs: Int?

    @Option(help: "Largest body of a request without a valid access token (MAX_ANONYMOUS_BODY_BYTES).")
    public var maxAnonymousBodyBytes: Int?
    @Option(help: "Most request-body bytes one connection may hold (MAX_BUFFERED_BYTES_PER_CONNECTION).")
    public var maxBufferedBytesPerConnection: Int?
    @Option(help: "Most request-body bytes the process may hold (MAX_BUFFERED_BYTES_PER_PROCESS).")
    public var maxBufferedBytesPerProcess: Int?
    @Option(help: "Most open connections, lowered below the file limit (MAX_CONNECTIONS).") public var maxConnections: Int?
    @Option(help: "Time for a connection's first request head, or an HTTP/1.1 head, in ms (HEADER_TIMEOUT_MS).")
    public var headerTimeoutMs: Int?
    @Option(help: "Time a connection may stay open with no request in progress, in ms (IDLE_TIMEOUT_MS).")
    public var idleTimeoutMs: Int?
    @Option(help: "Time a request body may go without a byte, in ms (BODY_TIMEOUT_MS).") public var bodyTimeoutMs: Int?

    public init() {}

    public static func defaultPort(of service: String) -> Int {
        PlatformService(rawValue: service)?.defaultPort ?? PlatformService.identity.defaultPort
    }

    /// What the command line gave, by settings key (see ``SettingsSource``).
    var flags: [String: SettingsSource.Flag?] {
        func text(_ value: String?) -> SettingsSource.Flag? { value.map { .string($0) } }
        func number(_ value: Int?) -> SettingsSource.Flag? { value.map { .int($0) } }
        return [
            "config.file": text(self.configFile),
            "http.host": text(self.httpHost), "http.port": number(self.httpPort), "data.dir": text(self.dataDir),
            "tls.cert": text(self.tlsCert), "tls.key": text(self.tlsKey), "log.level": text(self.logLevel),
            "peers.identity.url": text(self.peersIdentityUrl), "peers.membership.url": text(self.peersMembershipUrl),
            "peers.resources.url": text(self.peersResourcesUrl), "peers.activities.url": text(self.peersActivitiesUrl),
            "peers.assessment.url": text(self.peersAssessmentUrl), "peers.ca.file": text(self.peersCaFile),
            "jwks.file": text(self.jwksFile), "service.token.file": text(self.serviceTokenFile),
            "max.body.bytes": number(self.maxBodyBytes), "max.batch.length": number(self.maxBatchLength),
            "max.nesting.depth": number(self.maxNestingDepth), "max.deadline.ms": number(self.maxDeadlineMs),
            "drain.timeout.ms": number(self.drainTimeoutMs), "max.anonymous.body.bytes": number(self.maxAnonymousBodyBytes),
            "max.buffered.bytes.per.connection": number(self.maxBufferedBytesPerConnection),
            "max.buffered.bytes.per.process": number(self.maxBufferedBytesPerProcess),
            "max.connections": number(self.maxConnections), "header.timeout.ms": number(self.headerTimeoutMs),
            "idle.timeout.ms": number(self.idleTimeoutMs), "body.timeout.ms": number(self.bodyTimeoutMs),
        ]
    }

    /// The sources of this service's settings, with a service's own flags (`extra`) beside the shared ones.
    public func source(
        adding extra: [String: SettingsSource.Flag?] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> SettingsSource {
        try await SettingsSource(flags: self.flags.merging(extra) { shared, _ in shared }, environment: environment)
    }

    /// Connection limits and timeouts; every one must be positive.
    static func resolveConnectionLimits(_ limits: inout RPCLimits, from source: SettingsSource) throws {
        func positive(_ key: String, _ fallback: Int) throws -> Int {
            let value = try source.int(key, default: fallback)
            guard value > 0 else { throw ValidationError("\(SettingsSource.variable(key))=\(value) must be positive") }
            return value
        }
        limits.maxAnonymousBodyBytes = try positive("max.anonymous.body.bytes", limits.maxAnonymousBodyBytes)
        limits.maxBufferedBytesPerConnection = try positive("max.buffered.bytes.per.connection", limits.maxBufferedBytesPerConnection)
        limits.maxBufferedBytesPerProcess = try positive("max.buffered.bytes.per.process", limits.maxBufferedBytesPerProcess)
        limits.maxConnections = try positive("max.connections", limits.maxConnections)
        limits.headerTimeout = .milliseconds(try positive("header.timeout.ms", 10_000))
        limits.idleTimeout = .milliseconds(try positive("idle.timeout.ms", 60_000))
        limits.bodyTimeout = .milliseconds(try positive("body.timeout.ms", 30_000))
    }

    /// 1 MiB on every service: large inputs stream on their own routes (files on resources, application forms and
    /// training-system rosters on identity) or go in pages (imports of resources, activities and rosters).
    static func defaultMaxBodyBytes(of service: String) -> Int { 1 << 20 }

    /// The resolved settings for `service`.
    public func resolve(service: String, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ServiceSettings {
        try Self.resolve(service: service, from: try await self.source(environment: environment))
    }

    /// The resolved settings for `service`, from `source`.
    public static func resolve(service: String, from source: SettingsSource) throws -> ServiceSettings {
        let port = try source.int("http.port", default: Self.defaultPort(of: service))
        guard (0...65535).contains(port) else { throw ValidationError("port \(port) is outside 0…65535") }
        let levelText = source.string("log.level") ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw ValidationError("log level '\(levelText)' is not one of trace, debug, info, notice, warning, error")
        }
        let cert = source.string("tls.cert")
        let key = source.string("tls.key")
        guard (cert == nil) == (key == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        var limits = RPCLimits(
            maxBodyBytes: try source.int("max.body.bytes", default: Self.defaultMaxBodyBytes(of: service)),
            maxBatchLength: try source.int("max.batch.length", default: 100),
            maxNestingDepth: try source.int("max.nesting.depth", default: 32),
            maxDeadline: .milliseconds(try source.int("max.deadline.ms", default: 60_000)),
            drainTimeout: .milliseconds(try source.int("drain.timeout.ms", default: 10_000))
        )
        try Self.resolveConnectionLimits(&limits, from: source)
        var peers: [PlatformService: String] = [:]
        for peer in PlatformService.allCases {
            peers[peer] = source.string("peers.\(peer.rawValue).url") ?? peer.defaultURL
        }
        return ServiceSettings(
            service: service,
            server: RPCServer.Configuration(
                host: source.string("http.host") ?? "127.0.0.1",
                port: port,
                tlsCertificatePath: cert,
                tlsKeyPath: key,
                limits: limits
            ),
            dataDirectory: source.string("data.dir") ?? "./data",
            logLevel: level,
            peerURLs: peers,
            peerTrustRoots: source.string("peers.ca.file"),
            jwksFile: source.string("jwks.file"),
            serviceTokenFile: source.string("service.token.file")
        )
    }
}

/// A service's resolved settings.
public struct ServiceSettings: Sendable {
    public var service: String
    public var server: RPCServer.Configuration
    public var dataDirectory: String
    public var logLevel: Logger.Level
    /// Where each other service is; one not named is looked for at its default URL.
    public var peerURLs: [PlatformService: String]
    /// Extra trusted roots for https:// peers.
    public var peerTrustRoots: String?
    public var jwksFile: String?
    /// See ``ServiceCredential``.
    public var serviceTokenFile: String?

    public init(
        service: String,
        server: RPCServer.Configuration,
        dataDirectory: String,
        logLevel: Logger.Level = .info,
        peerURLs: [PlatformService: String] = [:],
        peerTrustRoots: String? = nil,
        jwksFile: String? = nil,
        serviceTokenFile: String? = nil
    ) {
        self.serviceTokenFile = serviceTokenFile
        self.peerTrustRoots = peerTrustRoots
        self.service = service
        self.server = server
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.peerURLs = peerURLs
        self.jwksFile = jwksFile
    }
}
