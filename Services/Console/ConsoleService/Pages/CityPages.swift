import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import MembershipAPI
import Programme

/// The studios and their numbers by place: quotas and Attachment 1 (active studios per city and level, R-STAT-1),
/// live from membership; a city admin's own city's studios.
extension Pages {
    func quotasPage(_ request: Request, session: ConsoleSession) async throws -> Response {
        async let attachment = self.peers.membership.call(Membership.attachment1, Empty(), as: session)
        let city = session.has(any: .provinceOffice, .workstation) ? nil : session.city
        let quotas =
            try await Self.optional {
                try await self.peers.membership.call(Membership.listQuotas, .init(city: city), as: session).quotas
            } ?? []
        let table = try await attachment
        func row(_ name: String, _ province: Int, _ cityLevel: Int, _ county: Int, _ total: Int) -> [String: Any] {
            ["name": name, "province": province, "cityLevel": cityLevel, "county": county, "total": total]
        }
        let object: [String: Any] = [
            "rows": table.rows.map { row($0.cityName, $0.province, $0.cityLevel, $0.county, $0.total) },
            "totals": row("合计", table.totals.province, table.totals.cityLevel, table.totals.county, table.totals.total),
            "hasQuotas": !quotas.isEmpty,
            "quotas": quotas.map { quota -> [String: Any] in
                [
                    "place": quota.city.chineseName + (quota.county.map { " · " + $0 } ?? ""),
                    "level": Self.levelNames[quota.level] ?? quota.level.rawValue, "limit": quota.limit, "used": quota.used,
                    "left": max(0, quota.limit - quota.used), "full": quota.used >= quota.limit,
                ]
            },
        ]
        return self.renderer.page("quotas", object, title: "名额与附件1", session: session)
    }

    func attachment1CSV(session: ConsoleSession) async throws -> Response {
        Self.csv(try await self.peers.membership.call(Membership.exportAttachment1, Empty(), as: session))
    }

    /// A city admin's city's studios (the office picks a city), every level, with links to their pages.
    func cityStudiosPage(_ request: Request, session: ConsoleSession) async throws -> Response {
        let year = Self.year(request)
        let asked = request.uri.queryParameters.get("city").flatMap { City(rawValue: String($0)) }
        let city = session.has(any: .provinceOffice) ? asked ?? .hangzhou : session.city
        guard let city else {
            return self.renderer.page(
                "error",
                ["heading": "无权查看或操作", "message": "只有市、县级管理员和项目办查看本市工作室。", "rule": "R-MGT-1"],
                title: "无权查看或操作",
                session: session,
                status: .forbidden
            )
        }
        let studios = try await Self.allPages(limit: 1000) { token in
            let page = try await self.peers.membership.call(Membership.listStudios, .init(city: city, pageSize: 200, pageToken: token), as: session)
            return (page.studios, page.nextPageToken)
        }
        let object: [String: Any] = [
            "cityName": city.chineseName, "count": studios.count, "none": studios.isEmpty, "office": session.has(any: .provinceOffice),
            "cities": City.allCases.map { ["value": $0.rawValue, "name": $0.chineseName, "selected": $0 == city] },
            "studios": studios.map { studio -> [String: Any] in
                [
                    "id": studio.id, "name": studio.name, "level": Self.levelNames[studio.level] ?? studio.level.rawValue,
                    "county": studio.county ?? "", "stage": Self.stageNames[studio.stage] ?? studio.stage.rawValue, "subject": studio.subject,
                    "status": studio.status == .active ? "运行中" : "已关闭", "year": year,
                ]
            },
        ]
        return self.renderer.page("cityStudios", object, title: "\(city.chineseName)工作室", session: session)
    }
}
