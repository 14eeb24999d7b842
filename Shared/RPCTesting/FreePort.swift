import NIOCore
import NIOPosix
import Synchronization

/// Ports this test process has handed out: two fixtures never get the same one, even after the first has let its
/// port go (a test that restarts a server on its port, say, must find it still free).
private let handedOut = Mutex<Set<Int>>([])

/// A TCP port on 127.0.0.1 that is free now and was never handed out before in this process, for servers that must
/// know each other's port before either starts, or a test that restarts a server on the same port.
///
/// Chosen at random below the kernel's ephemeral range (32768–60999 on Linux): the ports other tests' servers
/// and clients get by binding port 0 all come from that range, so none of them can take this port between now and
/// the moment its server binds it (a port the kernel handed out, as this did first, was once taken that way in CI).
public func freeLocalPort() async throws -> Int {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<100 {
        let port = Int.random(in: 20_000..<32_000, using: &generator)
        guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
        guard
            let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: port).get()
        else { continue }
        try await channel.close()
        return port
    }
    throw IOError(errnoCode: 98, reason: "no free port found below the ephemeral range")
}
