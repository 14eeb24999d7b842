import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Studio-leader applications: calendar, applying, the city → province chain, automatic shortlisting.
struct LeaderApplicationHandlers: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Identity.getCalendar, self.getCalendar)
        methods.register(Identity.setCalendar, self.setCalendar)
        methods.register(Identity.applyAsLeader, self.applyAsLeader)
        methods.register(Identity.decideLeaderApplication, self.decide)
        methods.register(Identity.listLeaderApplications, self.list)
        methods.register(Identity.getLeaderApplication, self.get)
        methods.register(Identity.importPreviousRoundPasses, self.importPreviousRoundPasses)
        methods.register(Identity.setLocalLeaderRule, self.setLocalLeaderRule)
        methods.register(Identity.getLocalLeaderRule, self.getLocalLeaderRule)
    }

    func getCalendar(_ request: YearRequest, context: RPCContext) async throws -> ApplicationCalendar {
        try await self.database.read { db in try CalendarRecord.calendar(db, year: request.year) }
    }

    func setCalendar(_ request: ApplicationCalendar, context: RPCContext) async throws -> ApplicationCalendar {
        let caller = try context.requirePrincipal()
        return try await self.database.writeIdempotent(context) { db in
            try CalendarRecord(request).save(db)
            try AuditLog.record(db, application: "calendar-\(request.year)", action: "calendar set", actor: caller.subject)
            return request
        }
    }

    func applyAsLeader(_ request: ApplyAsLeaderRequest, context: RPCContext) async throws -> LeaderApplication {
        let caller = try context.requirePrincipal()
        return try await self.database.writeIdempotent(context) { db in
            let account = try Self.requireAccount(db, caller.subject)
            try CalendarRecord.checkApplicationYear(db, request.year, rule: .app3)
            let calendar = try CalendarRecord.calendar(db, year: request.year)
            let now = Date()
            guard now <= calendar.leaderApplicationsClose else {
                throw RPCError.failedPrecondition(
                    "leader applications for \(request.year) closed on \(calendar.leaderApplicationsClose)",
                    rule: .app3,
                    field: "year"
                )
            }
            let open = try LeaderApplicationRecord.filter(
                sql: "applicantID = ? AND year = ? AND status NOT IN ('returned', 'rejected')",
                arguments: [account.id, request.year]
            ).fetchOne(db)
            if let open { throw RPCError.alreadyExists("you already have application \(open.id) for \(request.year)", field: "year") }
            let outcome: Eligibility.Outcome
            if request.level == .province {
                outcome = Eligibility.provincialLeader(account, kind: request.kind)
            } else {
                guard let rule = try Self.localRule(db, city: account.city, level: request.level) else {
                    throw RPCError.failedPrecondition(
                        "\(account.city.chineseName) has not set its rule for \(request.level.rawValue)-level leaders",
                        rule: .app4,
                        field: "level"
                    )
                }
                outcome = Eligibility.localLeader(account, rule: rule)
            }
            let basis = try outcome.basis(field: "level")
            let record = LeaderApplicationRecord(
                id: "la-" + UUID().uuidString.lowercased(),
                year: request.year,
                level: request.level.rawValue,
                applicantID: account.id,
                applicantName: account.name,
                city: account.city.rawValue,
                kind: request.kind.rawValue,
                stage: request.stage.rawValue,
                subject: request.subject,
                phone: request.phone,
                qq: request.qq,
                status: LeaderApplication.Status.submitted.rawValue,
                eligibility: basis,
                createdAt: now,
                updatedAt: now
            )
            try record.insert(db)
            try AuditLog.record(db, application: record.id, action: "submitted", actor: caller.subject, at: now)
            return try record.application()
        }
    }

    func decide(_ request: DecideLeaderApplicationRequest, context: RPCContext) async throws -> LeaderApplication {
        let caller = try context.requirePrincipal()
        return try await self.database.writeIdempotent(context) { db in
            guard var record = try LeaderApplicationRecord.fetchOne(db, key: request.id) else {
                throw IdentityError.applicationNotFound(id: request.id)
            }
            let application = try record.application()
            let next = try Self.transition(
                application,
                request.decision,
                caller: caller,
                calendar: try CalendarRecord.calendar(db, year: application.year)
            )
            let now = Date()
            record.status = next.rawValue
            record.updatedAt = now
            try record.update(db)
            try AuditLog.record(
                db,
                application: record.id,
                action: request.decision.rawValue,
                actor: caller.subject,
                reason: request.reason,
                at: now
            )
            return try record.application()
        }
    }

    /// R-APP-2's chain: provincial applications go city (recommend/return, by the city-list date) → province office
    /// (shortlist/reject); city and county applications are decided by their city (R-APP-4).
    static func transition(
        _ application: LeaderApplication,
        _ decision: DecideLeaderApplicationRequest.Decision,
        caller: Principal,
        calendar: ApplicationCalendar
    ) throws -> LeaderApplication.Status {
        let isCityAdmin = caller.has(.cityAdmin) && caller.city == application.city.rawValue
        func require(_ status: LeaderApplication.Status) throws {
            guard application.status == status else {
                throw RPCError.failedPrecondition(
                    "application \(application.id) is \(application.status.rawValue), not \(status.rawValue)",
                    rule: .app2,
                    field: "id"
                )
            }
        }
        switch (application.level, decision) {
        case (.province, .recommend), (.province, .return):
            guard isCityAdmin else {
                throw RPCError.permissionDenied("only \(application.city.chineseName)'s admins recommend its applicants", rule: .app2)
            }
            try require(.submitted)
            guard Date() <= calendar.cityListsClose else {
                throw RPCError.failedPrecondition(
                    "city recommendation lists for \(application.year) were due \(calendar.cityListsClose)",
                    rule: .app3,
                    field: "id"
                )
            }
            return decision == .recommend ? .recommended : .returned
        case (.province, .shortlist), (.province, .reject):
            guard caller.has(.provinceOffice) else {
                throw RPCError.permissionDenied("only the province office shortlists provincial leaders", rule: .app2)
            }
            try require(.recommended)
            return decision == .shortlist ? .shortlisted : .rejected
        case (_, .shortlist), (_, .reject):
            guard isCityAdmin || caller.has(.provinceOffice) else {
                throw RPCError.permissionDenied("\(application.city.chineseName) decides its city and county leaders", rule: .app4)
            }
            try require(.submitted)
            return decision == .shortlist ? .shortlisted : .rejected
        case (_, .recommend), (_, .return):
            throw RPCError.failedPrecondition(
                "city and county applications are shortlisted or rejected by their city",
                rule: .app4,
                field: "decision"
            )
        }
    }

    func list(_ request: ListApplicationsRequest, context: RPCContext) async throws -> LeaderApplicationList {
        let caller = try context.requirePrincipal()
        return try await self.database.read { db in
            var query = LeaderApplicationRecord.filter(LeaderApplicationRecord.Columns.year == request.year)
            if caller.has(.provinceOffice) {
                if let city = request.city { query = query.filter(LeaderApplicationRecord.Columns.city == city.rawValue) }
            } else if caller.has(.cityAdmin) {
                let city = try AdminHandlers.scopedCity(request.city, caller: caller)
                query = query.filter(LeaderApplicationRecord.Columns.city == city?.rawValue)
            } else {
                query = query.filter(LeaderApplicationRecord.Columns.applicantID == caller.subject)
            }
            let records = try query.order(LeaderApplicationRecord.Columns.createdAt, LeaderApplicationRecord.Columns.id).fetchAll(db)
            return LeaderApplicationList(applications: try records.map { try $0.application() })
        }
    }

    func get(_ request: ApplicationRef, context: RPCContext) async throws -> LeaderApplication {
        let caller = try context.requirePrincipal()
        let record = try await self.database.read { db in try LeaderApplicationRecord.fetchOne(db, key: request.id) }
        guard let record else { throw IdentityError.applicationNotFound(id: request.id) }
        guard
            caller.has(.provinceOffice) || caller.has(.service) || caller.subject == record.applicantID
                || (caller.has(.cityAdmin) && caller.city == record.city)
        else { throw IdentityError.applicationOutsideScope }
        return try record.application()
    }

    func importPreviousRoundPasses(_ request: PreviousRoundPassesRequest, context: RPCContext) async throws -> LeaderApplicationList {
        let caller = try context.requirePrincipal()
        return try await self.database.write { db in
            var shortlisted: [LeaderApplication] = []
            let now = Date()
            for (index, leaderID) in request.leaderIDs.enumerated() {
                guard let account = try AccountRecord.fetchOne(db, key: leaderID) else {
                    throw RPCError.notFound("leaderIDs[\(index)]: account \(leaderID) does not exist", field: "leaderIDs")
                }
                let existing = try LeaderApplicationRecord.filter(
                    sql: "applicantID = ? AND year = ? AND status = 'shortlisted'",
                    arguments: [leaderID, request.year]
                ).fetchOne(db)
                if let existing {
                    shortlisted.append(try existing.application())
                    continue
                }
                let profile = try account.account()
                let record = LeaderApplicationRecord(
                    id: "la-" + UUID().uuidString.lowercased(),
                    year: request.year,
                    level: StudioLevel.province.rawValue,
                    applicantID: leaderID,
                    applicantName: profile.name,
                    city: profile.city.rawValue,
                    kind: StudioKind.subject.rawValue,
                    stage: profile.stage.rawValue,
                    subject: profile.subject,
                    phone: "",
                    qq: nil,
                    status: LeaderApplication.Status.shortlisted.rawValue,
                    eligibility: "R-APP-2: studio passed the previous round",
                    createdAt: now,
                    updatedAt: now
                )
                try record.insert(db)
                try AuditLog.record(db, application: record.id, action: "shortlisted (previous round passed)", actor: caller.subject, at: now)
                shortlisted.append(try record.application())
            }
            return LeaderApplicationList(applications: shortlisted)
        }
    }

    func setLocalLeaderRule(_ request: LocalLeaderRule, context: RPCContext) async throws -> LocalLeaderRule {
        let caller = try context.requirePrincipal()
        guard caller.city == request.city.rawValue else {
            throw RPCError.permissionDenied("only \(request.city.chineseName)'s admins set its rule", rule: .app4)
        }
        guard request.level != .province else {
            throw RPCError.invalidArgument("provincial eligibility is the programme's (R-APP-1), not a city's", field: "level", rule: .app4)
        }
        return try await self.database.writeIdempotent(context) { db in
            try LocalLeaderRuleRecord(request).upsert(db)
            try AuditLog.record(db, application: "rule-\(request.city.rawValue)-\(request.level.rawValue)", action: "rule set", actor: caller.subject)
            return request
        }
    }

    func getLocalLeaderRule(_ request: LocalLeaderRuleRequest, context: RPCContext) async throws -> LocalLeaderRuleAnswer {
        try await self.database.read { db in
            LocalLeaderRuleAnswer(rule: try Self.localRule(db, city: request.city, level: request.level))
        }
    }

    static func localRule(_ db: Database, city: City, level: StudioLevel) throws -> LocalLeaderRule? {
        try LocalLeaderRuleRecord.find(db, city: city, level: level)?.rule
    }

    /// The caller's mirrored account; applying needs one (signing in through the training system makes it).
    static func requireAccount(_ db: Database, _ id: String) throws -> Account {
        guard let record = try AccountRecord.fetchOne(db, key: id) else {
            throw RPCError.failedPrecondition("no teacher account \(id): sign in through the teacher-training system first")
        }
        return try record.account()
    }
}
