import Auth
import GRDB
import JSONRPC
import Logging
import RPCClient
import RPCServer

/// What makes one service: its name, schema and methods. The five executables and the tests start services only
/// through this, so production and test wiring are the same code.
public struct ServiceDefinition: Sendable {
    public let name: String
    public let version: String
    public let migrator: DatabaseMigrator
    /// Registers the service's methods (the reserved ones are added by the host).
    public let register: @Sendable (ServiceEnvironment, inout RPCMethods) async throws -> Void
    /// Where the public keys that verify access tokens come from, unless a JWKS file is configured.
    public let keySetSource: @Sendable (ServiceEnvironment) async throws -> TokenVerifier.KeySetSource

    public init(
        name: String,
        version: String = "0.1.0",
        migrator: DatabaseMigrator,
        keySetSource: @escaping @Sendable (ServiceEnvironment) async throws -> TokenVerifier.KeySetSource,
        register: @escaping @Sendable (ServiceEnvironment, inout RPCMethods) async throws -> Void
    ) {
        self.name = name
        self.version = version
        self.migrator = migrator
        self.keySetSource = keySetSource
        self.register = register
    }
}

/// What a service's handlers get to work with.
public struct ServiceEnvironment: Sendable {
    public let settings: ServiceSettings
    public let database: any DatabaseWriter
    /// A read-only connection for single-statement reads answered on the event loop (``ServiceDatabase/openInlineReader(path:)``).
    public let inlineReader: any DatabaseReader
    public let logger: Logger
    /// This service's own token, for peer calls made on its own behalf.
    public let credential: ServiceCredential
    /// Work repeated while the service serves (the executables run it; in-process tests call the work directly).
    public let jobs = PeriodicJobs()
    private let peers: [String: HTTP2Transport]

    init(settings: ServiceSettings, database: any DatabaseWriter, inlineReader: any DatabaseReader, logger: Logger) throws {
        self.settings = settings
        self.database = database
        self.inlineReader = inlineReader
        self.logger = logger
        self.credential = ServiceCredential(path: settings.serviceTokenFile)
        var peers: [String: HTTP2Transport] = [:]
        for (name, url) in settings.peerURLs {
            do {
                var configuration = try HTTP2Transport.Configuration(url: url)
                configuration.trustRootsPath = settings.peerTrustRoots
                peers[name] = try HTTP2Transport(configuration: configuration)
            } catch {
                throw StartupError("peer URL of \(name) is not usable: \(url) (\(error))")
            }
        }
        self.peers = peers
    }

    /// The transport to another service of the platform.
    public func peer(_ name: String) -> HTTP2Transport {
        guard let transport = self.peers[name] else { preconditionFailure("no peer named \(name)") }
        return transport
    }
}
