import Foundation
import IdentityAPI
import MembershipAPI
import Programme

/// Reads a teacher's record from the training system's text fields — a roster row or identity-token claims — and
/// says which field is wrong when one is.
enum ProfileParser {
    struct Failure: Error, Equatable {
        /// The canonical field name (trainingID, name, …).
        let field: String
        let reason: String
    }

    /// The profile of `fields` (canonical names) with `honours` already split into items.
    static func parse(_ fields: [String: String], honours: [String]) throws(Failure) -> TeacherProfile {
        let trainingID = try Self.text(fields, "trainingID", max: 40)
        guard trainingID.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }) else {
            throw Failure(field: "trainingID", reason: "trainingID has characters other than letters, digits, - and _")
        }
        let cityText = try Self.text(fields, "city", max: 20)
        guard let city = Self.city(cityText) else {
            throw Failure(field: "city", reason: "'\(cityText)' is not one of Zhejiang's 11 cities or 省直 (R-GEO-1)")
        }
        let county = (fields["county"] ?? "").trimmingCharacters(in: .whitespaces)
        if county.isEmpty, city != .provinceDirect {
            throw Failure(field: "county", reason: "county is required outside 省直 (R-GEO-1)")
        }
        let stageText = try Self.text(fields, "stage", max: 20)
        guard let stage = Self.stage(stageText) else {
            throw Failure(field: "stage", reason: "'\(stageText)' is not a stage (学前, 小学, 初中, 高中, 特殊教育, 中职, 高等; R-TYPE-1)")
        }
        let titleText = fields["title"] ?? ""
        guard let title = TitleGrade(chinese: titleText) else {
            throw Failure(field: "title", reason: "'\(titleText)' is not a professional title (正高级, 高级, 一级, 二级, 三级, or a vocational equivalent)")
        }
        var parsed: [Honour] = []
        for item in honours where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let honour = Honour(chinese: item) else {
                throw Failure(
                    field: "honours",
                    reason: "'\(item)' is not an honour this platform knows (省特级教师, 省正高级教师, 班主任工作室领衔人, 技师, 高级技师, or a city honour as 名称:年份)"
                )
            }
            parsed.append(honour)
        }
        return TeacherProfile(
            trainingID: trainingID,
            name: try Self.text(fields, "name", max: 50),
            school: try Self.text(fields, "school", max: 100),
            city: city,
            county: county,
            rural: try Self.flag(fields, "rural"),
            pairedRegion: try Self.flag(fields, "pairedRegion"),
            stage: stage,
            subject: try Self.text(fields, "subject", max: 50),
            title: title,
            honours: parsed
        )
    }

    private static func text(_ fields: [String: String], _ field: String, max: Int) throws(Failure) -> String {
        let value = (fields[field] ?? "").trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw Failure(field: field, reason: "\(field) is required") }
        guard value.count <= max else { throw Failure(field: field, reason: "\(field) is longer than \(max) characters") }
        return value
    }

    private static func flag(_ fields: [String: String], _ field: String) throws(Failure) -> Bool {
        switch (fields[field] ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
        case "是", "y", "yes", "true", "1": return true
        case "否", "n", "no", "false", "0", "": return false
        case let other: throw Failure(field: field, reason: "\(field) is '\(other)', not 是 or 否")
        }
    }

    /// A city by its id, its Chinese name, or its Chinese name with 市.
    static func city(_ text: String) -> City? {
        if let city = City(rawValue: text) { return city }
        let name = text.hasSuffix("市") ? String(text.dropLast()) : text
        return City.allCases.first { $0.chineseName == name }
    }

    static func stage(_ text: String) -> Stage? {
        if let stage = Stage(rawValue: text) { return stage }
        switch text {
        case "学前", "学前教育", "幼儿园": return .preschool
        case "小学": return .primary
        case "初中": return .juniorSecondary
        case "高中", "普通高中": return .seniorSecondary
        case "特殊教育", "特教": return .special
        case "中职", "中等职业教育", "职业教育": return .vocational
        case "高等", "高等教育", "高校": return .higher
        default: return nil
        }
    }
}
