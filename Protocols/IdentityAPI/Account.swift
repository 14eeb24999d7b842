import Foundation
import JSONRPC
import Programme

/// A professional title's grade (职称). Vocational titles map to the same grades: 正高级讲师 → `seniorSenior`,
/// 高级讲师 → `senior`, 讲师 → `first`, 助理讲师 → `second`.
public enum TitleGrade: String, Codable, Sendable, CaseIterable, Comparable {
    case unranked, third, second, first, senior, seniorSenior

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// The grade a title names in the training system's Chinese (正高级, 高级教师, 中学一级, 讲师, …); nil if unknown.
    public init?(chinese: String) {
        let text = chinese.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text == "无" || text == "未评" {
            self = .unranked
            return
        }
        if text.hasPrefix("正高级") {
            self = .seniorSenior
            return
        }
        if text.hasPrefix("高级") || text.hasPrefix("中学高级") || text.hasPrefix("小学高级") || text.hasPrefix("副高") {
            self = .senior
            return
        }
        if text.contains("一级") || text == "讲师" || text == "中级" {
            self = .first
            return
        }
        if text.contains("二级") || text.hasPrefix("助理讲师") || text == "初级" {
            self = .second
            return
        }
        if text.contains("三级") {
            self = .third
            return
        }
        if let grade = TitleGrade(rawValue: text) {
            self = grade
            return
        }
        return nil
    }
}

/// An honour or qualification that eligibility rules read (R-APP-1, R-APP-5).
public struct Honour: Codable, Sendable, Equatable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// 省特级教师.
        case provincialSpecialGrade
        /// 省正高级教师.
        case provincialSeniorGrade
        /// A city-level (设区市级) professional honour, e.g. 市学科带头人, with its name and year.
        case cityLevel
        /// 浙江省中小学班主任工作室领衔人.
        case classTeacherStudioLeader
        /// 技师 qualification.
        case technician
        /// 高级技师 qualification.
        case seniorTechnician
    }

    public var kind: Kind
    public var name: String?
    public var year: Int?

    public init(kind: Kind, name: String? = nil, year: Int? = nil) {
        self.kind = kind
        self.name = name
        self.year = year
    }

    /// Parses one honour as the training system's roster writes it: `省特级教师`, `省正高级教师`,
    /// `班主任工作室领衔人`, `技师`, `高级技师`, or a city-level honour `市学科带头人:2018` (name, colon, year).
    public init?(chinese: String) {
        let text = chinese.trimmingCharacters(in: .whitespaces)
        switch text {
        case "省特级教师", "特级教师": self.init(kind: .provincialSpecialGrade)
        case "省正高级教师": self.init(kind: .provincialSeniorGrade)
        case "班主任工作室领衔人", "浙江省中小学班主任工作室领衔人": self.init(kind: .classTeacherStudioLeader)
        case "技师": self.init(kind: .technician)
        case "高级技师": self.init(kind: .seniorTechnician)
        default:
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let year = Int(parts[1]), (1980...2100).contains(year) else {
                return nil
            }
            self.init(kind: .cityLevel, name: parts[0], year: year)
        }
    }
}

/// A teacher's account, mirroring the teacher-training system's record (师训平台).
public struct Account: Codable, Sendable, Equatable {
    /// The platform account id: `t-` followed by the training-system id.
    public var id: String
    public var trainingID: String
    /// The real name (R-APP-8).
    public var name: String
    public var school: String
    public var city: City
    public var county: String
    /// The school is rural (乡村/镇区).
    public var rural: Bool
    /// The school lies in a paired-assistance region (对口援建地区).
    public var pairedRegion: Bool
    public var stage: Stage
    public var subject: String
    public var title: TitleGrade
    public var honours: [Honour]
    public var updatedAt: Date

    public init(
        id: String,
        trainingID: String,
        name: String,
        school: String,
        city: City,
        county: String,
        rural: Bool,
        pairedRegion: Bool,
        stage: Stage,
        subject: String,
        title: TitleGrade,
        honours: [Honour],
        updatedAt: Date
    ) {
        self.id = id
        self.trainingID = trainingID
        self.name = name
        self.school = school
        self.city = city
        self.county = county
        self.rural = rural
        self.pairedRegion = pairedRegion
        self.stage = stage
        self.subject = subject
        self.title = title
        self.honours = honours
        self.updatedAt = updatedAt
    }

    /// The platform account id of a training-system id.
    public static func id(trainingID: String) -> String { "t-" + trainingID }
}

/// A platform session: a short-lived access token and a refresh token that can be revoked.
public struct Session: Codable, Sendable, Equatable {
    public var accessToken: String
    public var accessTokenExpiresAt: Date
    public var refreshToken: String
    public var refreshTokenExpiresAt: Date
    /// The account signed in.
    public var subject: String
    public var roles: [Role]

    public init(
        accessToken: String,
        accessTokenExpiresAt: Date,
        refreshToken: String,
        refreshTokenExpiresAt: Date,
        subject: String,
        roles: [Role]
    ) {
        self.accessToken = accessToken
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.refreshToken = refreshToken
        self.refreshTokenExpiresAt = refreshTokenExpiresAt
        self.subject = subject
        self.roles = roles
    }
}
