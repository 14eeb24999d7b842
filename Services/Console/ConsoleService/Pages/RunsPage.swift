import AssessmentAPI
import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import MembershipAPI
import Programme

/// The province office's runs of a year. Each action's form says what it will do; the office's own token does it,
/// so assessment refuses anyone else (and a second freeze, R-MGT-2) whatever the page shows.
extension Pages {
    struct RunForm: Decodable {
        var csrf: String?
        var action: String?
        var runID: String?
        var confirm: String?
    }

    func runsPage(_ request: Request, session: ConsoleSession, message: String? = nil, error: String? = nil) async throws -> Response {
        let year = Self.year(request)
        var (message, error, running) = (message, error, nil as Date?)
        if let job = request.uri.queryParameters.get("job") {
            switch await self.jobs.state(String(job), session: session.id) {
            case .running(let since)?: running = since
            case .done(let text)?: message = text
            case .failed(let text)?: error = text
            case nil: break
            }
        }
        let runs = try await self.peers.assessment.call(Assessment.listRuns, .init(year: year), as: session)
        let frozen = runs.first { $0.status == .frozen }
        var object: [String: Any] = [
            "year": year, "csrf": session.csrf, "noRuns": runs.isEmpty, "frozen": frozen != nil,
            "runs": runs.map { run -> [String: Any] in
                [
                    "id": run.id, "status": run.status == .frozen ? "已冻结" : "实时", "studios": run.studios, "passed": run.passed,
                    "idle": run.idle, "createdAt": Self.chinaTime(run.createdAt),
                    "timing": "\(run.pullMilliseconds ?? 0) / \(run.computeMilliseconds ?? 0) ms",
                ]
            },
        ]
        if let latest = runs.first(where: { $0.status == .live }), frozen == nil { object["latest"] = latest.id }
        if let frozen {
            object["frozenID"] = frozen.id
            var counts: [LevelProposal: Int] = [:]
            for level in StudioLevel.allCases {
                let page = try await self.rankingPages(.init(year: year, runID: frozen.id, level: level), as: session)
                for row in page.rows { counts[row.proposal, default: 0] += 1 }
            }
            object["close"] = counts[.close] ?? 0
            object["demote"] = counts[.demote] ?? 0
            object["promote"] = counts[.promote] ?? 0
        }
        if let message { object["message"] = message }
        if let error { object["error"] = error }
        if let running { object["running"] = ["seconds": max(0, Int(Date().timeIntervalSince(running)))] }
        // While a job runs the page refreshes itself each second (no script) until it says what was done.
        return self.renderer.page(
            "runs",
            object,
            title: "\(year)年度考核批次",
            session: session,
            status: error == nil ? .ok : .badRequest,
            refresh: running == nil ? nil : 1
        )
    }

    func runAction(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(RunForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        let year = Self.year(request)
        // Assessment refuses anyone else too; refused here first, the job is never started for them.
        guard session.has(any: .provinceOffice) else {
            return self.renderer.page(
                "error",
                ["heading": "无权查看或操作", "message": "只有项目办运行、冻结和执行考核。", "rule": "R-MGT-2"],
                title: "无权查看或操作",
                session: session,
                status: .forbidden
            )
        }
        let assessment = self.peers.assessment
        let work: @Sendable () async throws -> String
        switch form.action {
        case "run":
            work = {
                let run = try await assessment.call(Assessment.runAssessment, .init(year: year), as: session)
                return "已运行批次 \(run.id)：\(run.studios) 个工作室，合格 \(run.passed) 个。"
            }
        case "freeze":
            guard form.confirm == "yes", let runID = form.runID else {
                return try await self.runsPage(request, session: session, error: "冻结前请勾选“我已核对本批次结果”。")
            }
            work = {
                let run = try await assessment.call(Assessment.freezeRun, .init(runID: runID), as: session)
                return "批次 \(run.id) 已冻结，本年度排名不再改变。"
            }
        case "apply":
            guard let runID = form.runID else { return try await self.runsPage(request, session: session, error: "缺少批次。") }
            work = {
                let applied = try await assessment.call(Assessment.applyOutcomes, .init(runID: runID), as: session)
                return
                    "已执行：撤销 \(applied.closed.count)、降级 \(applied.demoted.count)、晋升 \(applied.promoted.count)，未能执行 \(applied.notApplied.count)，候选 \(applied.shortlisted) 人，学分 \(applied.credits) 条。"
            }
        default:
            return try await self.runsPage(request, session: session, error: "未知的操作。")
        }
        let job = await self.jobs.start(session: session.id, work) { error in
            guard let error = error as? RPCError,
                [
                    .invalidArgument, .failedPrecondition, .permissionDenied, .notFound,
                    .alreadyExists,
                ].contains(error.status)
            else { return "服务暂时不可用，请稍后再试。" }
            return Self.describe(error)
        }
        return Self.redirect("/office/runs?year=\(year)&job=\(job)")
    }
}
