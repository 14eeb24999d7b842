import JSONRPC

/// Who a caller is on the platform, as carried in an access token (DOMAIN.md, "Who uses it").
///
/// Relationships inside a studio (leader, subject leader, member) are not roles: handlers check them against
/// the studio's roster. Scope (which city, county or workstation) travels beside the role in the token.
public enum Role: String, Codable, Sendable, CaseIterable, Hashable {
    /// 项目办: runs the programme province-wide.
    case provinceOffice
    /// 名师工作站: supervises the provincial studios assigned to it.
    case workstation
    /// 市级管理员: acts within one city.
    case cityAdmin
    /// 县级管理员: acts within one county.
    case countyAdmin
    /// 教师: any teacher signed in through the teacher-training system (leaders and members included).
    case teacher
    /// Another service of the platform calling on its own behalf (e.g. assessment pulling metrics).
    case service
}

extension Access {
    /// Any signed-in caller.
    public static var signedIn: Access { .roles(Set(Role.allCases.map(\.rawValue))) }

    /// A signed-in caller holding one of `roles`.
    public static func only(_ roles: Role...) -> Access { .roles(Set(roles.map(\.rawValue))) }

    /// Whether a caller holding `roles` may call.
    public func admits(_ roles: Set<Role>) -> Bool {
        switch self {
        case .anyone: true
        case .roles(let names): roles.contains { names.contains($0.rawValue) }
        }
    }
}
