import Auth
import GRDB
import JSONRPC
import Logging
import Programme
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
    private let peers: Peers

    init(settings: ServiceSettings, database: any DatabaseWriter, inlineReader: any DatabaseReader, logger: Logger) throws {
        self.settings = settings
        self.database = database
        self.inlineReader = inlineReader
        self.logger = logger
        self.credential = ServiceCredential(path: settings.serviceTokenFile)
        self.peers = try Peers(settings)
    }

    /// The transport to another service of the platform.
    public func peer(_ service: PlatformService) -> HTTP2Transport { self.peers[service] }
}

/// One transport to each service of the platform, so a peer is named by its ``PlatformService`` and always found.
struct Peers: Sendable {
    private let identity, membership, resources, activities, assessment: HTTP2Transport

    init(_ settings: ServiceSettings) throws {
        func transport(_ service: PlatformService) throws -> HTTP2Transport {
            let url = settings.peerURLs[service] ?? service.defaultURL
            do {
                var configuration = try HTTP2Transport.Configuration(url: url)
                configuration.trustRootsPath = settings.peerTrustRoots
                return try HTTP2Transport(configuration: configuration)
            } catch {
                throw StartupError("peer URL of \(service.rawValue) is not usable: \(url) (\(error))")
            }
        }
        self.identity = try transport(.identity)
        self.membership = try transport(.membership)
        self.resources = try transport(.resources)
        self.activities = try transport(.activities)
        self.assessment = try transport(.assessment)
    }

    subscript(_ service: PlatformService) -> HTTP2Transport {
        switch service {
        case .identity: self.identity
        case .membership: self.membership
        case .resources: self.resources
        case .activities: self.activities
        case .assessment: self.assessment
        }
    }
}
