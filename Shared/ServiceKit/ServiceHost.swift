import Auth
import Foundation
import GRDB
import JSONRPC
import Logging
import NIOCore
import RPCServer
import Settings
import ServiceLifecycle
import UnixSignals

/// Starts a service: opens and migrates its database, wires its methods, binds its port, and on SIGTERM/SIGINT
/// drains in-flight calls and closes the database.
public struct ServiceHost: Sendable {
    public let server: RPCServer
    public let database: DatabasePool
    public let inlineReader: DatabaseQueue
    public let state: ServerState
    public let logger: Logger
    public let jobs: PeriodicJobs

    /// Builds everything short of serving.
    /// - Parameters:
    ///   - onListening: called with the bound address; the executables print the ready line there.
    /// - Throws: ``StartupError`` with a message fit for an operator.
    public static func prepare(
        _ definition: ServiceDefinition,
        settings: ServiceSettings,
        logger: Logger,
        onListening: @escaping @Sendable (SocketAddress) -> Void
    ) async throws -> ServiceHost {
        let database = try ServiceDatabase.open(
            directory: settings.dataDirectory,
            service: definition.name,
            migrator: definition.migrator
        )
        let inlineReader = try ServiceDatabase.openInlineReader(path: database.path)
        let environment = try ServiceEnvironment(settings: settings, database: database, inlineReader: inlineReader, logger: logger)
        let verifier: TokenVerifier
        if let jwksFile = settings.jwksFile {
            guard let jwks = try? String(contentsOfFile: jwksFile, encoding: .utf8) else {
                throw StartupError("cannot read JWKS file \(jwksFile)")
            }
            verifier = TokenVerifier(source: { jwks })
        } else {
            verifier = TokenVerifier(source: try await definition.keySetSource(environment))
        }
        var methods = RPCMethods()
        try await definition.register(environment, &methods)
        let state = ServerState()
        methods.registerReserved(title: definition.name, version: definition.version, state: state)
        let dispatcher = RPCDispatcher(
            methods: methods,
            limits: settings.server.limits,
            verifier: verifier,
            metrics: RPCMetrics(),
            logger: logger
        )
        let server = try RPCServer(
            configuration: settings.server,
            dispatcher: dispatcher,
            state: state,
            logger: logger,
            onListening: onListening
        )
        return ServiceHost(
            server: server,
            database: database,
            inlineReader: inlineReader,
            state: state,
            logger: logger,
            jobs: environment.jobs
        )
    }

    /// The whole life of a service executable: parse, start, print the ready line, serve until a signal.
    ///
    /// - Parameters:
    ///   - flags: the service's own flags, by settings key, beside the shared `options`.
    ///   - definition: the service, built from the same settings (for its own keys).
    public static func main(
        options: ServiceOptions,
        flags: [String: SettingsSource.Flag?] = [:],
        _ makeDefinition: (SettingsSource) throws -> ServiceDefinition
    ) async throws {
        let settings: ServiceSettings
        let definition: ServiceDefinition
        do {
            let source = try await options.source(adding: flags)
            definition = try makeDefinition(source)
            settings = try ServiceOptions.resolve(service: definition.name, from: source)
        } catch {
            Self.fail(ProcessInfo.processInfo.processName, "\(error)")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = settings.logLevel
            return handler
        }
        let logger = Logger(label: definition.name)
        let host: ServiceHost
        do {
            host = try await Self.prepare(definition, settings: settings, logger: logger) { address in
                // Unbuffered, so scripts and tests waiting for this line see it at once.
                let line = "listening on \(address.ipAddress ?? settings.server.host):\(address.port ?? 0)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        } catch {
            Self.fail(definition.name, "\(error)")
        }
        let group = ServiceGroup(
            configuration: .init(
                // The jobs after the server: a group shuts down in reverse order, so they stop before it drains.
                services: [.init(service: host.server)] + host.jobs.services(logger: logger),
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            try? host.close()
            Self.fail(definition.name, "\(error)")
        }
        try host.close()
        logger.notice("database closed; bye")
    }

    /// Closes the inline reader, then the pool (whose writer checkpoints the WAL last).
    public func close() throws {
        try self.inlineReader.close()
        try self.database.close()
    }

    static func fail(_ service: String, _ message: String) -> Never {
        FileHandle.standardError.write(Data("\(service): error: \(message)\n".utf8))
        exit(1)
    }
}
