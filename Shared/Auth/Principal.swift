import JSONRPC
import Programme

/// The authenticated caller of a method, as its access token says.
public struct Principal: Sendable, Equatable, Codable {
    /// The account id (for a teacher, the platform account mirroring the teacher-training record).
    public var subject: String
    public var name: String?
    public var roles: Set<Role>
    /// The city a city admin acts in (R-GEO-1), or the county's city for a county admin.
    public var city: String?
    /// The county a county admin acts in.
    public var county: String?
    /// The workstation a workstation account belongs to (R-MGT-1).
    public var workstation: String?

    public init(
        subject: String,
        name: String? = nil,
        roles: Set<Role>,
        city: String? = nil,
        county: String? = nil,
        workstation: String? = nil
    ) {
        self.subject = subject
        self.name = name
        self.roles = roles
        self.city = city
        self.county = county
        self.workstation = workstation
    }

    public func has(_ role: Role) -> Bool { self.roles.contains(role) }
}
