import NIOCore
import NIOPosix

/// A TCP port on 127.0.0.1 that the kernel just found free, for servers that must know each other's port before
/// either starts. Another process could take it before the server binds it, so tests use it only where a port
/// must be chosen up front; the kernel hands out such ports at random, which keeps that race unlikely.
public func freeLocalPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}
