import JSONRPC
import NIOCore
import NIOHTTP2
import NIOPosix
import NIOSSL
import Synchronization

extension HTTP2Transport {
    /// The live connection, opening one if there is none (one attempt at a time; callers share it), as a future on
    /// its event loop, so a caller can open its stream there the moment the connection is up; throws at once while
    /// backing off from a peer that is down.
    func connection() throws -> EventLoopFuture<Connection> {
        enum Step {
            case use(Connection)
            case wait(EventLoopFuture<Connection>)
            case refuse(ContinuousClock.Instant)
        }
        let now = ContinuousClock.now
        let step = self.connectionState.withLock { state -> Step in
            switch state {
            case .ready(let connection) where connection.channel.isActive && !connection.goAway.received:
                return .use(connection)
            case .connecting(let future):
                return .wait(future)
            case .idle(_, let retryAfter?) where retryAfter > now:
                return .refuse(retryAfter)
            case .ready, .idle:
                let failures: Int
                if case .idle(let count, _) = state { failures = count } else { failures = 0 }
                let future = self.openConnection()
                state = .connecting(future)
                future.whenComplete { result in
                    self.connectionState.withLock { state in
                        switch result {
                        case .success(let connection): state = .ready(connection)
                        case .failure:
                            // Back off while the peer stays down: 50 ms, 100 ms, … up to 2 s.
                            let pause = Duration.milliseconds(50 * (1 << min(failures, 5)))
                            state = .idle(failures: failures + 1, retryAfter: ContinuousClock.now + pause)
                        }
                    }
                }
                return .wait(future)
            }
        }
        switch step {
        case .use(let connection):
            return connection.channel.eventLoop.makeSucceededFuture(connection)
        case .refuse:
            throw RPCError.unavailable("\(self.peer) is unreachable (backing off before reconnecting)")
                .caused(by: CallNotProcessed("backing off"))
        case .wait(let future):
            return future
        }
    }

    /// Forgets a connection that failed, so the next call opens a new one.
    func connectionFailed(_ connection: Connection) {
        self.connectionState.withLock { state in
            if case .ready(let current) = state, current.channel === connection.channel {
                state = .idle(failures: 0, retryAfter: nil)
            }
        }
        connection.channel.close(promise: nil)
    }

    private func openConnection() -> EventLoopFuture<Connection> {
        let sslContext = self.sslContext
        let host = self.configuration.host
        return ClientBootstrap(group: self.group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.nanoseconds(self.configuration.connectTimeout.nanosecondsClamped))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let serverName = host.first?.isNumber == true || host.contains(":") ? nil : host
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: serverName)
                        )
                    }
                }
            }
            .connect(host: host, port: self.configuration.port)
            .flatMapThrowing { channel in
                let multiplexer = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
                    mode: .client,
                    connectionConfiguration: .init(),
                    streamConfiguration: .init()
                ) { stream in stream.close() }
                let goAway = GoAwayRecord()
                try channel.pipeline.syncOperations.addHandler(GoAwayWatcher(goAway))
                let connection = Connection(channel: channel, multiplexer: multiplexer, goAway: goAway)
                channel.closeFuture.whenComplete { _ in
                    self.connectionState.withLock { state in
                        if case .ready(let current) = state, current.channel === channel {
                            state = .idle(failures: 0, retryAfter: nil)
                        }
                    }
                }
                return connection
            }
    }
}
