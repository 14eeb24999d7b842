import AssessmentAPI
import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import MembershipAPI
import Programme

/// A year's ranking by level, filterable by city; its CSV for Excel.
extension Pages {
    static let levelNames: [StudioLevel: String] = [.province: "省级", .city: "市级", .county: "县级"]

    /// The year asked (a query parameter), else the current year in China time.
    static func year(_ request: Request) -> Int {
        if let text = request.uri.queryParameters.get("year"), let year = Int(text), (2019...2100).contains(year) { return year }
        return Self.currentYear()
    }

    static func currentYear() -> Int { ChinaCalendar.currentYear() }

    /// A moment as the programme's people read it: China time, to the minute.
    static func chinaTime(_ date: Date) -> String { ChinaCalendar.minute(date) }

    static func number(_ value: Double) -> String { CheckResult.number(value) }

    func ranking(_ request: Request, session: ConsoleSession) async throws -> Response {
        let year = Self.year(request)
        let level = request.uri.queryParameters.get("level").flatMap(StudioLevel.init(rawValue:)) ?? .province
        let query = request.uri.queryParameters
        let city = query.get("city").flatMap { $0.isEmpty ? nil : City(rawValue: $0) }
        let stage = query.get("stage").flatMap { $0.isEmpty ? nil : Stage(rawValue: $0) }
        func text(_ name: String) -> String? {
            query.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        }
        let (workstation, tier, subject) = (text("workstation"), text("tier"), text("subject"))
        let levelName = Self.levelNames[level] ?? level.rawValue
        var object: [String: Any] = [
            "year": year, "levelName": levelName,
            "years": (2019...max(2019, Self.currentYear())).reversed().map { ["value": $0, "selected": $0 == year] },
            "levels": StudioLevel.allCases.map { ["value": $0.rawValue, "name": Self.levelNames[$0] ?? $0.rawValue, "selected": $0 == level] },
            "cities": City.allCases.map { ["value": $0.rawValue, "name": $0.chineseName, "selected": $0 == city] },
            "stages": Stage.allCases.map { ["value": $0.rawValue, "name": Self.stageNames[$0] ?? $0.rawValue, "selected": $0 == stage] },
            "workstation": workstation ?? "", "subject": subject ?? "", "tier": tier ?? "",
        ]
        var page: RankingPage
        do {
            page = try await self.rankingPages(
                .init(year: year, level: level, city: city, workstation: workstation, tier: tier),
                as: session
            )
        } catch let error as RPCError where error.status == .notFound {
            object["empty"] = "\(year)年度尚未开展考核。"
            return self.renderer.page("ranking", object, title: "\(year)年度考核排名", session: session)
        }
        if stage != nil || subject != nil {
            // Stage and subject are membership's: the rows kept are its studios of that stage and subject.
            let studios = try await Self.allPages(limit: 5000) { token in
                let found = try await self.peers.membership.call(
                    Membership.listStudios,
                    .init(
                        city: city,
                        level: level,
                        stage: stage,
                        subject: subject,
                        pageSize: 200,
                        pageToken: token
                    ),
                    as: session
                )
                return (found.studios.map(\.id), found.nextPageToken)
            }
            let kept = Set(studios)
            page.rows = page.rows.filter { kept.contains($0.studioID) }
        }
        let run = page.run
        object["run"] = [
            "id": run.id, "status": run.status == .frozen ? "已冻结（最终结果）" : "实时（未冻结）", "studios": run.studios,
            "passed": run.passed, "createdAt": Self.chinaTime(run.createdAt), "year": year,
        ]
        object["rows"] = page.rows.map { row -> [String: Any] in
            [
                "rank": row.rank, "studioID": row.studioID, "name": row.name, "city": row.city.chineseName, "workstation": row.workstation ?? "—",
                "passed": row.passed, "result": row.passed ? "合格" : "不合格", "score": Self.number(row.score), "tier": row.tier ?? "—",
                "amount": row.amount, "year": year,
            ]
        }
        object["hasRows"] = !page.rows.isEmpty
        if !page.rows.isEmpty { object["charts"] = Self.charts(page.rows, levelName: levelName) }
        object["count"] = page.rows.count
        if page.rows.isEmpty { object["empty"] = "没有符合条件的工作室。" }
        return self.renderer.page("ranking", object, title: "\(year)年度考核排名", session: session)
    }

    /// Every row of a ranking, page after page, under the first page's run.
    func rankingPages(_ request: RankingRequest, as session: ConsoleSession) async throws -> RankingPage {
        var request = request
        request.pageSize = 1000
        var page = try await self.peers.assessment.call(Assessment.getRanking, request, as: session)
        var token = page.nextPageToken
        while let next = token, page.rows.count < 100_000 {
            request.runID = page.run.id
            request.pageToken = next
            let more = try await self.peers.assessment.call(Assessment.getRanking, request, as: session)
            page.rows += more.rows
            token = more.nextPageToken
        }
        page.nextPageToken = nil
        return page
    }

    /// The year's score distribution (tens of points), the pass rate by city, and the amounts by tier.
    static func charts(_ rows: [RankingRow], levelName: String) -> String {
        // Clamped as a Double before it becomes an Int: a score out of range (or not a number) cannot trap.
        let bins = Dictionary(grouping: rows) { row in
            row.score.isFinite ? Int(min(9, max(0, (row.score / 10).rounded(.down)))) : 0
        }
        let distribution = (0...9).reversed().compactMap { bin -> Charts.Bar? in
            let count = bins[bin]?.count ?? 0
            return Charts.Bar(label: bin == 9 ? "90–100 分" : "\(bin * 10)–\(bin * 10 + 9) 分", value: Double(count), caption: "\(count) 个")
        }
        let byCity = Dictionary(grouping: rows, by: \.city).sorted { $0.key.rawValue < $1.key.rawValue }
        let passRate = byCity.map { city, studios -> Charts.Bar in
            let passed = studios.filter(\.passed).count
            let rate = Double(passed) / Double(max(1, studios.count))
            return Charts.Bar(
                label: city.chineseName,
                value: rate,
                caption: "\(passed) / \(studios.count)，\(Int((rate * 100).rounded()))%",
                failing: rate < 0.5
            )
        }
        let tiers = Dictionary(grouping: rows.filter { $0.tier != nil }, by: { $0.tier ?? "" }).sorted { $0.key < $1.key }
        let amounts = tiers.map { tier, studios -> Charts.Bar in
            let total = studios.reduce(0) { $0 + $1.amount }
            return Charts.Bar(label: tier, value: Double(total), caption: "\(studios.count) 个，合计 \(total) 元")
        }
        var svg = Charts.bars(distribution, title: "\(levelName)工作室得分分布") + Charts.bars(passRate, title: "各地市合格率", maximum: 1)
        if !amounts.isEmpty { svg += Charts.bars(amounts, title: "各档次补助金额") }
        return svg
    }

    func rankingCSV(_ request: Request, session: ConsoleSession) async throws -> Response {
        let year = Self.year(request)
        return Self.csv(try await self.peers.assessment.call(Assessment.exportRanking, .init(year: year), as: session))
    }
}
