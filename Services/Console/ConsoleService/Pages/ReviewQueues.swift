import ActivitiesAPI
import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import MembershipAPI
import Programme
import ResourcesAPI

/// The rest of a decider's queue: lectures and awards to accept or refuse (R-TASK-2, R-TASK-3), research outcomes to
/// approve or reject (R-FEAT-4) and, for the office, notices to publish or reject (R-MGT-7). Each item is decided in
/// place, and only an item of the caller's own queue as its service lists it: anything else is refused unchanged.
extension Pages {
    static let recordKinds: [SubjectLeaderRecord.Kind: String] = [.lecture: "讲座/示范课", .award: "获奖"]
    static let recordLevels: [String: String] = [
        "school": "校级", "county": "县级", "city": "市级", "province": "省级", "national": "国家级",
    ]

    struct ReviewForm: Decodable {
        var csrf: String?
        var decision: String?
        var reason: String?
    }

    /// Every page of a listing, up to `limit` items (a queue is read whole, as a person would work through it).
    static func allPages<Item>(limit: Int = 2000, _ fetch: (String?) async throws -> ([Item], String?)) async throws -> [Item] {
        var items: [Item] = []
        var token: String?
        repeat {
            let (page, next) = try await fetch(token)
            items += page
            token = next
        } while token != nil && items.count < limit
        return items
    }

    /// The names of the studios `ids` (at most 200 asked, in parallel), for lists that would otherwise show ids; a
    /// studio the reader may not see, or beyond the first 200, keeps its id.
    func studioNames(_ ids: some Sequence<String>, as session: ConsoleSession) async -> [String: String] {
        let wanted = Array(Set(ids).sorted().prefix(200))
        return await withTaskGroup(of: (String, String?).self) { group in
            for id in wanted {
                group.addTask { (id, try? await self.peers.membership.call(Membership.getStudio, .init(id: id), as: session).name) }
            }
            var names: [String: String] = [:]
            for await (id, name) in group { names[id] = name }
            return names
        }
    }

    func recordsToReview(as session: ConsoleSession) async throws -> [SubjectLeaderRecord] {
        guard session.has(any: .workstation, .provinceOffice, .cityAdmin, .countyAdmin) else { return [] }
        return try await Self.allPages { token in
            let page = try await self.peers.activities.call(Activities.listRecordsToReview, .init(pageSize: 200, pageToken: token), as: session)
            return (page.records, page.nextPageToken)
        }
    }

    func outcomesToDecide(as session: ConsoleSession) async throws -> [Resource] {
        guard session.roles.contains(.workstation) || session.roles.contains(.provinceOffice) else { return [] }
        return try await Self.allPages { token in
            let page = try await self.peers.resources.call(Resources.listOutcomesToDecide, .init(pageSize: 200, pageToken: token), as: session)
            return (page.resources, page.nextPageToken)
        }
    }

    func noticesToReview(as session: ConsoleSession) async throws -> [Notice] {
        guard session.roles.contains(.provinceOffice) else { return [] }
        return try await Self.allPages { token in
            let page = try await self.peers.activities.call(Activities.listNoticesToReview, .init(pageSize: 200, pageToken: token), as: session)
            return (page.notices, page.nextPageToken)
        }
    }

    /// The queue's sections beyond featured projects, rendered.
    func reviewSections(as session: ConsoleSession, year: Int) async throws -> String {
        async let records = self.recordsToReview(as: session)
        async let outcomes = self.outcomesToDecide(as: session)
        async let notices = self.noticesToReview(as: session)
        let csrf = session.csrf
        let (outcomeList, recordList, noticeList) = (try await outcomes, try await records, try await notices)
        let names = await self.studioNames(outcomeList.map(\.studioID) + recordList.map(\.studioID) + noticeList.map(\.studioID), as: session)
        var html = ""
        if session.roles.contains(.workstation) || session.roles.contains(.provinceOffice) {
            let list = outcomeList
            html += self.renderer.fragment(
                "outcomes",
                [
                    "none": list.isEmpty, "count": list.count,
                    "outcomes": list.map { resource -> [String: Any] in
                        let recognition = resource.outcome?.recognition
                        return [
                            "id": resource.id, "title": resource.title, "studioID": resource.studioID,
                            "studioName": names[resource.studioID] ?? resource.studioID, "year": resource.year, "csrf": csrf,
                            "recognition": recognition.map {
                                "\($0.kind == .published ? "发表于" : "获奖：")\($0.venue)（\(Self.recordLevels[$0.level.rawValue] ?? $0.level.rawValue)，\($0.date)）"
                            } ?? "",
                        ]
                    },
                ] as [String: Any]
            )
        }
        if session.has(any: .workstation, .provinceOffice, .cityAdmin, .countyAdmin) {
            html += self.renderer.fragment(
                "records",
                [
                    "none": recordList.isEmpty, "count": recordList.count,
                    "records": recordList.map { record -> [String: Any] in
                        var row: [String: Any] = [
                            "id": record.id, "kind": Self.recordKinds[record.kind] ?? record.kind.rawValue, "title": record.title,
                            "level": Self.recordLevels[record.level.rawValue] ?? record.level.rawValue,
                            "date": record.date, "studioID": record.studioID, "studioName": names[record.studioID] ?? record.studioID,
                            "teacherID": record.teacherID, "year": record.year,
                            "csrf": csrf,
                        ]
                        row.setIfPresent("evidence", record.evidence.resourceID ?? record.evidence.sha256.map { "文件 " + $0.prefix(12) })
                        row.setIfPresent("rank", record.rank)
                        return row
                    },
                ] as [String: Any]
            )
        }
        if session.roles.contains(.provinceOffice) {
            let list = noticeList
            html += self.renderer.fragment(
                "notices",
                [
                    "none": list.isEmpty, "count": list.count,
                    "notices": list.map { notice -> [String: Any] in
                        [
                            "id": notice.id, "studioID": notice.studioID, "studioName": names[notice.studioID] ?? notice.studioID,
                            "activityID": notice.activityID, "body": notice.body,
                            "draftedAt": Self.chinaTime(notice.draftedAt), "year": year, "csrf": csrf,
                        ]
                    },
                ] as [String: Any]
            )
        }
        return html
    }

    /// Decides one queue item of `kind` ("records", "outcomes", "notices") from its form.
    func decideReview(_ kind: String, _ request: Request, context: ConsoleContext, session: ConsoleSession) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(ReviewForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        let id = try context.parameters.require("id")
        guard let decision = form.decision, decision == "accept" || decision == "refuse" else {
            return try await self.queuePage(request, session: session, error: "请选择同意或不同意。")
        }
        let accept = decision == "accept"
        let reason = form.reason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let notInQueue = { (what: String, rule: String) in
            self.renderer.page(
                "error",
                ["heading": "无权查看或操作", "message": "\(what) \(id) 不在你的待办中。", "rule": rule],
                title: "无权查看或操作",
                session: session,
                status: .forbidden
            )
        }
        do {
            switch kind {
            case "records":
                guard try await self.recordsToReview(as: session).contains(where: { $0.id == id }) else { return notInQueue("讲座或获奖记录", "R-TASK-2") }
                _ = try await self.peers.activities.call(
                    Activities.reviewSubjectLeaderRecord,
                    .init(id: id, accept: accept, reason: reason),
                    as: session
                )
            case "outcomes":
                guard try await self.outcomesToDecide(as: session).contains(where: { $0.id == id }) else { return notInQueue("研究成果", "R-FEAT-4") }
                _ = try await self.peers.resources.call(Resources.decideResearchOutcome, .init(id: id, approve: accept, note: reason), as: session)
            default:
                guard try await self.noticesToReview(as: session).contains(where: { $0.id == id }) else { return notInQueue("电子通知", "R-MGT-7") }
                _ = try await self.peers.activities.call(Activities.reviewNotice, .init(id: id, approve: accept, note: reason), as: session)
            }
            return Self.redirect("/queue?year=\(Self.year(request))#\(kind)")
        } catch let error as RPCError where error.status == .invalidArgument || error.status == .failedPrecondition {
            return try await self.queuePage(request, session: session, error: Self.describe(error))
        }
    }
}
