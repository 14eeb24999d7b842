import JSONRPC

/// The error a call failed with, or nil when it succeeded: for tests that check a refusal's status, field and rule.
public func failure(_ call: () async throws -> some Any) async -> RPCError? {
    do {
        _ = try await call()
        return nil
    } catch {
        return error as? RPCError
    }
}
