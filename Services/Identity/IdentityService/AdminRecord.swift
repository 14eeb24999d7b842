import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme

/// A row of the `admin` table: an admin account with its scope, contact details and password hash.
struct AdminRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "admin"
    var id: String
    var username: String
    var name: String
    var role: String
    var city: String?
    var county: String?
    var workstation: String?
    var unit: String?
    var phone: String?
    var contact: String?
    var trainingID: String?
    var passwordHash: Data
    var passwordSalt: Data
    var passwordKDF: String
    var createdBy: String
    var createdAt: Date

    /// The table's columns, named from the coding keys (GRDB's recommended practice).
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let username = Column(CodingKeys.username)
        static let name = Column(CodingKeys.name)
        static let role = Column(CodingKeys.role)
        static let city = Column(CodingKeys.city)
        static let county = Column(CodingKeys.county)
        static let workstation = Column(CodingKeys.workstation)
        static let unit = Column(CodingKeys.unit)
        static let phone = Column(CodingKeys.phone)
        static let contact = Column(CodingKeys.contact)
        static let trainingID = Column(CodingKeys.trainingID)
        static let passwordHash = Column(CodingKeys.passwordHash)
        static let passwordSalt = Column(CodingKeys.passwordSalt)
        static let passwordKDF = Column(CodingKeys.passwordKDF)
        static let createdBy = Column(CodingKeys.createdBy)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    init(_ request: CreateAdminRequest, password: PasswordHasher.Hash, createdBy: String, at date: Date) {
        self.id = "adm-" + UUID().uuidString.lowercased()
        self.username = request.username
        self.name = request.name
        self.role = request.role.rawValue
        self.city = request.city?.rawValue
        self.county = request.county
        self.workstation = request.workstation
        self.unit = request.unit
        self.phone = request.phone
        self.contact = request.contact
        self.trainingID = request.trainingID
        self.passwordHash = password.hash
        self.passwordSalt = password.salt
        self.passwordKDF = password.kdf
        self.createdBy = createdBy
        self.createdAt = date
    }

    var password: PasswordHasher.Hash { .init(hash: self.passwordHash, salt: self.passwordSalt, kdf: self.passwordKDF) }

    var principal: Principal {
        Principal(
            subject: self.id,
            name: self.name,
            roles: Role(rawValue: self.role).map { [$0] } ?? [],
            city: self.city,
            county: self.county,
            workstation: self.workstation
        )
    }

    func admin() -> AdminAccount {
        AdminAccount(
            id: self.id,
            username: self.username,
            name: self.name,
            role: Role(rawValue: self.role) ?? .provinceOffice,
            city: self.city.flatMap(City.init(rawValue:)),
            county: self.county,
            workstation: self.workstation,
            unit: self.unit,
            phone: self.phone,
            contact: self.contact,
            trainingID: self.trainingID,
            createdBy: self.createdBy,
            createdAt: self.createdAt
        )
    }

    /// Refuses a taken username or training id with `ALREADY_EXISTS` naming the field.
    static func checkAvailable(_ request: CreateAdminRequest, _ db: Database) throws {
        if try AdminRecord.filter(AdminRecord.Columns.username == request.username).fetchCount(db) > 0 {
            throw RPCError.alreadyExists("username \(request.username) is taken", field: "username")
        }
        if let trainingID = request.trainingID, try AdminRecord.filter(AdminRecord.Columns.trainingID == trainingID).fetchCount(db) > 0 {
            throw RPCError.alreadyExists("training id \(trainingID) already belongs to an admin", field: "trainingID")
        }
    }
}

/// A teacher account's principal: a teacher in the city of their school.
extension AccountRecord {
    var principal: Principal {
        Principal(subject: self.id, name: self.name, roles: [.teacher], city: self.city, county: self.county)
    }
}

/// An address an admin signed in from with the right password (table `knownSignInAddress`).
enum KnownSignInAddress {
    static func exists(adminID: String, address: String, _ db: Database) throws -> Bool {
        try KnownSignInAddressRecord.exists(db, key: ["adminID": adminID, "address": address])
    }

    static func record(adminID: String, address: String, at date: Date, _ db: Database) throws {
        try KnownSignInAddressRecord(adminID: adminID, address: address, lastSignInAt: date).upsert(db)
    }
}
