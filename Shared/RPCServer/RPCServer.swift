import Foundation
import JSONRPC
import Logging
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOHTTP2
import NIOHTTPTypesHTTP1
import NIOHTTPTypesHTTP2
import NIOPosix
import NIOSSL
import NIOTLS
import ServiceLifecycle

/// A service's port: JSON-RPC over h2c and HTTP/1.1 (or TLS with ALPN), run as a `Service` that drains in-flight
/// calls on graceful shutdown (SIGTERM/SIGINT through `ServiceGroup`).
public final class RPCServer: Service, Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// PEM files of the certificate chain and private key; with both set the port speaks TLS only.
        public var tlsCertificatePath: String?
        public var tlsKeyPath: String?
        public var limits: RPCLimits

        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            tlsCertificatePath: String? = nil,
            tlsKeyPath: String? = nil,
            limits: RPCLimits = RPCLimits()
        ) {
            self.host = host
            self.port = port
            self.tlsCertificatePath = tlsCertificatePath
            self.tlsKeyPath = tlsKeyPath
            self.limits = limits
        }
    }

    let configuration: Configuration
    let responder: HTTPResponder
    let state: ServerState
    let group: any EventLoopGroup
    let logger: Logger
    let tls: NIOSSLContext?
    let onListening: @Sendable (SocketAddress) -> Void
    let budget: ProcessBudget
    /// The process's open-file limit after raising it at start.
    let fileLimit: Int

    /// - Parameters:
    ///   - onListening: called once bound, with the address (the port is real even when 0 was asked for).
    /// - Throws: a clear error for an unreadable certificate or key.
    public init(
        configuration: Configuration,
        dispatcher: RPCDispatcher,
        state: ServerState = ServerState(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger,
        onListening: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) throws {
        self.configuration = configuration
        self.state = state
        self.responder = HTTPResponder(dispatcher: dispatcher, state: state)
        self.group = group
        self.logger = logger
        self.onListening = onListening
        self.tls = try Self.makeTLSContext(configuration)
        self.fileLimit = FileLimit.raise()
        self.budget = ProcessBudget(
            maxConnections: FileLimit.connectionCap(configuration.limits.maxConnections, fileLimit: self.fileLimit),
            maxBufferedBytes: configuration.limits.maxBufferedBytesPerProcess
        )
    }

    static func makeTLSContext(_ configuration: Configuration) throws -> NIOSSLContext? {
        guard let certificatePath = configuration.tlsCertificatePath, let keyPath = configuration.tlsKeyPath else {
            return nil
        }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            tls.applicationProtocols = ["h2", "http/1.1"]
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ServerError.badCertificate("cannot load TLS certificate \(certificatePath) or key \(keyPath): \(error)")
        }
    }

    public enum ServerError: Error, CustomStringConvertible {
        case badCertificate(String)
        case bindFailed(String)
        public var description: String {
            switch self {
            case .badCertificate(let message), .bindFailed(let message): message
            }
        }
    }

    /// Serves until graceful shutdown, then stops accepting, lets in-flight calls finish (up to the drain timeout)
    /// and returns.
    public func run() async throws {
        let quiesce = ServerQuiescingHelper(group: self.group)
        let serverChannel: any Channel
        do {
            serverChannel = try await ServerBootstrap(group: self.group)
                .serverChannelOption(.backlog, value: 512)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try self.admit(channel) }
                }
                .bind(host: self.configuration.host, port: self.configuration.port).get()
        } catch {
            throw ServerError.bindFailed(
                "cannot listen on \(self.configuration.host):\(self.configuration.port): \(error)"
            )
        }
        if let address = serverChannel.localAddress { self.onListening(address) }
        let limits = self.configuration.limits
        self.logger.notice(
            "listening",
            metadata: [
                "address": "\(serverChannel.localAddress.map { "\($0)" } ?? "?")", "tls": "\(self.tls != nil)",
                "file-limit": "\(self.fileLimit)", "max-connections": "\(self.budget.maxConnections)",
                "header-timeout": "\(limits.headerTimeout)", "idle-timeout": "\(limits.idleTimeout)",
                "body-timeout": "\(limits.bodyTimeout)",
            ]
        )
        let drained = self.group.next().makePromise(of: Void.self)
        try await withGracefulShutdownHandler {
            try await serverChannel.closeFuture.get()
            try await self.waitForDrain(drained.futureResult)
        } onGracefulShutdown: {
            self.logger.notice("draining: no new connections, finishing in-flight calls")
            self.state.startDraining()
            quiesce.initiateShutdown(promise: drained)
        }
        self.logger.notice("stopped")
    }

    /// Waits until every connection has closed, or the drain timeout passes (then the process exits anyway).
    private func waitForDrain(_ drained: EventLoopFuture<Void>) async throws {
        let eventLoop = drained.eventLoop
        let outcome = eventLoop.makePromise(of: Bool.self)
        let settled = OnceFlag()
        let timeout = self.configuration.limits.drainTimeout
        let timer = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanosecondsClamped)) {
            if settled.claim() { outcome.succeed(false) }
        }
        drained.whenComplete { _ in
            timer.cancel()
            if settled.claim() { outcome.succeed(true) }
        }
        if try await !outcome.futureResult.get() {
            self.logger.warning("drain timeout passed with connections still open")
        }
    }

    // MARK: - Connection pipelines

    /// A connection beyond the cap is closed at once (NIO closes a child channel whose initializer fails).
    struct ServerFull: Error {}

    private func admit(_ channel: any Channel) throws {
        guard self.budget.admitConnection() else {
            self.logger.warning(
                "connection refused: the server holds its most connections",
                metadata: ["max-connections": "\(self.budget.maxConnections)"]
            )
            throw ServerFull()
        }
        let connectionGuard = ConnectionGuard(channel: channel, limits: self.configuration.limits, process: self.budget)
        connectionGuard.start()
        try self.configureConnection(channel, connectionGuard)
    }

    private func configureConnection(_ channel: any Channel, _ connectionGuard: ConnectionGuard) throws {
        let configureHTTP2 = { (channel: any Channel) in try self.configureHTTP2(channel, connectionGuard) }
        let configureHTTP1 = { (channel: any Channel) in try self.configureHTTP1(channel, connectionGuard) }
        if let tls = self.tls {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
            try channel.pipeline.syncOperations.addHandler(
                ApplicationProtocolNegotiationHandler { result, channel in
                    channel.eventLoop.makeCompletedFuture {
                        if case .negotiated("h2") = result {
                            try configureHTTP2(channel)
                        } else {
                            try configureHTTP1(channel)
                        }
                    }
                }
            )
        } else {
            try channel.pipeline.syncOperations.addHandler(
                ProtocolSniffer(configureHTTP2: configureHTTP2, configureHTTP1: configureHTTP1)
            )
        }
    }

    private func configureHTTP2(_ channel: any Channel, _ connectionGuard: ConnectionGuard) throws {
        // Overstayed: GOAWAY, then the close (the quiescer below does both when no stream is open).
        connectionGuard.expire = { $0.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
        let boundGuard = NIOLoopBound(connectionGuard, eventLoop: channel.eventLoop)
        var connection = NIOHTTP2Handler.ConnectionConfiguration()
        connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: 256),
            HTTP2Setting(parameter: .maxHeaderListSize, value: 1 << 16),
        ]
        let quiescer = HTTP2Quiescer(gracePeriod: .nanoseconds(self.configuration.limits.drainTimeout.nanosecondsClamped))
        let boundQuiescer = NIOLoopBound(quiescer, eventLoop: channel.eventLoop)
        _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
            mode: .server,
            connectionConfiguration: connection,
            streamConfiguration: .init()
        ) { stream in
            stream.eventLoop.makeCompletedFuture {
                boundQuiescer.value.track(stream)
                try stream.pipeline.syncOperations.addHandlers(
                    HTTP2EndStreamCoalescer(),
                    HTTP2FramePayloadToHTTPServerCodec(),
                    HTTPExchangeHandler(transport: .http2, responder: self.responder, connectionGuard: boundGuard.value)
                )
            }
        }
        try channel.pipeline.syncOperations.addHandler(quiescer)
    }

    private func configureHTTP1(_ channel: any Channel, _ connectionGuard: ConnectionGuard) throws {
        try channel.pipeline.syncOperations.addHandler(HeadBytesWatcher(connectionGuard: connectionGuard))
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
        try channel.pipeline.syncOperations.addHandlers(
            HTTP1KeepAliveMarker(),
            HTTP1ToHTTPServerCodec(secure: self.tls != nil),
            HTTPExchangeHandler(transport: .http1, responder: self.responder, connectionGuard: connectionGuard)
        )
    }
}
