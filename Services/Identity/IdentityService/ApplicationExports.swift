import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// The paper chain's tables, as CSV that Excel opens with Chinese text intact (UTF-8 BOM, CRLF), with the notice's
/// columns, and the balance report of R-APP-9.
struct ApplicationExports: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Identity.exportAttachment2, self.attachment2)
        methods.register(Identity.exportAttachment3, self.attachment3)
        methods.register(Identity.cityBalance, self.cityBalance)
    }

    /// Attachment 2: the city's recommended (and shortlisted) provincial leaders.
    func attachment2(_ request: CityYearRequest, context: RPCContext) async throws -> CSVExport {
        let city = try AdminHandlers.scopedCity(request.city, caller: try context.requirePrincipal()) ?? request.city
        let rows = try await self.database.read { db in
            let applications = try Self.recommended(db, year: request.year, city: city)
            return try applications.map { application -> [String] in
                let account = try LeaderApplicationHandlers.requireAccount(db, application.applicantID)
                return [
                    account.name, Self.subjectLabel(application.stage, application.subject),
                    Self.titleAndHonours(account), application.phone, account.school, application.qq ?? "",
                ]
            }
        }
        return try CSVExport(
            filename: "附件2-\(request.year)年度\(city.chineseName)省级名师网络工作室负责人推荐名单汇总表.csv",
            header: ["姓名", "学科/专业", "职称、荣誉", "联系手机", "所在单位", "QQ号"],
            rows: rows
        )
    }

    /// Attachment 3: the city's subject-leader applications.
    func attachment3(_ request: CityYearRequest, context: RPCContext) async throws -> CSVExport {
        let city = try AdminHandlers.scopedCity(request.city, caller: try context.requirePrincipal()) ?? request.city
        let rows = try await self.database.read { db in
            let records = try SubjectLeaderApplicationRecord.filter(
                sql: "year = ? AND city = ? AND status != 'declined'",
                arguments: [request.year, city.rawValue]
            ).order(SubjectLeaderApplicationRecord.Columns.createdAt).fetchAll(db)
            return try records.map { record -> [String] in
                let account = try LeaderApplicationHandlers.requireAccount(db, record.applicantID)
                return [
                    account.name, Self.subjectLabel(account.stage, account.subject), Self.titleName(account.title),
                    Self.honourNames(account), record.phone, account.school,
                ]
            }
        }
        return try CSVExport(
            filename: "附件3-\(request.year)年度\(city.chineseName)省级名师网络工作室学科带头人申请汇总表.csv",
            header: ["姓名", "学科/专业", "职称", "荣誉", "联系手机", "所在单位"],
            rows: rows
        )
    }

    func cityBalance(_ request: CityYearRequest, context: RPCContext) async throws -> CityBalance {
        let city = try AdminHandlers.scopedCity(request.city, caller: try context.requirePrincipal()) ?? request.city
        let applications = try await self.database.read { db in try Self.recommended(db, year: request.year, city: city) }
        let favoured = ["英语", "班主任", "体育", "音乐", "信息技术", "通用技术", "综合实践"]
        var byStage: [String: Int] = [:]
        var favouredCounts = Dictionary(uniqueKeysWithValues: favoured.map { ($0, 0) })
        for application in applications {
            byStage[application.stage.rawValue, default: 0] += 1
            let subject = application.kind == .classTeacher ? "班主任" : application.subject
            if let match = favoured.first(where: { subject.contains($0) }) { favouredCounts[match, default: 0] += 1 }
        }
        return CityBalance(
            city: city,
            year: request.year,
            byStage: byStage,
            favouredSubjects: favouredCounts,
            vocational: applications.filter { $0.stage == .vocational }.count,
            total: applications.count
        )
    }

    static func recommended(_ db: Database, year: Int, city: City) throws -> [LeaderApplication] {
        try LeaderApplicationRecord.filter(
            sql: "year = ? AND city = ? AND level = 'province' AND status IN ('recommended', 'shortlisted')",
            arguments: [year, city.rawValue]
        ).order(LeaderApplicationRecord.Columns.createdAt).fetchAll(db).map { try $0.application() }
    }

    static func subjectLabel(_ stage: Stage, _ subject: String) -> String {
        let prefix =
            switch stage {
            case .preschool: "学前"
            case .primary: "小学"
            case .juniorSecondary: "初中"
            case .seniorSecondary: "高中"
            case .special: "特殊教育"
            case .vocational: "中职"
            case .higher: "高等"
            }
        return subject.hasPrefix(prefix) ? subject : prefix + subject
    }

    static func titleName(_ title: TitleGrade) -> String {
        switch title {
        case .seniorSenior: "正高级"
        case .senior: "高级"
        case .first: "一级"
        case .second: "二级"
        case .third: "三级"
        case .unranked: "未评"
        }
    }

    static func honourNames(_ account: Account) -> String {
        account.honours.map { honour in
            switch honour.kind {
            case .provincialSpecialGrade: "省特级教师"
            case .provincialSeniorGrade: "省正高级教师"
            case .classTeacherStudioLeader: "班主任工作室领衔人"
            case .technician: "技师"
            case .seniorTechnician: "高级技师"
            case .cityLevel: "\(honour.name ?? "市级荣誉")(\(honour.year.map(String.init) ?? ""))"
            }
        }.joined(separator: "；")
    }

    static func titleAndHonours(_ account: Account) -> String {
        [Self.titleName(account.title), Self.honourNames(account)].filter { !$0.isEmpty }.joined(separator: "；")
    }
}
