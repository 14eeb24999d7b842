import Auth
import Foundation
import GRDB
import JSONRPC
import Logging
import NIOCore
import Programme
import RPCClient
import RPCServer
import ServiceKit
import ServiceLifecycle
import Synchronization

/// A server started in-process on an ephemeral port, on real sockets, for as long as a test needs it.
public struct RunningServer: Sendable {
    public let port: Int
    public let group: ServiceGroup

    /// A new h2c transport to this server (its own connection).
    public func transport(token: String? = nil) throws -> HTTP2Transport {
        // A long connect timeout: the whole suite runs its servers at once on two cores, and a burst of start-ups
        // can keep a listener from accepting for seconds.
        try HTTP2Transport(
            configuration: .init(host: "127.0.0.1", port: self.port, connectTimeout: .seconds(30)),
            tokenProvider: { token }
        )
    }

    public var url: String { "http://127.0.0.1:\(self.port)" }

    /// Starts graceful shutdown: stop accepting, drain, return from `run`.
    public func shutdown() async { await self.group.triggerGracefulShutdown() }
}

/// Runs `server` until `body` returns, then shuts it down gracefully and waits for it to stop.
public func withRunningServer<T: Sendable>(
    _ makeServer: (@escaping @Sendable (SocketAddress) -> Void) async throws -> any Service,
    _ body: (RunningServer) async throws -> T
) async throws -> T {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let server = try await makeServer { address in continuation.yield(address.port ?? 0) }
    let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: Logger(label: "test")))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            // A server that fails to start ends the stream, so the test fails instead of waiting for a port.
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The server's own error says why (a port taken, say); only a server that ended silently is this one.
            try await tasks.waitForAll()
            throw RPCError.internalError("server did not start")
        }
        let running = RunningServer(port: port, group: group)
        do {
            let result = try await body(running)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

/// Runs a bare RPC server over `methods` (reserved methods added), verifying tokens against `keys`.
public func withRunningServer<T: Sendable>(
    methods: RPCMethods,
    keys: TestKeys?,
    configuration: RPCServer.Configuration = .init(),
    _ body: (RunningServer) async throws -> T
) async throws -> T {
    var methods = methods
    let state = ServerState()
    methods.registerReserved(title: "test", version: "0", state: state)
    let logger = Logger(label: "test")
    let dispatcher = RPCDispatcher(
        methods: methods,
        limits: configuration.limits,
        verifier: keys.map { TokenVerifier(jwks: $0.jwks) },
        metrics: RPCMetrics(),
        logger: logger
    )
    return try await withRunningServer(
        { onListening in
            try RPCServer(
                configuration: configuration,
                dispatcher: dispatcher,
                state: state,
                logger: logger,
                onListening: onListening
            )
        },
        body
    )
}

/// Runs one of the platform's services in-process on an ephemeral port with a database in `dataDirectory`.
public func withRunningService<T: Sendable>(
    _ definition: ServiceDefinition,
    dataDirectory: URL,
    jwksFile: String?,
    peers: [PlatformService: String] = [:],
    serviceTokenFile: String? = nil,
    server: RPCServer.Configuration = .init(),
    _ body: (RunningServer) async throws -> T
) async throws -> T {
    // Peers a test does not name point at a port nothing listens on: calls to them answer UNAVAILABLE, as they
    // would with that service down.
    var peerURLs = Dictionary(uniqueKeysWithValues: PlatformService.allCases.map { ($0, "http://127.0.0.1:9") })
    peerURLs.merge(peers) { _, named in named }
    let settings = ServiceSettings(
        service: definition.name,
        server: server,
        dataDirectory: dataDirectory.path,
        peerURLs: peerURLs,
        jwksFile: jwksFile,
        serviceTokenFile: serviceTokenFile
    )
    let hostBox = Mutex<ServiceHost?>(nil)
    defer { try? hostBox.withLock { $0 }?.close() }
    return try await withRunningServer(
        { onListening in
            let host = try await ServiceHost.prepare(
                definition,
                settings: settings,
                logger: Logger(label: definition.name),
                onListening: onListening
            )
            hostBox.withLock { $0 = host }
            return host.server
        },
        body
    )
}
