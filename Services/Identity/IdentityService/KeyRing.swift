import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import Synchronization

/// The keys that sign access tokens, kept in identity's database. The newest unretired key signs; a rotated-out
/// key stays published for `retiredKeyGrace` (longer than any token it signed lives), so rotation needs no
/// downtime and no token is cut short.
final class KeyRing: Sendable {
    /// Session access tokens live 15 minutes; operator tokens from `identity mint-token` at most a day.
    static let retiredKeyGrace: TimeInterval = 25 * 3600

    private struct Keys {
        var signer: TokenSigner
        var published: [TokenSigner]
    }

    private let keys: Mutex<Keys>

    private init(_ keys: Keys) { self.keys = Mutex(keys) }

    var signer: TokenSigner { self.keys.withLock { $0.signer } }

    var keySet: JSONValue { TokenSigner.keySet(self.keys.withLock { $0.published.map(\.jwk) }) }

    var keySetData: Data { (try? JSONCoding.encoder.encode(self.keySet)) ?? Data("{\"keys\":[]}".utf8) }

    /// Loads the keys, creating the first one on an empty database.
    static func load(from database: any DatabaseWriter) async throws -> KeyRing {
        KeyRing(try await Self.read(database, creatingFirst: true))
    }

    /// The published key set as JSON text, read from the database: the source of identity's own verifier, so a
    /// rotation is seen on the next unknown key id.
    static func keySetJSON(from database: any DatabaseWriter) async throws -> String {
        let keys = try await Self.read(database, creatingFirst: true)
        return String(decoding: try JSONCoding.encoder.encode(TokenSigner.keySet(keys.published.map(\.jwk))), as: UTF8.self)
    }

    /// Makes a new signing key and retires the others (they stay published for the grace period).
    func rotate(in database: any DatabaseWriter) async throws -> KeyRotation {
        try await database.write { db in
            let now = Date()
            try SigningKeyRecord.filter(SigningKeyRecord.Columns.retiredAt == nil)
                .updateAll(db, SigningKeyRecord.Columns.retiredAt.set(to: now))
            try Self.insertKey(db, at: now)
        }
        let keys = try await Self.read(database, creatingFirst: false)
        self.keys.withLock { $0 = keys }
        return KeyRotation(keyID: keys.signer.keyID, publishedKeyIDs: keys.published.map(\.keyID))
    }

    private static func read(_ database: any DatabaseWriter, creatingFirst: Bool) async throws -> Keys {
        let records = try await database.write { db -> [SigningKeyRecord] in
            let current = SigningKeyRecord.filter(SigningKeyRecord.Columns.retiredAt == nil)
            if creatingFirst, try current.fetchCount(db) == 0 {
                try Self.insertKey(db, at: Date())
            }
            // The current key first (the signer), then the retired ones still in their grace, newest first.
            let retiredSince = Date().addingTimeInterval(-Self.retiredKeyGrace)
            return
                try SigningKeyRecord
                .filter(SigningKeyRecord.Columns.retiredAt == nil || SigningKeyRecord.Columns.retiredAt > retiredSince)
                .order(SigningKeyRecord.Columns.retiredAt != nil, SigningKeyRecord.Columns.createdAt.desc)
                .fetchAll(db)
        }
        var published: [TokenSigner] = []
        for record in records {
            published.append(try await TokenSigner(privateKeyPEM: record.privateKeyPEM, keyID: record.id))
        }
        guard let signer = published.first else { throw RPCError.internalError("no signing key") }
        return Keys(signer: signer, published: published)
    }

    private static func insertKey(_ db: Database, at date: Date) throws {
        let id = "k-" + UUID().uuidString.lowercased().prefix(8)
        try SigningKeyRecord(id: String(id), privateKeyPEM: TokenSigner.generatePrivateKeyPEM(), createdAt: date).insert(db)
    }
}
