import AssessmentAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// The workstations' and the office's view: rankings, reports, idle studios, tiers, CSV exports, credits.
///
/// The ranking table is open to every admin; a report in full to the office, the studio's workstation and its
/// leader (R-MGT-1), and a city or county studio's report also to its city's admins, whose bureau set it up
/// (R-LVL-3).
struct QueryHandlers: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Assessment.getRanking, self.getRanking)
        methods.register(Assessment.getStudioReport, self.getStudioReport)
        methods.register(Assessment.getStudioAcrossYears, self.getStudioAcrossYears)
        methods.register(Assessment.listIdleStudios, self.listIdleStudios)
        methods.register(Assessment.getTiers, self.getTiers)
        methods.register(Assessment.exportRanking, self.exportRanking)
        methods.register(Assessment.exportTiers, self.exportTiers)
        methods.register(Assessment.exportCredits, self.exportCredits)
        methods.register(Assessment.pullCredits, self.pullCredits)
        methods.register(Assessment.getMyRecord, self.getMyRecord)
    }

    func getRanking(_ request: RankingRequest, context: RPCContext) async throws -> RankingPage {
        let pageSize = request.pageSize ?? 100
        let after = try request.pageToken.map { token -> Int in
            guard let rank = Int(try PageToken.decodeString(token)) else {
                throw AssessmentError.foreignPageToken
            }
            return rank
        }
        return try await self.database.read { db in
            let run = try RunRecord.resolve(db, year: request.year, runID: request.runID)
            var query = RankingRecord.filter(
                ResultRecord.Columns.runID == run.id && ResultRecord.Columns.level == (request.level ?? .province).rawValue
            )
            if let city = request.city { query = query.filter(ResultRecord.Columns.city == city.rawValue) }
            if let workstation = request.workstation { query = query.filter(ResultRecord.Columns.workstation == workstation) }
            if let tier = request.tier { query = query.filter(ResultRecord.Columns.tier == tier) }
            if let passed = request.passed { query = query.filter(ResultRecord.Columns.passed == passed) }
            if let after { query = query.filter(ResultRecord.Columns.rank > after) }
            let records = try query.order(ResultRecord.Columns.rank).limit(pageSize + 1).fetchAll(db)
            let page = records.prefix(pageSize)
            return RankingPage(
                run: try run.summary(),
                rows: try page.map { try $0.row() },
                nextPageToken: records.count > pageSize ? page.last.map { PageToken.encode(String($0.rank)) } : nil
            )
        }
    }

    func getStudioReport(_ request: StudioReportRequest, context: RPCContext) async throws -> StudioReport {
        let caller = try context.requirePrincipal()
        return try await self.database.read { db in
            let run = try RunRecord.resolve(db, year: request.year, runID: request.runID)
            guard let record = try ResultRecord.fetchOne(db, key: ["runID": run.id, "studioID": request.studioID]) else {
                throw AssessmentError.studioNotInRun(studioID: request.studioID, runID: run.id)
            }
            try Self.checkReport(caller, record)
            return StudioReport(run: try run.summary(), result: try record.result())
        }
    }

    func getStudioAcrossYears(_ request: StudioHistoryRequest, context: RPCContext) async throws -> StudioAcrossYears {
        let caller = try context.requirePrincipal()
        return try await self.database.read { db in
            let years = try Int.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT run.year FROM result JOIN run ON run.id = result.runID WHERE result.studioID = ? ORDER BY run.year
                    """,
                arguments: [request.studioID]
            )
            var reports: [StudioReport] = []
            for year in years {
                let run = try RunRecord.resolve(db, year: year, runID: nil)
                guard let record = try ResultRecord.fetchOne(db, key: ["runID": run.id, "studioID": request.studioID]) else { continue }
                try Self.checkReport(caller, record)
                reports.append(StudioReport(run: try run.summary(), result: try record.result()))
            }
            return StudioAcrossYears(studioID: request.studioID, years: reports)
        }
    }

    func listIdleStudios(_ request: AssessmentYear, context: RPCContext) async throws -> RankingPage {
        try await self.database.read { db in
            let run = try RunRecord.resolve(db, year: request.year, runID: nil)
            let records = try RankingRecord.filter(ResultRecord.Columns.runID == run.id && ResultRecord.Columns.idle == true).fetchAll(db)
            return RankingPage(run: try run.summary(), rows: Self.byLevel(try records.map { try $0.row() }), nextPageToken: nil)
        }
    }

    func getTiers(_ request: AssessmentYear, context: RPCContext) async throws -> TierList {
        try await self.database.read { db in try Self.tiers(db, year: request.year) }
    }

    func exportRanking(_ request: AssessmentYear, context: RPCContext) async throws -> CSVExport {
        try await self.database.read { db in
            let run = try RunRecord.resolve(db, year: request.year, runID: nil)
            let rows = Self.byLevel(try RankingRecord.filter(ResultRecord.Columns.runID == run.id).fetchAll(db).map { try $0.row() })
            let levelNames: [StudioLevel: String] = [.province: "省级", .city: "市级", .county: "县级"]
            let lines =
                [
                    [
                        "级别", "排名", "工作室编号", "工作室", "地市", "工作站", "考核结果", "得分", "档次", "补助(元)", "年度勋章",
                        "设而不建/建而不用", "级别建议",
                    ]
                ]
                + rows.map { row in
                    [
                        levelNames[row.level] ?? "", String(row.rank), row.studioID, row.name, row.city.chineseName, row.workstation ?? "",
                        row.passed ? "合格" : "不合格", String(format: "%.2f", row.score), row.tier ?? "", String(row.amount),
                        row.badge ? "是" : "否", row.idle ? "是" : "否", row.proposal.chineseName,
                    ]
                }
            return try CSVExport(
                filename: "\(request.year)年度名师网络工作室考核排名\(run.status == RunSummary.Status.frozen.rawValue ? "" : "（动态）").csv",
                lines: lines
            )
        }
    }

    func exportTiers(_ request: AssessmentYear, context: RPCContext) async throws -> CSVExport {
        let tiers = try await self.database.read { db in try Self.tiers(db, year: request.year) }
        let lines =
            [["档次", "补助(元)", "工作室"]]
            + tiers.tiers.flatMap { tier in
                tier.studioIDs.map { [tier.name, String(tier.amount), $0] }
            }
        return try CSVExport(filename: "\(request.year)年度分档补助.csv", lines: lines)
    }

    func exportCredits(_ request: AssessmentYear, context: RPCContext) async throws -> CSVExport {
        let entries = try await self.database.read { db in
            try CreditRecord.filter(CreditRecord.Columns.year == request.year).order(CreditRecord.Columns.sequence).fetchAll(db).map(\.entry)
        }
        let lines =
            [["序号", "年度", "教师", "工作室", "身份", "学分"]]
            + entries.map {
                [String($0.sequence), String($0.year), $0.teacherID, $0.studioID, $0.role == "leader" ? "领衔人" : "学科带头人", String($0.credits)]
            }
        return try CSVExport(filename: "\(request.year)年度名师网络工作室学分.csv", lines: lines)
    }

    /// Entries after the cursor in ledger order: the cursor is the last sequence returned, so pulling again from the
    /// same cursor returns the same entries and nothing is counted twice.
    func pullCredits(_ request: PullCreditsRequest, context: RPCContext) async throws -> CreditPage {
        let limit = request.limit ?? 1000
        let entries = try await self.database.read { db in
            try CreditRecord.filter(CreditRecord.Columns.sequence > request.cursor)
                .order(CreditRecord.Columns.sequence)
                .limit(limit)
                .fetchAll(db)
                .map(\.entry)
        }
        return CreditPage(entries: entries, cursor: entries.last?.sequence ?? request.cursor)
    }

    // MARK: - Helpers

    /// Province first, then city, then county; by rank within each.
    static func byLevel(_ rows: [RankingRow]) -> [RankingRow] {
        rows.sorted { ($0.level.order, $0.rank) < ($1.level.order, $1.rank) }
    }

    /// The caller's credit entries, and the badges of the frozen years' passing provincial studios they led or
    /// served as a subject leader on the roster the run counted.
    func getMyRecord(_ request: MyRecordRequest, context: RPCContext) async throws -> TeacherRecord {
        let caller = try context.requirePrincipal()
        return try await self.database.read { db in
            let credits = try CreditRecord.filter(CreditRecord.Columns.teacherID == caller.subject)
                .order(CreditRecord.Columns.year, CreditRecord.Columns.sequence)
                .fetchAll(db)
                .map(\.entry)
            var badges: [TeacherRecord.Badge] = []
            for record in try ResultRecord.fetchAll(
                db,
                sql: """
                    SELECT r.* FROM result r JOIN run ON run.id = r.runID WHERE run.status = 'frozen' AND r.badge ORDER BY run.year, r.rank
                    """
            ) {
                let year = try Int.fetchOne(db, sql: "SELECT year FROM run WHERE id = ?", arguments: [record.runID]) ?? 0
                if record.leaderID == caller.subject {
                    badges.append(.init(year: year, studioID: record.studioID, studioName: record.name, role: "leader", runID: record.runID))
                } else if let snapshot = try RunRecord.snapshot(db, runID: record.runID, studioID: record.studioID),
                    snapshot.membership.subjectLeaderIDs.contains(caller.subject)
                {
                    badges.append(
                        .init(
                            year: year,
                            studioID: record.studioID,
                            studioName: record.name,
                            role: "subjectLeader",
                            runID: record.runID
                        )
                    )
                }
            }
            return TeacherRecord(teacherID: caller.subject, credits: credits, badges: badges)
        }
    }

    static func checkReport(_ caller: Principal, _ record: ResultRecord) throws {
        if caller.has(.service) || (caller.has(.teacher) && caller.subject == record.leaderID) { return }
        if (try? FlagReviewHandlers.checkSupervise(caller, record)) != nil { return }
        throw RPCError.permissionDenied(
            "studio \(record.studioID)'s report is for the office, its workstation, its leader and, for a city or county studio, its city's admins",
            rule: .mgt1
        )
    }

    static func tiers(_ db: Database, year: Int) throws -> TierList {
        let run = try RunRecord.resolve(db, year: year, runID: nil)
        let rules = try RuleSetRecord.version(db, year: year, version: run.ruleSetVersion)
        var members: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT studioID, tier FROM result WHERE runID = ? AND tier IS NOT NULL ORDER BY rank",
            arguments: [run.id]
        ) {
            members[row["tier"], default: []].append(row["studioID"])
        }
        let tiers = rules.tiers.map { TierSummary(name: $0.name, amount: $0.amount, studioIDs: members[$0.name] ?? []) }
        // Rule sets stored before tier amounts were bounded are read too: the total saturates rather than traps.
        let total = tiers.reduce(0) { sum, tier in
            let (product, overflow) = tier.amount.multipliedReportingOverflow(by: tier.studioIDs.count)
            let (next, overflowAgain) = sum.addingReportingOverflow(product)
            return overflow || overflowAgain ? Int.max : next
        }
        return TierList(run: try run.summary(), tiers: tiers, total: total)
    }

}
