import Foundation
import JSONRPC
import Programme

/// An admin account: province office (项目办), workstation, city admin or county admin, with its scope and the
/// contact details of Attachment 4 (R-MGT-8).
public struct AdminAccount: Codable, Sendable, Equatable {
    public var id: String
    public var username: String
    public var name: String
    public var role: Role
    public var city: City?
    public var county: String?
    public var workstation: String?
    /// The admin's unit (单位), phone and QQ or e-mail, as Attachment 4 lists them.
    public var unit: String?
    public var phone: String?
    public var contact: String?
    /// The training-system id, when the admin also signs in through the training system.
    public var trainingID: String?
    public var createdBy: String
    public var createdAt: Date

    public init(
        id: String,
        username: String,
        name: String,
        role: Role,
        city: City?,
        county: String?,
        workstation: String?,
        unit: String?,
        phone: String?,
        contact: String?,
        trainingID: String?,
        createdBy: String,
        createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.name = name
        self.role = role
        self.city = city
        self.county = county
        self.workstation = workstation
        self.unit = unit
        self.phone = phone
        self.contact = contact
        self.trainingID = trainingID
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// Params of `identity.createAdmin`.
public struct CreateAdminRequest: Codable, Sendable, Equatable, Validatable {
    public var username: String
    /// At least 12 characters.
    public var password: String
    public var name: String
    public var role: Role
    public var city: City?
    public var county: String?
    public var workstation: String?
    public var unit: String?
    public var phone: String?
    public var contact: String?
    public var trainingID: String?

    public init(
        username: String,
        password: String,
        name: String,
        role: Role,
        city: City? = nil,
        county: String? = nil,
        workstation: String? = nil,
        unit: String? = nil,
        phone: String? = nil,
        contact: String? = nil,
        trainingID: String? = nil
    ) {
        self.username = username
        self.password = password
        self.name = name
        self.role = role
        self.city = city
        self.county = county
        self.workstation = workstation
        self.unit = unit
        self.phone = phone
        self.contact = contact
        self.trainingID = trainingID
    }

    public func validate() throws(RPCError) {
        let allowed = self.username.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0)
        }
        guard (3...64).contains(self.username.count), allowed else {
            throw .invalidArgument("username must be 3–64 letters, digits or . _ - @", field: "username")
        }
        guard self.password.count >= 12, self.password.count <= 200 else {
            throw .invalidArgument("password must be 12–200 characters", field: "password")
        }
        guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty, self.name.count <= 50 else {
            throw .invalidArgument("name must be 1–50 characters", field: "name")
        }
        switch self.role {
        case .provinceOffice: break
        case .workstation:
            guard let workstation = self.workstation, !workstation.isEmpty else {
                throw .invalidArgument("a workstation account names its workstation", field: "workstation")
            }
        case .cityAdmin:
            guard self.city != nil else { throw .invalidArgument("a city admin names their city", field: "city", rule: .mgt8) }
        case .countyAdmin:
            guard self.city != nil, !(self.county ?? "").isEmpty else {
                throw .invalidArgument("a county admin names their city and county", field: "county")
            }
        case .teacher, .service:
            throw .invalidArgument("admins are province office, workstation, city or county admins", field: "role")
        }
    }
}

/// Params of `identity.listAdmins`.
public struct ListAdminsRequest: Codable, Sendable, Equatable {
    public var role: Role?
    public var city: City?
    public init(role: Role? = nil, city: City? = nil) {
        self.role = role
        self.city = city
    }
}

/// The result of `identity.listAdmins`.
public struct AdminList: Codable, Sendable, Equatable {
    public var admins: [AdminAccount]
    public init(admins: [AdminAccount]) { self.admins = admins }
}

/// Params of `identity.exportAttachment4`: one city's admins as the notice's Attachment 4.
public struct ExportAttachment4Request: Codable, Sendable, Equatable {
    public var city: City
    public init(city: City) { self.city = city }
}

/// The result of `identity.rotateSigningKey`.
public struct KeyRotation: Codable, Sendable, Equatable {
    /// The key that signs from now on.
    public var keyID: String
    /// Every key still published for verification.
    public var publishedKeyIDs: [String]
    public init(keyID: String, publishedKeyIDs: [String]) {
        self.keyID = keyID
        self.publishedKeyIDs = publishedKeyIDs
    }
}
