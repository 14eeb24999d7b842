import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Quotas, Attachment 1, composition reports, metrics for assessment, and bulk import.
struct ReportHandlers: Sendable {
    let database: any DatabaseWriter
    let accounts: AccountDirectory

    func register(in methods: inout RPCMethods) {
        methods.register(Membership.setQuota, self.setQuota)
        methods.register(Membership.moveQuota, self.moveQuota)
        methods.register(Membership.listQuotas, self.listQuotas)
        methods.register(Membership.attachment1, self.attachment1)
        methods.register(Membership.exportAttachment1, self.exportAttachment1)
        methods.register(Membership.getComposition, self.getComposition)
        methods.register(Membership.studioMetrics, self.studioMetrics)
        methods.register(Membership.importMembers, self.importMembers)
    }

    func setQuota(_ request: SetQuotaRequest, context: RPCContext) async throws -> Quota {
        try await self.database.writeIdempotent(context) { db in try QuotaLedger.set(db, request) }
    }

    func moveQuota(_ request: MoveQuotaRequest, context: RPCContext) async throws -> QuotaList {
        try await self.database.writeIdempotent(context) { db in
            let level = request.level
            let fromLimit = try QuotaLedger.limit(db, level: level, city: request.fromCity, county: request.fromCounty) ?? 0
            let fromUsed = try QuotaLedger.used(db, level: level, city: request.fromCity, county: request.fromCounty)
            guard fromLimit - fromUsed >= request.amount else {
                throw RPCError.failedPrecondition(
                    "\(QuotaLedger.areaName(level: level, city: request.fromCity, county: request.fromCounty)) has \(max(0, fromLimit - fromUsed)) unused quota, less than \(request.amount)",
                    rule: .lvl3,
                    field: "amount"
                )
            }
            let toLimit = try QuotaLedger.limit(db, level: level, city: request.toCity, county: request.toCounty) ?? 0
            let from = try QuotaLedger.set(
                db,
                SetQuotaRequest(
                    city: request.fromCity,
                    county: request.fromCounty,
                    level: level,
                    limit: fromLimit - request.amount
                )
            )
            let to = try QuotaLedger.set(
                db,
                SetQuotaRequest(
                    city: request.toCity,
                    county: request.toCounty,
                    level: level,
                    limit: toLimit + request.amount
                )
            )
            return QuotaList(quotas: [from, to])
        }
    }

    func listQuotas(_ request: ListQuotasRequest, context: RPCContext) async throws -> QuotaList {
        let caller = try context.requirePrincipal()
        var city = request.city
        if !caller.has(.provinceOffice), !caller.has(.workstation) {
            // City and county admins see their own city's quotas.
            guard let own = caller.city.flatMap(City.init(rawValue:)), city == nil || city == own else {
                throw RPCError.permissionDenied("city and county admins see their own city's quotas", rule: .lvl3)
            }
            city = own
        }
        let scope = city
        return try await self.database.read { db in QuotaList(quotas: try QuotaLedger.list(db, city: scope)) }
    }

    func attachment1(_ request: Empty, context: RPCContext) async throws -> Attachment1 {
        try await self.database.read { db in
            var counts: [City: [StudioLevel: Int]] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT city, level, COUNT(*) FROM studio WHERE status = 'active' GROUP BY city, level
                    """
            )
            for row in rows {
                guard let city = City(rawValue: row[0]), let level = StudioLevel(rawValue: row[1]) else { continue }
                counts[city, default: [:]][level] = row[2]
            }
            return Attachment1(
                rows: City.allCases.map { city in
                    Attachment1.Row(
                        city: city,
                        province: counts[city]?[.province] ?? 0,
                        cityLevel: counts[city]?[.city] ?? 0,
                        county: counts[city]?[.county] ?? 0
                    )
                }
            )
        }
    }

    func exportAttachment1(_ request: Empty, context: RPCContext) async throws -> CSVExport {
        let table = try await self.attachment1(request, context: context)
        return try CSVExport(filename: "附件1-名师网络工作室统计表.csv", lines: table.lines)
    }

    func getComposition(_ request: GetCompositionRequest, context: RPCContext) async throws -> CompositionReport {
        let caller = try context.requirePrincipal()
        let asOf = request.asOf ?? Date()
        return try await self.database.read { db in
            let studio = try StudioRecord.require(db, request.studioID)
            try StudioAccess.checkView(caller, studio)
            let counts = try RosterCounts.fetch(db, studioIDs: [studio.id], asOf: asOf)[studio.id] ?? RosterCounts()
            return CompositionReport(
                studioID: studio.id,
                asOf: asOf,
                checks: counts.checks(pairedSchool: studio.pairedSchool?.isRural == true),
                coreMembersWithoutMentor: counts.coreMembersWithoutMentor
            )
        }
    }

    func studioMetrics(_ request: StudioMetricsRequest, context: RPCContext) async throws -> StudioMetricsPage {
        let asOf = min(Date.endOfYear(request.year), Date())
        let after = try request.pageToken.map { try PageToken.decodeString($0) }
        let pageSize = request.pageSize ?? 1000
        return try await self.database.read { db in
            var studios: [StudioRecord]
            var next: String?
            if let ids = request.studioIDs {
                studios = try StudioRecord.fetchAll(db, keys: ids)
                let found = Set(studios.map(\.id))
                if let missing = ids.first(where: { !found.contains($0) }) {
                    throw MembershipError.studioNotFound(id: missing, field: "studioIDs")
                }
            } else {
                var query = StudioRecord.order(StudioRecord.Columns.id)
                if let level = request.level { query = query.filter(StudioRecord.Columns.level == level.rawValue) }
                if let after { query = query.filter(StudioRecord.Columns.id > after) }
                studios = try query.limit(pageSize + 1).fetchAll(db)
                if studios.count > pageSize {
                    studios.removeLast()
                    next = studios.last.map { PageToken.encode($0.id) }
                }
            }
            // A studio founded after the year's end had no part in it (a page may then hold fewer than pageSize).
            studios.removeAll { $0.createdAt > asOf }
            let counts = try RosterCounts.fetch(db, studioIDs: studios.map(\.id), asOf: asOf)
            let metrics = studios.map { record in
                let studio = record.studio()
                let count = counts[studio.id] ?? RosterCounts()
                return StudioMetrics(
                    studioID: studio.id,
                    level: studio.level,
                    status: studio.status,
                    subjectLeaders: count.subjectLeaders,
                    coreMembers: count.coreMembers,
                    networkMembers: count.networkMembers,
                    ruralOrOtherCitySubjectLeaders: count.ruralOrOtherCitySubjectLeaders,
                    ruralSubjectLeaders: count.ruralSubjectLeaders,
                    coreMembersWithoutMentor: count.coreMembersWithoutMentor,
                    pairedSchool: studio.pairedSchool?.isRural == true,
                    leaderID: studio.leaderID,
                    city: studio.city,
                    workstation: studio.workstation,
                    subjectLeaderIDs: count.subjectLeaderIDs,
                    name: studio.name,
                    createdAt: studio.createdAt,
                    county: studio.county
                )
            }
            return StudioMetricsPage(year: request.year, asOf: asOf, metrics: metrics, nextPageToken: next)
        }
    }

    func importMembers(_ request: ImportMembersRequest, context: RPCContext) async throws -> ImportMembersResult {
        let now = Date()
        if let index = request.entries.firstIndex(where: { ($0.joinedAt ?? now) > now.addingTimeInterval(RosterRules.clockSkew) }) {
            throw RPCError.invalidArgument("a roster entry cannot start in the future", field: "entries[\(index)].joinedAt")
        }
        let accounts = try await self.accounts.require(request.entries.map(\.teacherID)) { "entries[\($0)].teacherID" }
        return try await self.database.writeIdempotent(context) { db in
            var studios: [String: Studio] = [:]
            var added = 0
            for (index, entry) in request.entries.enumerated() {
                let field = "entries[\(index)]"
                guard let account = accounts[entry.teacherID] else {
                    throw RPCError.notFound("no teacher account \(entry.teacherID)", field: field + ".teacherID")
                }
                let studio: Studio
                if let known = studios[entry.studioID] {
                    studio = known
                } else {
                    studio = try StudioRecord.requireActive(db, entry.studioID, field: field + ".studioID")
                    studios[entry.studioID] = studio
                }
                if let joinedAt = entry.joinedAt, joinedAt < studio.createdAt {
                    throw RPCError.invalidArgument(
                        "\(field): studio \(studio.id) was founded at \(studio.createdAt.formatted(.iso8601)); nobody joins it before",
                        field: field + ".joinedAt"
                    )
                }
                do {
                    let record = try RosterRules.add(
                        db,
                        studio: studio,
                        role: entry.role,
                        profile: MemberProfile(account: account),
                        mentorID: entry.mentorID,
                        at: entry.joinedAt ?? now,
                        existingIsError: false,
                        field: field + ".teacherID"
                    )
                    if record != nil { added += 1 }
                } catch {
                    // Name the entry, so the operator can find the row that broke the import.
                    guard var refusal = RPCError(converting: error) else { throw error }
                    refusal.message = "\(field): \(refusal.message)"
                    throw refusal
                }
            }
            return ImportMembersResult(added: added, unchanged: request.entries.count - added)
        }
    }
}
