import Foundation
import HTTPTypes
import Hummingbird
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme

/// Leader applications of a year (R-APP-2): a city admin recommends or returns its city's submitted ones, the office
/// shortlists or rejects recommended ones; a reason where the API requires one. Only an application of the caller's
/// own listing is decided here; identity checks the scope and the calendar again.
extension Pages {
    static let stageNames: [Stage: String] = [
        .preschool: "学前", .primary: "小学", .juniorSecondary: "初中", .seniorSecondary: "高中", .special: "特殊教育",
        .vocational: "职业教育", .higher: "高等教育",
    ]
    static let applicationStatuses: [LeaderApplication.Status: String] = [
        .submitted: "待市级推荐", .recommended: "已推荐，待省级遴选", .returned: "已退回", .shortlisted: "已入围", .rejected: "未入围",
    ]

    /// The decisions `session` may take on an application in `status`: the city's on submitted ones, the office's on
    /// recommended ones.
    static func decisions(for status: LeaderApplication.Status, session: ConsoleSession) -> [(DecideLeaderApplicationRequest.Decision, String)] {
        if status == .submitted, session.has(any: .cityAdmin) { return [(.recommend, "推荐"), (.return, "退回")] }
        if status == .recommended, session.has(any: .provinceOffice) { return [(.shortlist, "入围"), (.reject, "不入围")] }
        return []
    }

    func applications(year: Int, city: City?, as session: ConsoleSession) async throws -> [LeaderApplication] {
        try await self.peers.identity.call(Identity.listLeaderApplications, .init(year: year, city: city), as: session).applications
    }

    /// A city admin whose city the console does not know (identity did not say at sign-in) is refused rather than
    /// given the city the address asks for.
    func cityUnknown(_ session: ConsoleSession) -> Response? {
        guard !session.has(any: .provinceOffice), session.city == nil else { return nil }
        return self.renderer.page(
            "error",
            ["heading": "无权查看或操作", "message": "未能确认你所在的地市，请重新登录。", "rule": "R-APP-2"],
            title: "无权查看或操作",
            session: session,
            status: .forbidden
        )
    }

    func applicationsPage(_ request: Request, session: ConsoleSession, error: String? = nil) async throws -> Response {
        if let refused = self.cityUnknown(session) { return refused }
        let year = Self.year(request)
        // A city admin reads their own city; the office filters by any.
        let asked = request.uri.queryParameters.get("city").flatMap { City(rawValue: String($0)) }
        let city = session.has(any: .provinceOffice) ? asked : session.city
        let list = try await self.applications(year: year, city: city, as: session)
        var object: [String: Any] = [
            "year": year, "none": list.isEmpty, "count": list.count, "office": session.has(any: .provinceOffice),
            "cityName": city?.chineseName ?? "全省", "city": city?.rawValue ?? "",
            "cities": City.allCases.map { ["value": $0.rawValue, "name": $0.chineseName, "selected": $0 == city] },
            "exports": city != nil,
            "applications": list.map { application -> [String: Any] in
                [
                    "id": application.id, "name": application.applicantName, "city": application.city.chineseName,
                    "level": Self.levelNames[application.level] ?? application.level.rawValue,
                    "stage": Self.stageNames[application.stage] ?? application.stage.rawValue, "subject": application.subject,
                    "status": Self.applicationStatuses[application.status] ?? application.status.rawValue,
                    "eligibility": application.eligibility, "csrf": session.csrf, "year": year,
                    "decisions": Self.decisions(for: application.status, session: session).map {
                        ["value": $0.0.rawValue, "label": $0.1, "id": application.id]
                    },
                ]
            },
        ]
        if let error { object["error"] = error }
        return self.renderer.page("applications", object, title: "工作室主持人申报", session: session, status: error == nil ? .ok : .badRequest)
    }

    struct ApplicationForm: Decodable {
        var csrf: String?
        var decision: String?
        var reason: String?
    }

    func decideApplication(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(ApplicationForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        if let refused = self.cityUnknown(session) { return refused }
        let id = try context.parameters.require("id")
        let year = Self.year(request)
        let city = session.has(any: .provinceOffice) ? nil : session.city
        guard let application = try await self.applications(year: year, city: city, as: session).first(where: { $0.id == id }) else {
            return self.renderer.page(
                "error",
                ["heading": "无权查看或操作", "message": "申报 \(id) 不在你可处理的范围内。", "rule": "R-APP-2"],
                title: "无权查看或操作",
                session: session,
                status: .forbidden
            )
        }
        let allowed = Self.decisions(for: application.status, session: session).map(\.0)
        guard let decision = form.decision.flatMap(DecideLeaderApplicationRequest.Decision.init(rawValue:)), allowed.contains(decision) else {
            return try await self.applicationsPage(request, session: session, error: "请选择一项可执行的决定（R-APP-2）。")
        }
        let reason = form.reason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        do {
            _ = try await self.peers.identity.call(Identity.decideLeaderApplication, .init(id: id, decision: decision, reason: reason), as: session)
            return Self.redirect("/applications?year=\(year)")
        } catch let error as RPCError where error.status == .invalidArgument || error.status == .failedPrecondition {
            return try await self.applicationsPage(request, session: session, error: Self.describe(error))
        }
    }

    /// Attachments 2–4 of a city (and 1 of the province) as CSV for Excel, exactly as the owning service exports them.
    func attachmentCSV(_ number: Int, _ request: Request, session: ConsoleSession) async throws -> Response {
        if let refused = self.cityUnknown(session) { return refused }
        let year = Self.year(request)
        let asked = request.uri.queryParameters.get("city").flatMap { City(rawValue: String($0)) }
        guard let city = session.has(any: .provinceOffice) ? asked ?? session.city : session.city else {
            return self.renderer.page(
                "error",
                ["heading": "请求未被接受", "message": "请选择地市（city）。"],
                title: "请求未被接受",
                session: session,
                status: .badRequest
            )
        }
        let export: CSVExport =
            switch number {
            case 2: try await self.peers.identity.call(Identity.exportAttachment2, .init(year: year, city: city), as: session)
            case 3: try await self.peers.identity.call(Identity.exportAttachment3, .init(year: year, city: city), as: session)
            default: try await self.peers.identity.call(Identity.exportAttachment4, .init(city: city), as: session)
            }
        return Self.csv(export)
    }

    static func csv(_ export: CSVExport) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(export.filename.filter { $0.isASCII && $0 != "\"" })\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: export.csv))
        )
    }
}
