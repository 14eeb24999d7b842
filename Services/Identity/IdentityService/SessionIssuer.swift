import Auth
import Crypto
import ExtrasBase64
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import Programme

/// Sessions: a short-lived access token signed by the key ring, and a refresh token stored only as its SHA-256,
/// used up on refresh (rotation) and revocable.
struct SessionIssuer: Sendable {
    let keys: KeyRing
    static let accessTokenLifetime: Duration = .seconds(15 * 60)
    static let refreshTokenLifetime: TimeInterval = 30 * 24 * 3600

    /// A new session for `principal`, its refresh token recorded in the same transaction as `db`'s other work.
    func issue(for principal: Principal, _ db: Database, now: Date = Date()) throws -> PendingSession {
        let refresh = Self.randomToken()
        let refreshExpiry = now.addingTimeInterval(Self.refreshTokenLifetime)
        try db.execute(
            sql: "INSERT INTO refreshToken (hash, subject, createdAt, expiresAt) VALUES (?, ?, ?, ?)",
            arguments: [Self.digest(refresh), principal.subject, now, refreshExpiry]
        )
        return PendingSession(principal: principal, refreshToken: refresh, refreshTokenExpiresAt: refreshExpiry, issuedAt: now)
    }

    /// Signs the access token of a session whose refresh token is committed.
    func complete(_ pending: PendingSession) async throws -> Session {
        let expiry = pending.issuedAt.addingTimeInterval(Double(Self.accessTokenLifetime.components.seconds))
        let token = try await self.keys.signer.mint(for: pending.principal, lifetime: Self.accessTokenLifetime, now: pending.issuedAt)
        return Session(
            accessToken: token,
            accessTokenExpiresAt: expiry,
            refreshToken: pending.refreshToken,
            refreshTokenExpiresAt: pending.refreshTokenExpiresAt,
            subject: pending.principal.subject,
            roles: pending.principal.roles.sorted { $0.rawValue < $1.rawValue }
        )
    }

    /// Uses up a refresh token: its subject, or `UNAUTHENTICATED` when it is unknown, expired or revoked.
    static func consume(_ token: String, _ db: Database, now: Date = Date()) throws -> String {
        let hash = Self.digest(token)
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT subject, expiresAt, revokedAt FROM refreshToken WHERE hash = ?",
                arguments: [hash]
            )
        else { throw RPCError.unauthenticated("refresh token not recognised") }
        guard (row["revokedAt"] as Date?) == nil else { throw RPCError.unauthenticated("refresh token was revoked or already used") }
        guard (row["expiresAt"] as Date) > now else { throw RPCError.unauthenticated("refresh token expired") }
        try db.execute(sql: "UPDATE refreshToken SET revokedAt = ? WHERE hash = ?", arguments: [now, hash])
        return row["subject"]
    }

    static func revoke(_ token: String, _ db: Database, now: Date = Date()) throws {
        try db.execute(
            sql: "UPDATE refreshToken SET revokedAt = ? WHERE hash = ? AND revokedAt IS NULL",
            arguments: [now, Self.digest(token)]
        )
    }

    private static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes {
            Base64.encodeToString(bytes: $0, options: [.base64UrlAlphabet, .omitPaddingCharacter])
        }
    }

    private static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// A session whose refresh token is written but whose access token is not yet signed (signing is async, the
/// database transaction is not).
struct PendingSession: Sendable {
    let principal: Principal
    let refreshToken: String
    let refreshTokenExpiresAt: Date
    let issuedAt: Date
}
