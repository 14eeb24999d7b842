import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import ServiceKit

/// A row of the `account` table: a teacher as the training system describes them.
struct AccountRecord: Codable, FetchableRecord, PersistableRecord, Equatable {
    static let databaseTableName = "account"
    var id: String
    var trainingID: String
    var name: String
    var school: String
    var city: String
    var county: String
    var rural: Bool
    var pairedRegion: Bool
    var stage: String
    var subject: String
    var title: String
    var honours: String
    var createdAt: Date
    var updatedAt: Date

    init(_ profile: TeacherProfile, at date: Date) {
        self.id = Account.id(trainingID: profile.trainingID)
        self.trainingID = profile.trainingID
        self.name = profile.name
        self.school = profile.school
        self.city = profile.city.rawValue
        self.county = profile.county
        self.rural = profile.rural
        self.pairedRegion = profile.pairedRegion
        self.stage = profile.stage.rawValue
        self.subject = profile.subject
        self.title = profile.title.rawValue
        // Sorted keys and a stable order, so an unchanged record compares equal.
        let honours = profile.honours.sorted { ($0.kind.rawValue, $0.name ?? "", $0.year ?? 0) < ($1.kind.rawValue, $1.name ?? "", $1.year ?? 0) }
        self.honours = String(decoding: (try? JSONCoding.encoder.encode(honours)) ?? Data("[]".utf8), as: UTF8.self)
        self.createdAt = date
        self.updatedAt = date
    }

    /// Whether the mirrored fields equal `other`'s (timestamps aside).
    func sameProfile(as other: AccountRecord) -> Bool {
        var a = self
        var b = other
        (a.createdAt, a.updatedAt, b.createdAt, b.updatedAt) = (.distantPast, .distantPast, .distantPast, .distantPast)
        return a == b
    }

    func account() throws -> Account {
        guard let city = City(rawValue: self.city), let stage = Stage(rawValue: self.stage),
            let title = TitleGrade(rawValue: self.title),
            let honours = try? JSONCoding.decoder.decode([Honour].self, from: Data(self.honours.utf8))
        else { throw StoredRowError(table: Self.databaseTableName, id: self.id) }
        return Account(
            id: self.id,
            trainingID: self.trainingID,
            name: self.name,
            school: self.school,
            city: city,
            county: self.county,
            rural: self.rural,
            pairedRegion: self.pairedRegion,
            stage: stage,
            subject: self.subject,
            title: title,
            honours: honours,
            updatedAt: self.updatedAt
        )
    }

    /// Creates or updates the account of `profile`, as one row of an import or one sign-in.
    static func upsert(_ profile: TeacherProfile, _ db: Database, at date: Date) throws -> UpsertOutcome {
        var record = AccountRecord(profile, at: date)
        let statement = try db.cachedStatement(sql: "SELECT * FROM account WHERE id = ?")
        guard let existing = try AccountRecord.fetchOne(statement, arguments: [record.id]) else {
            try record.insert(db)
            return .inserted
        }
        if existing.sameProfile(as: record) { return .unchanged }
        record.createdAt = existing.createdAt
        try record.update(db)
        return .updated
    }

    enum UpsertOutcome { case inserted, updated, unchanged }
}

/// A teacher's record as the training system gives it (token claims or a roster row), validated.
struct TeacherProfile: Sendable {
    var trainingID: String
    var name: String
    var school: String
    var city: City
    var county: String
    var rural: Bool
    var pairedRegion: Bool
    var stage: Stage
    var subject: String
    var title: TitleGrade
    var honours: [Honour]
}
