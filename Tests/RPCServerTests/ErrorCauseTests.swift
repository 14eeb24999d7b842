import Foundation
import JSONRPC
import NIOCore
import RPCClient
import Testing

/// An error that reports another keeps it as its `cause`: for logs and for callers in the process, never on the wire.
@Suite("Errors keep their cause")
struct ErrorCauseTests {
    @Test("a call to a port nobody listens on fails UNAVAILABLE, keeping the socket's error as its cause")
    func unavailableKeepsTheSocketError() async throws {
        // Port 9 (discard) is closed on this machine, as the console's tests rely on too.
        let client = try HTTP2Transport(url: "http://127.0.0.1:9")
        let error = await #expect(throws: RPCError.self) { _ = try await client.call(Calc.sum, .init(values: [1])) }
        #expect(error?.status == .unavailable)
        #expect(error?.cause != nil, "the connection's own error is kept")
        #expect(error?.cause is RPCError == false)
    }

    @Test("the cause is not encoded, and two errors that differ only by their cause are equal")
    func causeStaysOffTheWire() throws {
        struct Underneath: Error {}
        let plain = RPCError.unavailable("cannot connect to membership")
        let caused = plain.caused(by: Underneath())
        #expect(caused.cause is Underneath)
        #expect(caused == plain)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(caused) == encoder.encode(plain))
        let encoded = String(decoding: try encoder.encode(caused), as: UTF8.self)
        #expect(!encoded.contains("cause") && !encoded.contains("Underneath"))
    }
}
