import Auth
import Foundation
import GRDB
import JSONRPC
import RPCServer

/// A stored first answer to a mutating call, keyed by the caller's `idempotency-key` (PROTOCOL.md).
struct IdempotencyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "idempotencyKey"
    var key: String
    var method: String
    var caller: String
    var response: Data
    var createdAt: Date
}

extension DatabaseWriter {
    /// Runs `mutation` in one transaction together with the record of its idempotency key: a retried call with the
    /// same key (same method, same caller) returns the first result and changes nothing twice.
    public func writeIdempotent<R: Codable & Sendable>(
        _ context: RPCContext,
        _ mutation: @escaping @Sendable (Database) throws -> R
    ) async throws -> R {
        guard let key = context.idempotencyKey else { return try await self.write(mutation) }
        guard key.count <= 200 else { throw RPCError.invalidArgument("idempotency-key is longer than 200 characters") }
        let caller = context.principal?.subject ?? ""
        return try await self.write { db in
            if let stored = try IdempotencyRecord.fetchOne(
                db,
                key: ["key": key, "method": context.method, "caller": caller]
            ) {
                return try JSONCoding.decoder.decode(R.self, from: stored.response)
            }
            let result = try mutation(db)
            try IdempotencyRecord(
                key: key,
                method: context.method,
                caller: caller,
                response: try JSONCoding.encoder.encode(result),
                createdAt: Date()
            ).insert(db)
            return result
        }
    }
}
