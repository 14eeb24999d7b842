import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import RPCServer
import ServiceKit

/// Signing in (teacher-training token, admin password), refreshing and signing out.
struct SessionHandlers: Sendable {
    let database: any DatabaseWriter
    let sessions: SessionIssuer
    let training: TrainingTokenVerifier
    /// 5 failures per account and 20 per address in 15 minutes.
    let accountAttempts = AttemptLimiter(limit: 5, window: .seconds(900))
    let addressAttempts = AttemptLimiter(limit: 20, window: .seconds(900))

    func register(in methods: inout RPCMethods) {
        methods.register(Identity.signInWithTrainingToken, self.signInWithTrainingToken)
        methods.register(Identity.signInWithPassword, self.signInWithPassword)
        methods.register(Identity.refreshSession, self.refreshSession)
        methods.register(Identity.signOut, self.signOut)
    }

    func signInWithTrainingToken(_ request: TrainingSignInRequest, context: RPCContext) async throws -> Session {
        let claims = try await self.training.verify(request.token)
        let profile: TeacherProfile
        do {
            profile = try ProfileParser.parse(claims.fields, honours: claims.honours ?? [])
        } catch {
            throw RPCError.invalidArgument("the training system's token cannot make an account: \(error.reason)", field: "token.\(error.field)")
        }
        let pending = try await self.database.write { db in
            // An admin with a training-system account signs in as that admin.
            if let admin = try AdminRecord.filter(Column("trainingID") == profile.trainingID).fetchOne(db) {
                return try self.sessions.issue(for: admin.principal, db)
            }
            _ = try AccountRecord.upsert(profile, db, at: Date())
            return try self.sessions.issue(for: AccountRecord(profile, at: Date()).principal, db)
        }
        return try await self.sessions.complete(pending)
    }

    func signInWithPassword(_ request: PasswordSignInRequest, context: RPCContext) async throws -> Session {
        let accountKey = "account:" + request.username.lowercased()
        let addressKey = "address:" + (context.clientAddress ?? "unknown")
        for (limiter, key) in [(self.accountAttempts, accountKey), (self.addressAttempts, addressKey)] {
            if let wait = limiter.retryAfter(key) {
                throw RPCError.resourceExhausted("too many failed sign-ins; try again in \(wait.components.seconds + 1) s")
            }
        }
        let admin = try await self.database.read { db in
            try AdminRecord.filter(Column("username") == request.username).fetchOne(db)
        }
        // An unknown username costs a hash too, so timing does not tell which usernames exist.
        let stored = admin?.password ?? Self.decoy
        let matches = try await Offload.run { try PasswordHasher.verify(request.password, against: stored) }
        guard let admin, matches else {
            self.accountAttempts.recordFailure(accountKey)
            self.addressAttempts.recordFailure(addressKey)
            throw RPCError.unauthenticated("wrong username or password")
        }
        self.accountAttempts.reset(accountKey)
        let pending = try await self.database.write { db in try self.sessions.issue(for: admin.principal, db) }
        return try await self.sessions.complete(pending)
    }

    func refreshSession(_ request: RefreshRequest, context: RPCContext) async throws -> Session {
        let pending = try await self.database.write { db in
            let subject = try SessionIssuer.consume(request.refreshToken, db)
            return try self.sessions.issue(for: try Self.principal(of: subject, db), db)
        }
        return try await self.sessions.complete(pending)
    }

    func signOut(_ request: RefreshRequest, context: RPCContext) async throws -> Empty {
        try await self.database.write { db in try SessionIssuer.revoke(request.refreshToken, db) }
        return Empty()
    }

    /// The principal of an account id as it stands now (an admin's scope or a teacher's city may have changed).
    static func principal(of subject: String, _ db: Database) throws -> Principal {
        if let admin = try AdminRecord.fetchOne(db, key: subject) { return admin.principal }
        if let account = try AccountRecord.fetchOne(db, key: subject) { return account.principal }
        throw RPCError.unauthenticated("the account of this session no longer exists")
    }

    /// A hash no password matches, checked when the username is unknown.
    static let decoy = PasswordHasher.Hash(hash: Data(repeating: 0, count: 32), salt: Data(repeating: 1, count: 16),
                                           kdf: "scrypt:N=\(PasswordHasher.rounds),r=\(PasswordHasher.blockSize),p=\(PasswordHasher.parallelism)")
}
