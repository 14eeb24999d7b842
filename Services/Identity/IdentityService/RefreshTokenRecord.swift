import Foundation
import GRDB

/// A row of `refreshToken`: a session's refresh token, kept only as its SHA-256 (`hash`), so a copy of the database
/// cannot be used to sign in; used up on refresh (`revokedAt` set) and at sign-out.
struct RefreshTokenRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "refreshToken"
    var hash: String
    var subject: String
    var createdAt: Date
    var expiresAt: Date
    var revokedAt: Date?

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let hash = Column(CodingKeys.hash)
        static let subject = Column(CodingKeys.subject)
        static let createdAt = Column(CodingKeys.createdAt)
        static let expiresAt = Column(CodingKeys.expiresAt)
        static let revokedAt = Column(CodingKeys.revokedAt)
    }
}
