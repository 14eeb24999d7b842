import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCServer
import ServiceKit

/// Subject-leader applications (R-APP-5…R-APP-7): the form, the leader's review, and membership's roster.
struct SubjectLeaderApplicationHandlers: Sendable {
    let database: any DatabaseWriter
    let forms: FormStore
    let membership: any RPCTransport
    /// Signs identity's own token for what it asks membership on its own behalf.
    let keys: KeyRing

    func register(in methods: inout RPCMethods) {
        methods.register(Identity.applyAsSubjectLeader, self.apply)
        methods.register(Identity.reviewSubjectLeaderApplication, self.review)
        methods.register(Identity.listSubjectLeaderApplications, self.list)
        methods.register(Identity.getApplicationForm, self.getForm)
        methods.register(Identity.getApplicationHistory, self.getHistory)
    }

    func apply(_ request: ApplyAsSubjectLeaderRequest, context: RPCContext) async throws -> SubjectLeaderApplication {
        let caller = try context.requirePrincipal()
        guard request.phone.count >= 5, request.phone.count <= 20 else {
            throw RPCError.invalidArgument("phone must be 5–20 digits", field: "phone")
        }
        let (account, calendar) = try await self.database.read { db in
            try CalendarRecord.checkApplicationYear(db, request.year, rule: .app7)
            return (try LeaderApplicationHandlers.requireAccount(db, caller.subject), try CalendarRecord.calendar(db, year: request.year))
        }
        guard Date() <= calendar.subjectLeaderApplicationsClose else {
            throw RPCError.failedPrecondition(
                "subject-leader applications for \(request.year) closed on \(calendar.subjectLeaderApplicationsClose)",
                rule: .app7,
                field: "year"
            )
        }
        let basis = try Eligibility.subjectLeader(account).basis()
        let studio = try await Membership.requireStudio(request.studioID, over: self.membership)
        guard studio.level == .province, studio.status == .active else {
            throw RPCError.failedPrecondition("subject-leader applications are for active provincial studios", rule: .app7, field: "studioID")
        }
        guard studio.leaderID != account.id else {
            throw RPCError.failedPrecondition("the studio's leader is not its subject leader", rule: .comp1, field: "studioID")
        }
        let form: (sha256: String, contentType: String)
        if let sha256 = request.formSHA256 {
            // Uploaded before (PUT /forms/{sha256}), by this applicant.
            guard let type = try await self.database.read({ db in try FormUploads.uploaded(sha256, by: caller.subject, db) }) else {
                throw RPCError.failedPrecondition(
                    "no form \(sha256) uploaded by you: PUT it to /forms/\(sha256) first",
                    rule: .app7,
                    field: "formSHA256"
                )
            }
            form = (sha256, type)
        } else {
            form = try self.forms.store(base64: request.formBase64 ?? "", field: "formBase64")
        }
        return try await self.database.writeIdempotent(context) { db in
            let pending = try SubjectLeaderApplicationRecord.filter(
                sql: "applicantID = ? AND studioID = ? AND year = ? AND status = 'submitted'",
                arguments: [account.id, studio.id, request.year]
            ).fetchOne(db)
            if let pending { throw RPCError.alreadyExists("your application \(pending.id) to this studio is awaiting review", field: "studioID") }
            let now = Date()
            let record = SubjectLeaderApplicationRecord(
                id: "sla-" + UUID().uuidString.lowercased(),
                year: request.year,
                studioID: studio.id,
                applicantID: account.id,
                applicantName: account.name,
                city: account.city.rawValue,
                phone: request.phone,
                formSHA256: form.sha256,
                formType: form.contentType,
                status: SubjectLeaderApplication.Status.submitted.rawValue,
                eligibility: basis,
                reason: nil,
                createdAt: now,
                updatedAt: now
            )
            try record.insert(db)
            try AuditLog.record(db, application: record.id, action: "submitted", actor: caller.subject, at: now)
            return try record.application()
        }
    }

    /// Approval adds the subject leader to membership's roster first, with an idempotency key derived from the
    /// application, and records the approval only once membership has answered: a membership outage leaves the
    /// application submitted (the leader approves again later), never approved without its roster entry, and a
    /// repeated approval never adds twice.
    func review(_ request: ReviewSubjectLeaderRequest, context: RPCContext) async throws -> SubjectLeaderApplication {
        let caller = try context.requirePrincipal()
        let (record, account) = try await self.database.read { db -> (SubjectLeaderApplicationRecord, Account) in
            guard let record = try SubjectLeaderApplicationRecord.fetchOne(db, key: request.id) else {
                throw IdentityError.applicationNotFound(id: request.id)
            }
            return (record, try LeaderApplicationHandlers.requireAccount(db, record.applicantID))
        }
        let studio = try await Membership.requireStudio(record.studioID, over: self.membership)
        guard caller.subject == studio.leaderID || caller.has(.provinceOffice) else {
            throw RPCError.permissionDenied("only the studio's leader reviews its subject-leader applications", rule: .app7)
        }
        guard record.status == SubjectLeaderApplication.Status.submitted.rawValue else {
            throw RPCError.failedPrecondition("application \(record.id) was already \(record.status)", rule: .app7, field: "id")
        }
        if request.approve {
            try await self.addToRoster(record, account: account)
        }
        return try await self.database.write { db in
            guard var current = try SubjectLeaderApplicationRecord.fetchOne(db, key: request.id),
                current.status == SubjectLeaderApplication.Status.submitted.rawValue
            else { throw RPCError.failedPrecondition("application \(request.id) was decided meanwhile", rule: .app7, field: "id") }
            let now = Date()
            current.status = (request.approve ? SubjectLeaderApplication.Status.approved : .declined).rawValue
            current.reason = request.reason
            current.updatedAt = now
            try current.update(db)
            try AuditLog.record(
                db,
                application: current.id,
                action: request.approve ? "approved" : "declined",
                actor: caller.subject,
                reason: request.reason,
                at: now
            )
            return try current.application()
        }
    }

    /// membership.addSubjectLeader, retried briefly on UNAVAILABLE under the same idempotency key; a teacher
    /// already on the roster as a subject leader counts as done.
    func addToRoster(_ record: SubjectLeaderApplicationRecord, account: Account) async throws {
        // As identity itself, not as the approving leader: a provincial studio takes a new subject leader only
        // from an approved application, which identity alone can vouch for (R-APP-7).
        let own = try await self.keys.signer.mint(
            for: Principal(subject: "svc-identity", roles: [.service]),
            lifetime: .seconds(300)
        )
        let options = CallOptions(bearerToken: own, idempotencyKey: "subject-leader-application-\(record.id)")
        var delay: Duration = .milliseconds(200)
        for attempt in 1...3 {
            do {
                _ = try await self.membership.call(
                    Membership.addSubjectLeader,
                    .init(studioID: record.studioID, teacherID: account.id),
                    options: options
                )
                return
            } catch let error as RPCError where error.status == .alreadyExists {
                return
            } catch let error as RPCError where error.status == .unavailable && attempt < 3 {
                try await Task.sleep(for: delay)
                delay *= 2
            } catch let error as RPCError where error.status == .unavailable {
                throw RPCError.unavailable(
                    "membership is unavailable, so the subject leader cannot be added; the application stays submitted: approve it again later (\(error.message))"
                )
            }
        }
    }

    func list(_ request: ListSubjectLeaderApplicationsRequest, context: RPCContext) async throws -> SubjectLeaderApplicationList {
        let caller = try context.requirePrincipal()
        var query = SubjectLeaderApplicationRecord.filter(SubjectLeaderApplicationRecord.Columns.year == request.year)
        if let studioID = request.studioID {
            if !caller.has(.provinceOffice) {
                let studio = try await Membership.requireStudio(studioID, over: self.membership)
                guard caller.subject == studio.leaderID else {
                    throw RPCError.permissionDenied("a studio's applications are for its leader", rule: .app7)
                }
            }
            query = query.filter(SubjectLeaderApplicationRecord.Columns.studioID == studioID)
        } else if caller.has(.provinceOffice) || caller.has(.cityAdmin) {
            if let city = try AdminHandlers.scopedCity(request.city, caller: caller) {
                query = query.filter(SubjectLeaderApplicationRecord.Columns.city == city.rawValue)
            }
        } else {
            query = query.filter(SubjectLeaderApplicationRecord.Columns.applicantID == caller.subject)
        }
        let ordered = query.order(SubjectLeaderApplicationRecord.Columns.createdAt, SubjectLeaderApplicationRecord.Columns.id)
        let records = try await self.database.read { db in try ordered.fetchAll(db) }
        return SubjectLeaderApplicationList(applications: try records.map { try $0.application() })
    }

    func getForm(_ request: ApplicationRef, context: RPCContext) async throws -> ApplicationForm {
        let record = try await self.authorizedRecord(request.id, caller: try context.requirePrincipal())
        let data = try self.forms.read(sha256: record.formSHA256)
        return ApplicationForm(sha256: record.formSHA256, contentType: record.formType, base64: data.base64EncodedString())
    }

    func getHistory(_ request: ApplicationRef, context: RPCContext) async throws -> AuditTrail {
        let caller = try context.requirePrincipal()
        if request.id.hasPrefix("sla-") {
            _ = try await self.authorizedRecord(request.id, caller: caller)
        } else {
            let record = try await self.database.read { db in try LeaderApplicationRecord.fetchOne(db, key: request.id) }
            guard let record else { throw IdentityError.applicationNotFound(id: request.id) }
            guard
                caller.has(.provinceOffice) || caller.subject == record.applicantID
                    || (caller.has(.cityAdmin) && caller.city == record.city)
            else { throw IdentityError.applicationOutsideScope }
        }
        return AuditTrail(entries: try await self.database.read { db in try AuditLog.trail(db, application: request.id) })
    }

    /// The application if the caller is its applicant, its studio's leader, the office or its city's admin.
    func authorizedRecord(_ id: String, caller: Principal) async throws -> SubjectLeaderApplicationRecord {
        let record = try await self.database.read { db in try SubjectLeaderApplicationRecord.fetchOne(db, key: id) }
        guard let record else { throw IdentityError.applicationNotFound(id: id) }
        if caller.has(.provinceOffice) || caller.subject == record.applicantID
            || (caller.has(.cityAdmin) && caller.city == record.city)
        {
            return record
        }
        let studio = try await Membership.requireStudio(record.studioID, over: self.membership)
        guard caller.subject == studio.leaderID else {
            throw RPCError.permissionDenied("this application is for its applicant and its studio's leader")
        }
        return record
    }
}
