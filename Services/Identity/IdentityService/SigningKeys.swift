import Auth
import Foundation
import GRDB
import JSONRPC

/// The keys that sign access tokens, kept in identity's database: the newest unretired key signs, and every key not
/// retired is published, so tokens signed before a rotation stay valid until they expire.
struct SigningKeys: Sendable {
    let signer: TokenSigner
    let published: [JSONValue]

    var keySet: JSONValue { TokenSigner.keySet(self.published) }

    /// Loads the keys, creating the first one on an empty database.
    static func load(from database: any DatabaseWriter) async throws -> SigningKeys {
        let rows = try await database.write { db -> [Row] in
            let existing = try Row.fetchAll(
                db, sql: "SELECT id, privateKeyPEM FROM signingKey WHERE retiredAt IS NULL ORDER BY createdAt DESC")
            if !existing.isEmpty { return existing }
            let id = "k-" + UUID().uuidString.lowercased().prefix(8)
            try db.execute(
                sql: "INSERT INTO signingKey (id, privateKeyPEM, createdAt) VALUES (?, ?, ?)",
                arguments: [id, TokenSigner.generatePrivateKeyPEM(), Date()])
            return try Row.fetchAll(db, sql: "SELECT id, privateKeyPEM FROM signingKey WHERE id = ?", arguments: [id])
        }
        var signers: [TokenSigner] = []
        for row in rows {
            signers.append(try await TokenSigner(privateKeyPEM: row["privateKeyPEM"], keyID: row["id"]))
        }
        return SigningKeys(signer: signers[0], published: signers.map(\.jwk))
    }
}
