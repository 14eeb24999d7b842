import ActivitiesAPI
import AssessmentAPI
import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import MembershipAPI
import Programme

/// The queue of featured projects waiting for the signed-in workstation's (or the office's) decision. A project
/// opens only from the caller's own queue, as activities lists it for them: another workstation's is refused, and
/// its decision too, by activities itself.
extension Pages {
    static let projectTypes: [FeaturedProject.ProjectType: String] = [
        .liveStreamSeries: "系列直播", .courseEvaluation: "课程评价", .researchOutcome: "研究成果", .other: "其他",
    ]

    struct DecisionForm: Decodable {
        var csrf: String?
        var decision: String?
        var note: String?
    }

    /// Every project of the caller's queue, every page (none for a role that decides no projects, a city admin).
    func queue(as session: ConsoleSession) async throws -> [FeaturedProject] {
        guard session.roles.contains(.workstation) || session.roles.contains(.provinceOffice) else { return [] }
        var projects: [FeaturedProject] = []
        var token: String?
        repeat {
            let page = try await self.peers.activities.call(Activities.listProjectsToDecide, .init(pageSize: 100, pageToken: token), as: session)
            projects += page.projects
            token = page.nextPageToken
        } while token != nil && projects.count < 5000
        return projects
    }

    struct FlagForm: Decodable {
        var csrf: String?
        var status: String?
        var reason: String?
        var exclude: String?
    }

    /// The open flags of the studios the caller supervises, in the year's run (none when the year has no run).
    func openFlags(year: Int, as session: ConsoleSession) async throws -> [AnomalyFlag] {
        do {
            return try await Self.allPages { token in
                let page = try await self.peers.assessment.call(
                    Assessment.listFlags,
                    .init(
                        year: year,
                        status: .open,
                        pageSize: 200,
                        pageToken: token
                    ),
                    as: session
                )
                return (page.flags, page.nextPageToken)
            }
        } catch let error as RPCError where error.status == .notFound {
            return []
        }
    }

    func queuePage(_ request: Request, session: ConsoleSession, error: String? = nil) async throws -> Response {
        let year = Self.year(request)
        async let reviews = self.reviewSections(as: session, year: year)
        let projects = try await self.queue(as: session)
        let flags = try await self.openFlags(year: year, as: session)
        let names = await self.studioNames(projects.map(\.studioID) + flags.map(\.studioID), as: session)
        let flagsSection = self.renderer.fragment(
            "flags",
            [
                "year": year, "noFlags": flags.isEmpty, "csrf": session.csrf,
                "flags": flags.map { flag -> [String: Any] in
                    [
                        "id": flag.id, "check": flag.check.rawValue, "studioID": flag.studioID, "studioName": names[flag.studioID] ?? flag.studioID,
                        "records": flag.records.count,
                        "detail": flag.detail, "rule": flag.rule, "csrf": session.csrf, "year": year,
                    ]
                },
            ] as [String: Any]
        )
        var object: [String: Any] = [
            "reviewSections": try await reviews + flagsSection,
            "empty": projects.isEmpty, "hasProjects": !projects.isEmpty, "count": projects.count,
            "projects": projects.map { project -> [String: Any] in
                [
                    "id": project.id, "studioID": project.studioID, "studioName": names[project.studioID] ?? project.studioID,
                    "year": project.year, "theme": project.theme,
                    "type": Self.projectTypes[project.type] ?? project.type.rawValue,
                ]
            },
        ]
        object["year"] = year
        if let error { object["error"] = error }
        return self.renderer.page("queue", object, title: "待办", session: session, status: error == nil ? .ok : .badRequest)
    }

    func decideFlag(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(FlagForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        let id = try context.parameters.require("id")
        let year = Self.year(request)
        guard let status = form.status.flatMap(AnomalyFlag.Status.init(rawValue:)), status != .open else {
            return try await self.queuePage(request, session: session, error: "请选择采纳或驳回。")
        }
        // Only a flag of the caller's own open list is decided here; assessment checks the scope again.
        guard let flag = try await self.openFlags(year: year, as: session).first(where: { $0.id == id }) else {
            return self.renderer.page(
                "error",
                ["heading": "无权查看或操作", "message": "异常提示 \(id) 不在你的待复核清单中。", "rule": "R-MGT-1"],
                title: "无权查看或操作",
                session: session,
                status: .forbidden
            )
        }
        let exclude = status == .accepted && form.exclude == "all" ? flag.records.map(\.id) : nil
        do {
            _ = try await self.peers.assessment.call(
                Assessment.decideFlag,
                .init(
                    id: id,
                    status: status,
                    reason: form.reason ?? "",
                    exclude: exclude
                ),
                as: session
            )
            return Self.redirect("/queue?year=\(year)")
        } catch let error as RPCError where error.status == .invalidArgument || error.status == .failedPrecondition {
            return try await self.queuePage(request, session: session, error: Self.describe(error))
        }
    }

    func projectPage(_ context: ConsoleContext, session: ConsoleSession, error: String? = nil) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let project = try await self.queue(as: session).first(where: { $0.id == id }) else {
            return self.renderer.page(
                "error",
                [
                    "heading": "无权查看或操作", "message": "特色项目 \(id) 不在你的待办中：只有该工作室所属的名师工作站（或项目办）决定它。",
                    "rule": "R-FEAT-1",
                ],
                title: "无权查看或操作",
                session: session,
                status: .forbidden
            )
        }
        var object: [String: Any] = [
            "id": project.id, "studioID": project.studioID, "year": project.year, "theme": project.theme,
            "description": project.description, "type": Self.projectTypes[project.type] ?? project.type.rawValue, "csrf": session.csrf,
        ]
        if let error { object["error"] = error }
        return self.renderer.page(
            "project",
            object,
            title: "特色项目：\(project.theme)",
            session: session,
            status: error == nil ? .ok : .badRequest
        )
    }

    func decideProject(_ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(DecisionForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        let id = try context.parameters.require("id")
        guard let decision = form.decision, decision == "approve" || decision == "reject" else {
            return try await self.projectPage(context, session: session, error: "请选择批准或不批准。")
        }
        let note = form.note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        do {
            let project = try await self.peers.activities.call(
                Activities.decideFeaturedProject,
                .init(id: id, approve: decision == "approve", note: note),
                as: session
            )
            return Self.redirect("/studios/\(project.studioID)?year=\(project.year)#project")
        } catch let error as RPCError where error.status == .invalidArgument || error.status == .failedPrecondition {
            return try await self.projectPage(context, session: session, error: Self.describe(error))
        }
    }
}
