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
        try RefreshTokenRecord(hash: Self.digest(refresh), subject: principal.subject, createdAt: now, expiresAt: refreshExpiry)
            .insert(db)
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
        guard var record = try RefreshTokenRecord.fetchOne(db, key: Self.digest(token)) else {
            throw RPCError.unauthenticated("refresh token not recognised")
        }
        guard record.revokedAt == nil else { throw RPCError.unauthenticated("refresh token was revoked or already used") }
        guard record.expiresAt > now else { throw RPCError.unauthenticated("refresh token expired") }
        record.revokedAt = now
        try record.update(db, columns: [RefreshTokenRecord.Columns.revokedAt])
        return record.subject
    }

    static func revoke(_ token: String, _ db: Database, now: Date = Date()) throws {
        try RefreshTokenRecord
            .filter(key: Self.digest(token))
            .filter(RefreshTokenRecord.Columns.revokedAt == nil)
            .updateAll(db, RefreshTokenRecord.Columns.revokedAt.set(to: now))
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
