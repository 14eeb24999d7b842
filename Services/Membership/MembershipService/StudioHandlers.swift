import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Studios: creation within quota, reads and search, level changes, closure, workstation and paired school.
struct StudioHandlers: Sendable {
    let database: any DatabaseWriter
    /// For `getStudio`, answered on the event loop.
    let inlineReader: any DatabaseReader
    /// Identity, asked for the shortlisted application a provincial studio is created from.
    let identity: any RPCTransport
    let accounts: AccountDirectory
    let cache: StudioCache

    func register(in methods: inout RPCMethods) {
        methods.register(Membership.createStudio, self.createStudio)
        methods.register(Membership.importStudio, self.importStudio)
        // A primary-key read from a pooled reader takes microseconds: answered on the event loop, with no task.
        methods.registerInline(Membership.getStudio, self.getStudio)
        methods.register(Membership.listStudios, self.listStudios)
        methods.register(Membership.getStudioHistory, self.getStudioHistory)
        methods.register(Membership.changeLevel, self.changeLevel)
        methods.register(Membership.closeStudio, self.closeStudio)
        methods.register(Membership.assignWorkstation, self.assignWorkstation)
        methods.register(Membership.setPairedSchool, self.setPairedSchool)
    }

    func createStudio(_ request: CreateStudioRequest, context: RPCContext) async throws -> Studio {
        let caller = try context.requirePrincipal()
        try StudioAccess.checkCreate(caller, request)
        if let applicationID = request.leaderApplicationID {
            try await self.checkShortlisted(applicationID, for: request)
        } else if request.level == .province {
            throw RPCError.invalidArgument(
                "a provincial studio is founded from its leader's shortlisted application (leaderApplicationID); one founded before the platform comes in through membership.importStudio",
                field: "leaderApplicationID",
                rule: .app2
            )
        }
        let now = Date()
        let studio = Studio(
            id: "st-" + UUID().uuidString.lowercased(),
            name: request.name.trimmingCharacters(in: .whitespacesAndNewlines),
            level: request.level,
            city: request.city,
            county: request.county,
            stage: request.stage,
            subject: request.subject,
            kind: request.kind,
            leaderID: request.leaderID,
            status: .active,
            createdAt: now
        )
        return try await self.database.writeIdempotent(context) { db in
            try QuotaLedger.checkRoom(db, level: request.level, city: request.city, county: request.county)
            if let applicationID = request.leaderApplicationID {
                if let founded = try StudioApplicationRecord.fetchOne(db, key: applicationID)?.studioID {
                    throw RPCError.failedPrecondition(
                        "leader application \(applicationID) already founded studio \(founded): one application, one studio",
                        rule: .app2,
                        field: "leaderApplicationID"
                    )
                }
            }
            try StudioRecord(studio).insert(db)
            if let applicationID = request.leaderApplicationID {
                try StudioApplicationRecord(applicationID: applicationID, studioID: studio.id).insert(db)
            }
            try StudioEventRecord(
                studioID: studio.id,
                kind: .created,
                from: nil,
                to: studio.level,
                reason: nil,
                decidedBy: caller.subject,
                at: now
            ).insert(db)
            return studio
        }
    }

    func importStudio(_ request: ImportStudioRequest, context: RPCContext) async throws -> Studio {
        let caller = try context.requirePrincipal()
        let now = Date()
        guard request.createdAt <= now.addingTimeInterval(RosterRules.clockSkew) else {
            throw RPCError.invalidArgument("a studio cannot be founded in the future", field: "createdAt")
        }
        let plan = request.studio
        let studio = Studio(
            id: "st-" + UUID().uuidString.lowercased(),
            name: plan.name.trimmingCharacters(in: .whitespacesAndNewlines),
            level: plan.level,
            city: plan.city,
            county: plan.county,
            stage: plan.stage,
            subject: plan.subject,
            kind: plan.kind,
            leaderID: plan.leaderID,
            status: .active,
            createdAt: request.createdAt
        )
        return try await self.database.writeIdempotent(context) { db in
            try QuotaLedger.checkRoom(db, level: plan.level, city: plan.city, county: plan.county)
            try StudioRecord(studio).insert(db)
            try StudioEventRecord(
                studioID: studio.id,
                kind: .created,
                from: nil,
                to: studio.level,
                reason: "导入 (imported): \(request.source)",
                decidedBy: caller.subject,
                at: request.createdAt
            ).insert(db)
            return studio
        }
    }

    /// R-APP-1 on promotion to the provincial level: the leader's mirrored honours and title, read from identity.
    func checkProvincialLeader(_ studio: Studio) async throws {
        guard let account = try await self.accounts.accounts([studio.leaderID])[studio.leaderID] else {
            throw RPCError.failedPrecondition(
                "leader \(studio.leaderID) has no teacher account, so R-APP-1 cannot be shown for a provincial studio",
                rule: .app1,
                field: "level"
            )
        }
        guard account.provincialLeaderBasis(kind: studio.kind) != nil else {
            throw RPCError.failedPrecondition(
                "studio \(studio.id) cannot become provincial: \(Account.provincialLeaderRequirement(kind: studio.kind)), and its leader \(account.name) is neither",
                rule: .app1,
                field: "level"
            )
        }
    }

    /// R-APP-2: a provincial studio is created from its leader's shortlisted application.
    func checkShortlisted(_ applicationID: String, for request: CreateStudioRequest) async throws {
        guard request.level == .province else {
            throw RPCError.invalidArgument("only provincial studios are created from a leader application", field: "leaderApplicationID")
        }
        let application: LeaderApplication
        do {
            application = try await self.identity.call(Identity.getLeaderApplication, .init(id: applicationID))
        } catch let error as RPCError where error.status == .notFound {
            throw RPCError.notFound("leader application \(applicationID) does not exist", field: "leaderApplicationID")
        }
        guard application.status == .shortlisted, application.level == .province else {
            throw RPCError.failedPrecondition(
                "leader application \(applicationID) is a \(application.level.rawValue)-level application, \(application.status.rawValue), not shortlisted for a provincial studio",
                rule: .app2,
                field: "leaderApplicationID"
            )
        }
        guard application.applicantID == request.leaderID else {
            throw RPCError.failedPrecondition(
                "leader application \(applicationID) is \(application.applicantID)'s, not \(request.leaderID)'s",
                rule: .app2,
                field: "leaderID"
            )
        }
    }

    func getStudio(_ request: GetStudioRequest, context: RPCContext) throws -> Studio {
        if let cached = self.cache.studio(request.id) { return cached }
        let generation = self.cache.generation
        // One SELECT is consistent by itself: no BEGIN/COMMIT around it (GRDB's read wraps every read in both).
        let studio = try self.inlineReader.unsafeRead { db in try StudioRecord.require(db, request.id, field: "id") }
        self.cache.store(studio, since: generation)
        return studio
    }

    func listStudios(_ request: ListStudiosRequest, context: RPCContext) async throws -> StudioPage {
        let after = try request.pageToken.map { try PageToken.decodeString($0) }
        let pageSize = request.pageSize ?? 50
        return try await self.database.read { db in
            var filtered = StudioRecord.filter(StudioRecord.Columns.status == (request.status ?? .active).rawValue)
            if let city = request.city { filtered = filtered.filter(StudioRecord.Columns.city == city.rawValue) }
            if let county = request.county { filtered = filtered.filter(StudioRecord.Columns.county == county) }
            if let level = request.level { filtered = filtered.filter(StudioRecord.Columns.level == level.rawValue) }
            if let stage = request.stage { filtered = filtered.filter(StudioRecord.Columns.stage == stage.rawValue) }
            if let subject = request.subject { filtered = filtered.filter(StudioRecord.Columns.subject == subject) }
            if let kind = request.kind { filtered = filtered.filter(StudioRecord.Columns.kind == kind.rawValue) }
            if let workstation = request.workstation { filtered = filtered.filter(StudioRecord.Columns.workstation == workstation) }
            let total = try filtered.fetchCount(db)
            var page = filtered.order(StudioRecord.Columns.id)
            if let after { page = page.filter(StudioRecord.Columns.id > after) }
            let records = try page.limit(pageSize + 1).fetchAll(db)
            let studios = records.prefix(pageSize).map { $0.studio() }
            let next = records.count > pageSize ? studios.last.map { PageToken.encode($0.id) } : nil
            return StudioPage(studios: studios, totalCount: total, nextPageToken: next)
        }
    }

    func getStudioHistory(_ request: StudioRef, context: RPCContext) async throws -> StudioHistory {
        let caller = try context.requirePrincipal()
        return try await self.database.read { db in
            let studio = try StudioRecord.require(db, request.studioID)
            try StudioAccess.checkView(caller, studio)
            let events = try StudioEventRecord.filter(StudioEventRecord.Columns.studioID == studio.id).order(StudioEventRecord.Columns.id).fetchAll(
                db
            )
            return StudioHistory(studioID: studio.id, events: try events.map { try $0.event() })
        }
    }

    func changeLevel(_ request: ChangeLevelRequest, context: RPCContext) async throws -> Studio {
        let caller = try context.requirePrincipal()
        if request.level == .province {
            // The level step and the caller first (as the write checks them again); then the leader (R-APP-1).
            // A studio already provincial is left to the write (a retried call replays its first answer).
            let current = try await self.database.read { db in try StudioRecord.requireActive(db, request.studioID) }
            if current.level != .province {
                _ = try LevelChange(from: current.level, to: request.level)
                guard caller.has(.provinceOffice) else {
                    throw RPCError.permissionDenied("only the province office moves studios to or from the provincial level", rule: .lvl2)
                }
                try await self.checkProvincialLeader(current)
            }
        }
        let record = try await self.database.writeIdempotent(context) { db in
            var studio = try StudioRecord.requireActive(db, request.studioID)
            let change = try LevelChange(from: studio.level, to: request.level)
            if change.involvesProvince, !caller.has(.provinceOffice) {
                throw RPCError.permissionDenied("only the province office moves studios to or from the provincial level", rule: .lvl2)
            }
            try StudioAccess.checkAdminister(caller, studio)
            let county = request.level == .county ? (request.county ?? studio.county) : studio.county
            if request.level == .county, (county ?? "").isEmpty {
                throw MembershipError.countyStudioWithoutCounty(field: "county")
            }
            try QuotaLedger.checkRoom(db, level: request.level, city: studio.city, county: county)
            if request.level == .province { try RosterRules.checkProvincialExclusivity(db, promoting: studio.id) }
            let from = studio.level
            studio.level = request.level
            studio.county = county
            try StudioRecord(studio).update(db)
            try StudioEventRecord(
                studioID: studio.id,
                kind: change.isPromotion ? .promoted : .demoted,
                from: from,
                to: request.level,
                reason: request.reason,
                decidedBy: caller.subject,
                at: Date()
            ).insert(db)
            return StudioRecord(studio)
        }
        self.cache.invalidate(request.studioID)
        return record.studio()
    }

    func closeStudio(_ request: CloseStudioRequest, context: RPCContext) async throws -> Studio {
        let caller = try context.requirePrincipal()
        let record = try await self.database.writeIdempotent(context) { db in
            var studio = try StudioRecord.requireActive(db, request.studioID)
            try StudioAccess.checkAdminister(caller, studio)
            studio.status = .closed
            try StudioRecord(studio).update(db)
            try StudioEventRecord(
                studioID: studio.id,
                kind: .closed,
                from: studio.level,
                to: nil,
                reason: request.reason,
                decidedBy: caller.subject,
                at: Date()
            ).insert(db)
            return StudioRecord(studio)
        }
        self.cache.invalidate(request.studioID)
        return record.studio()
    }

    func assignWorkstation(_ request: AssignWorkstationRequest, context: RPCContext) async throws -> Studio {
        defer { self.cache.invalidate(request.studioID) }
        return try await self.database.writeIdempotent(context) { db -> StudioRecord in
            let studio = try StudioRecord.requireActive(db, request.studioID)
            guard studio.level == .province else {
                throw RPCError.failedPrecondition(
                    "workstations supervise provincial studios; \(studio.id) is \(studio.level.rawValue)-level",
                    rule: .mgt1,
                    field: "studioID"
                )
            }
            var record = StudioRecord(studio)
            record.workstation = request.workstation
            try record.update(db)
            return record
        }.studio()
    }

    func setPairedSchool(_ request: SetPairedSchoolRequest, context: RPCContext) async throws -> Studio {
        let caller = try context.requirePrincipal()
        defer { self.cache.invalidate(request.studioID) }
        return try await self.database.writeIdempotent(context) { db -> StudioRecord in
            let studio = try StudioRecord.requireActive(db, request.studioID)
            guard StudioAccess.isLeader(caller, of: studio) || caller.has(.provinceOffice) else {
                throw RPCError.permissionDenied("only the studio's leader names its paired school", rule: .comp7)
            }
            var record = StudioRecord(studio)
            record.pairedSchoolName = request.school.name
            record.pairedSchoolCity = request.school.city
            record.pairedSchoolCounty = request.school.county
            record.pairedSchoolKind = request.school.kind
            try record.update(db)
            return record
        }.studio()
    }
}

/// A one-step move between levels (逐级, R-LVL-2).
struct LevelChange {
    let isPromotion: Bool
    let involvesProvince: Bool

    init(from: StudioLevel, to: StudioLevel) throws {
        func rank(_ level: StudioLevel) -> Int {
            switch level {
            case .county: 0
            case .city: 1
            case .province: 2
            }
        }
        let step = rank(to) - rank(from)
        guard abs(step) == 1 else {
            throw RPCError.failedPrecondition(
                step == 0
                    ? "the studio is already \(to.rawValue)-level"
                    : "studios move one level at a time (逐级), not \(from.rawValue) → \(to.rawValue)",
                rule: .lvl2,
                field: "level"
            )
        }
        self.isPromotion = step > 0
        self.involvesProvince = from == .province || to == .province
    }
}
