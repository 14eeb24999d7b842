import ArgumentParser
import Foundation
import Logging
import Programme
import RPCServer

/// The command-line options every service takes; each falls back to an environment variable, then a default.
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
public struct ServiceOptions: ParsableArguments, Sendable {
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

    static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func int(_ flag: Int?, _ variable: String, _ fallback: Int) throws -> Int {
        if let flag { return flag }
        guard let text = Self.environment(variable) else { return fallback }
        guard let value = Int(text) else { throw ValidationError("\(variable)=\(text) is not an integer") }
        return value
    }

    /// Connection limits and timeouts; every one must be positive.
    func resolveConnectionLimits(_ limits: inout RPCLimits) throws {
        func positive(_ flag: Int?, _ variable: String, _ fallback: Int) throws -> Int {
            let value = try self.int(flag, variable, fallback)
            guard value > 0 else { throw ValidationError("\(variable)=\(value) must be positive") }
            return value
        }
        limits.maxAnonymousBodyBytes = try positive(
            self.maxAnonymousBodyBytes,
            "MAX_ANONYMOUS_BODY_BYTES",
            limits.maxAnonymousBodyBytes
        )
        limits.maxBufferedBytesPerConnection = try positive(
            self.maxBufferedBytesPerConnection,
            "MAX_BUFFERED_BYTES_PER_CONNECTION",
            limits.maxBufferedBytesPerConnection
        )
        limits.maxBufferedBytesPerProcess = try positive(
            self.maxBufferedBytesPerProcess,
            "MAX_BUFFERED_BYTES_PER_PROCESS",
            limits.maxBufferedBytesPerProcess
        )
        limits.maxConnections = try positive(self.maxConnections, "MAX_CONNECTIONS", limits.maxConnections)
        limits.headerTimeout = .milliseconds(try positive(self.headerTimeoutMs, "HEADER_TIMEOUT_MS", 10_000))
        limits.idleTimeout = .milliseconds(try positive(self.idleTimeoutMs, "IDLE_TIMEOUT_MS", 60_000))
        limits.bodyTimeout = .milliseconds(try positive(self.bodyTimeoutMs, "BODY_TIMEOUT_MS", 30_000))
    }

    func string(_ flag: String?, _ variable: String) -> String? { flag ?? Self.environment(variable) }

    /// 1 MiB on every service: large inputs stream on their own routes (files on resources, application forms and
    /// training-system rosters on identity) or go in pages (imports of resources, activities and rosters).
    static func defaultMaxBodyBytes(of service: String) -> Int { 1 << 20 }

    /// The resolved settings for `service`.
    public func resolve(service: String) throws -> ServiceSettings {
        let port = try self.int(self.httpPort, "HTTP_PORT", Self.defaultPort(of: service))
        guard (0...65535).contains(port) else { throw ValidationError("port \(port) is outside 0…65535") }
        let levelText = self.string(self.logLevel, "LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw ValidationError("log level '\(levelText)' is not one of trace, debug, info, notice, warning, error")
        }
        let cert = self.string(self.tlsCert, "TLS_CERT")
        let key = self.string(self.tlsKey, "TLS_KEY")
        guard (cert == nil) == (key == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        var limits = RPCLimits(
            maxBodyBytes: try self.int(self.maxBodyBytes, "MAX_BODY_BYTES", Self.defaultMaxBodyBytes(of: service)),
            maxBatchLength: try self.int(self.maxBatchLength, "MAX_BATCH_LENGTH", 100),
            maxNestingDepth: try self.int(self.maxNestingDepth, "MAX_NESTING_DEPTH", 32),
            maxDeadline: .milliseconds(try self.int(self.maxDeadlineMs, "MAX_DEADLINE_MS", 60_000)),
            drainTimeout: .milliseconds(try self.int(self.drainTimeoutMs, "DRAIN_TIMEOUT_MS", 10_000))
        )
        try self.resolveConnectionLimits(&limits)
        let flags: [PlatformService: String?] = [
            .identity: self.peersIdentityUrl, .membership: self.peersMembershipUrl, .resources: self.peersResourcesUrl,
            .activities: self.peersActivitiesUrl, .assessment: self.peersAssessmentUrl,
        ]
        var peers: [PlatformService: String] = [:]
        for peer in PlatformService.allCases {
            peers[peer] =
                (flags[peer] ?? nil) ?? Self.environment("PEERS_\(peer.rawValue.uppercased())_URL") ?? peer.defaultURL
        }
        return ServiceSettings(
            service: service,
            server: RPCServer.Configuration(
                host: self.string(self.httpHost, "HTTP_HOST") ?? "127.0.0.1",
                port: port,
                tlsCertificatePath: cert,
                tlsKeyPath: key,
                limits: limits
            ),
            dataDirectory: self.string(self.dataDir, "DATA_DIR") ?? "./data",
            logLevel: level,
            peerURLs: peers,
            peerTrustRoots: self.string(self.peersCaFile, "PEERS_CA_FILE"),
            jwksFile: self.string(self.jwksFile, "JWKS_FILE"),
            serviceTokenFile: self.string(self.serviceTokenFile, "SERVICE_TOKEN_FILE")
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
