import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Rosters: subject leaders, core members by request, network members, mentors, dated reads.
struct RosterHandlers: Sendable {
    let database: any DatabaseWriter
    let accounts: AccountDirectory

    func register(in methods: inout RPCMethods) {
        methods.register(Membership.addSubjectLeader, self.addSubjectLeader)
        methods.register(Membership.removeMember, self.removeMember)
        methods.register(Membership.assignMentor, self.assignMentor)
        methods.register(Membership.requestToJoin, self.requestToJoin)
        methods.register(Membership.decideJoinRequest, self.decideJoinRequest)
        methods.register(Membership.listJoinRequests, self.listJoinRequests)
        methods.register(Membership.joinAsNetworkMember, self.joinAsNetworkMember)
        methods.register(Membership.getRoster, self.getRoster)
        methods.register(Membership.listMyMemberships, self.listMyMemberships)
    }

    func addSubjectLeader(_ request: AddSubjectLeaderRequest, context: RPCContext) async throws -> Member {
        let caller = try context.requirePrincipal()
        let account = try await self.accounts.require(request.teacherID, field: "teacherID")
        try await self.checkLocalRule(studioID: request.studioID, account: account, caller: caller)
        return try await self.database.writeIdempotent(context) { db in
            let studio = try StudioRecord.requireActive(db, request.studioID)
            try StudioAccess.checkManageRoster(caller, studio)
            try RosterRules.checkSubjectLeaderPath(db, studio: studio, teacherID: account.id, caller: caller)
            guard
                let record = try RosterRules.add(
                    db,
                    studio: studio,
                    role: .subjectLeader,
                    profile: MemberProfile(account: account),
                    mentorID: nil,
                    at: Date()
                )
            else { throw RPCError.alreadyExists("\(account.id) is already a subject leader of studio \(studio.id)", field: "teacherID") }
            return try record.member()
        }
    }

    /// R-APP-4: a city or county studio's new subject leader meets what its city's bureau asks of subject leaders,
    /// if it asks anything (identity keeps the city's rule). The office's own additions are its decision.
    func checkLocalRule(studioID: String, account: Account, caller: Principal) async throws {
        guard !caller.has(.provinceOffice), !caller.has(.service) else { return }
        let studio = try await self.database.read { db in try StudioRecord.requireActive(db, studioID) }
        guard studio.level != .province,
            let requirement = try await self.accounts.localRule(city: studio.city, level: studio.level)?.subjectLeaders,
            let shortfall = requirement.shortfall(of: account, city: studio.city)
        else { return }
        throw RPCError.failedPrecondition(
            "a subject leader of a \(studio.level.rawValue) studio: \(shortfall)",
            rule: .app4,
            field: "teacherID"
        )
    }

    func removeMember(_ request: RemoveMemberRequest, context: RPCContext) async throws -> RemovalResult {
        let caller = try context.requirePrincipal()
        return try await self.database.writeIdempotent(context) { db in
            let studio = try StudioRecord.require(db, request.studioID)
            if caller.subject != request.teacherID || !caller.has(.teacher) {
                try StudioAccess.checkManageRoster(caller, studio)
            }
            return try RosterRules.remove(
                db,
                studio: studio,
                teacherID: request.teacherID,
                reason: request.reason,
                reassignTo: request.reassignTo,
                at: Date()
            )
        }
    }

    func assignMentor(_ request: AssignMentorRequest, context: RPCContext) async throws -> Member {
        let caller = try context.requirePrincipal()
        return try await self.database.writeIdempotent(context) { db in
            let studio = try StudioRecord.requireActive(db, request.studioID)
            try StudioAccess.checkManageRoster(caller, studio)
            guard var member = try MemberRecord.current(db, studioID: studio.id, teacherID: request.teacherID),
                member.memberRole == .coreMember
            else {
                throw RPCError.notFound("\(request.teacherID) is not a current core member of studio \(studio.id)", field: "teacherID")
            }
            if member.mentorID != request.mentorID {
                try RosterRules.checkMentorRoom(db, studioID: studio.id, mentorID: request.mentorID)
                member.mentorID = request.mentorID
                try member.update(db)
            }
            return try member.member()
        }
    }

    func requestToJoin(_ params: JoinRequestParams, context: RPCContext) async throws -> JoinRequest {
        let caller = try context.requirePrincipal()
        let profile = try await self.ownProfile(caller)
        let now = Date()
        return try await self.database.writeIdempotent(context) { db in
            let studio = try StudioRecord.requireActive(db, params.studioID)
            if let current = try MemberRecord.current(db, studioID: studio.id, teacherID: caller.subject),
                current.memberRole != .networkMember
            {
                throw RPCError.alreadyExists("you are already a \(current.role) of studio \(studio.id)", field: "studioID")
            }
            let pending = try JoinRequestRecord.filter(
                sql: "studioID = ? AND teacherID = ? AND status = 'pending'",
                arguments: [studio.id, caller.subject]
            ).fetchOne(db)
            if let pending {
                throw RPCError.alreadyExists("your request \(pending.id) to join studio \(studio.id) is pending", field: "studioID")
            }
            guard try RosterRules.currentCount(db, studioID: studio.id, role: .coreMember) < RosterRules.coreMemberCeiling else {
                throw RPCError.failedPrecondition("studio \(studio.id) has its 100 core members", rule: .comp5, field: "studioID")
            }
            let record = JoinRequestRecord(
                id: "jr-" + UUID().uuidString.lowercased(),
                studioID: studio.id,
                profile: profile,
                message: params.message,
                at: now
            )
            try record.insert(db)
            return try record.request()
        }
    }

    func decideJoinRequest(_ request: DecideJoinRequest, context: RPCContext) async throws -> JoinRequest {
        let caller = try context.requirePrincipal()
        return try await self.database.writeIdempotent(context) { db in
            guard var record = try JoinRequestRecord.fetchOne(db, key: request.requestID) else {
                throw RPCError.notFound("join request \(request.requestID) does not exist", field: "requestID")
            }
            let studio = try StudioRecord.requireActive(db, record.studioID)
            try StudioAccess.checkManageRoster(caller, studio)
            guard record.status == JoinRequest.Status.pending.rawValue else {
                throw RPCError.failedPrecondition("join request \(record.id) was already \(record.status)", field: "requestID")
            }
            let now = Date()
            if request.approve {
                _ = try RosterRules.add(
                    db,
                    studio: studio,
                    role: .coreMember,
                    profile: record.profile,
                    mentorID: request.mentorID,
                    at: now,
                    field: "requestID"
                )
            }
            record.status = (request.approve ? JoinRequest.Status.approved : .declined).rawValue
            record.reason = request.reason
            record.decidedAt = now
            record.decidedBy = caller.subject
            try record.update(db)
            return try record.request()
        }
    }

    func listJoinRequests(_ request: ListJoinRequestsRequest, context: RPCContext) async throws -> JoinRequestList {
        let caller = try context.requirePrincipal()
        return try await self.database.read { db in
            let studio = try StudioRecord.require(db, request.studioID)
            try StudioAccess.checkManageRoster(caller, studio)
            let records = try JoinRequestRecord.filter(
                sql: "studioID = ? AND status = ?",
                arguments: [studio.id, (request.status ?? .pending).rawValue]
            ).order(JoinRequestRecord.Columns.createdAt, JoinRequestRecord.Columns.id).fetchAll(db)
            return JoinRequestList(requests: try records.map { try $0.request() })
        }
    }

    func joinAsNetworkMember(_ params: JoinRequestParams, context: RPCContext) async throws -> Member {
        let caller = try context.requirePrincipal()
        let profile = try await self.ownProfile(caller)
        return try await self.database.writeIdempotent(context) { db in
            let studio = try StudioRecord.requireActive(db, params.studioID)
            guard
                let record = try RosterRules.add(
                    db,
                    studio: studio,
                    role: .networkMember,
                    profile: profile,
                    mentorID: nil,
                    at: Date(),
                    field: "studioID"
                )
            else { throw RPCError.alreadyExists("you are already a network member of studio \(studio.id)", field: "studioID") }
            return try record.member()
        }
    }

    func getRoster(_ request: GetRosterRequest, context: RPCContext) async throws -> RosterPage {
        let caller = try context.requirePrincipal()
        let after = try request.pageToken.map { try PageToken.decodePair($0) }
        let pageSize = request.pageSize ?? 100
        return try await self.database.read { db in
            let studio = try StudioRecord.require(db, request.studioID)
            // The studio's subject leaders read its roster too: they host its activities and mentor its members.
            let subjectLeader =
                try MemberRecord.filter(
                    sql: "studioID = ? AND teacherID = ? AND role = 'subjectLeader' AND leftAt IS NULL",
                    arguments: [studio.id, caller.subject]
                ).fetchCount(db) > 0
            if !subjectLeader { try StudioAccess.checkView(caller, studio) }
            var sql = "studioID = ?"
            var arguments: StatementArguments = [studio.id]
            if let asOf = request.asOf {
                sql += " AND joinedAt <= ? AND (leftAt IS NULL OR leftAt > ?)"
                arguments += [asOf, asOf]
            } else {
                sql += " AND leftAt IS NULL"
            }
            if let role = request.role {
                sql += " AND role = ?"
                arguments += [role.rawValue]
            }
            if let after {
                sql += " AND (sortKey, id) > (?, ?)"
                arguments += [after.sortKey, after.id]
            }
            let records = try MemberRecord.filter(sql: sql, arguments: arguments)
                .order(MemberRecord.Columns.sortKey, MemberRecord.Columns.id).limit(pageSize + 1).fetchAll(db)
            let page = records.prefix(pageSize)
            let next = records.count > pageSize ? page.last.map { PageToken.encode(sortKey: $0.sortKey, id: $0.id ?? 0) } : nil
            return RosterPage(members: try page.map { try $0.member() }, nextPageToken: next)
        }
    }

    func listMyMemberships(_ request: Empty, context: RPCContext) async throws -> MyMemberships {
        let caller = try context.requirePrincipal()
        return try await self.database.read { db in
            let members = try MemberRecord.filter(sql: "teacherID = ? AND leftAt IS NULL", arguments: [caller.subject])
                .order(MemberRecord.Columns.joinedAt).fetchAll(db)
            let requests = try JoinRequestRecord.filter(JoinRequestRecord.Columns.teacherID == caller.subject)
                .order(JoinRequestRecord.Columns.createdAt).fetchAll(db)
            let leads = try String.fetchAll(
                db,
                sql: "SELECT id FROM studio WHERE leaderID = ? AND status = 'active' ORDER BY id",
                arguments: [caller.subject]
            )
            return MyMemberships(
                memberships: try members.map { try $0.member() },
                requests: try requests.map { try $0.request() },
                leads: leads
            )
        }
    }

    /// Teachers join under their own account and real name (R-APP-8): the profile is identity's record of the
    /// caller's account, which it mirrors from the teacher-training system.
    func ownProfile(_ caller: Principal) async throws -> MemberProfile {
        guard caller.has(.teacher) else {
            throw RPCError.permissionDenied("teachers join with their own teacher account", rule: .app8)
        }
        do {
            return MemberProfile(account: try await self.accounts.require(caller.subject, field: "studioID"))
        } catch let error as RPCError where error.status == .notFound {
            throw RPCError.failedPrecondition(
                "your sign-in \(caller.subject) has no teacher account in identity: sign in through the teacher-training system",
                rule: .app8
            )
        }
    }
}
