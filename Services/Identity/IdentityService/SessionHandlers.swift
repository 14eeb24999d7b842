import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import Logging
import RPCServer
import ServiceKit

/// Signing in (teacher-training token, admin password), refreshing and signing out.
struct SessionHandlers: Sendable {
    let database: any DatabaseWriter
    let sessions: SessionIssuer
    let training: TrainingTokenVerifier
    let throttle: SignInThrottle

    func register(in methods: inout RPCMethods) {
        methods.register(Identity.signInWithTrainingToken, self.signInWithTrainingToken)
        methods.register(Identity.signInWithPassword, self.signInWithPassword)
        methods.register(Identity.refreshSession, self.refreshSession)
        methods.register(Identity.signOut, self.signOut)
        methods.register(Identity.unlockSignIn, self.unlockSignIn)
    }

    func signInWithTrainingToken(_ request: TrainingSignInRequest, context: RPCContext) async throws -> Session {
        let claims = try await self.training.verify(request.token)
        let profile: TeacherProfile
        do {
            profile = try ProfileParser.parse(claims.fields, honours: claims.honours ?? [])
        } catch {
            // The member the caller sent is `token`; the claim at fault is named in the message.
            throw RPCError.invalidArgument(
                "the training system's token cannot make an account: its \(error.field) claim: \(error.reason)",
                field: "token"
            )
        }
        let pending = try await self.database.write { db in
            // An admin with a training-system account signs in as that admin.
            if let admin = try AdminRecord.filter(AdminRecord.Columns.trainingID == profile.trainingID).fetchOne(db) {
                return try self.sessions.issue(for: admin.principal, db)
            }
            _ = try AccountRecord.upsert(profile, db, at: Date())
            return try self.sessions.issue(for: AccountRecord(profile, at: Date()).principal, db)
        }
        return try await self.sessions.complete(pending)
    }

    func signInWithPassword(_ request: PasswordSignInRequest, context: RPCContext) async throws -> Session {
        let address = context.clientAddress ?? "unknown"
        let (admin, known) = try await self.database.read { db in
            let admin = try AdminRecord.filter(AdminRecord.Columns.username == request.username).fetchOne(db)
            return (admin, try admin.map { try KnownSignInAddress.exists(adminID: $0.id, address: address, db) } ?? false)
        }
        // From an address the admin signed in from before, the password is always checked: nobody elsewhere can
        // keep them out. Elsewhere, a pair that failed too often waits.
        if let wait = self.throttle.admit(account: request.username, address: address, known: known) {
            throw RPCError.resourceExhausted(
                "too many failed sign-ins for \(request.username) from this address; try again in \(wait.components.seconds + 1) s"
            )
        }
        // An unknown username costs a hash too, so timing does not tell which usernames exist.
        let stored = admin?.password ?? Self.decoy
        let matches = try await PasswordHashingPool.run { try PasswordHasher.verify(request.password, against: stored) }
        guard let admin, matches else { throw RPCError.unauthenticated("wrong username or password") }
        self.throttle.recordSuccess(account: request.username, address: address)
        let pending = try await self.database.write { db in
            try KnownSignInAddress.record(adminID: admin.id, address: address, at: Date(), db)
            return try self.sessions.issue(for: admin.principal, db)
        }
        return try await self.sessions.complete(pending)
    }

    func unlockSignIn(_ request: UnlockSignInRequest, context: RPCContext) async throws -> UnlockSignInResult {
        let forgotten = self.throttle.unlock(account: request.username)
        context.logger.notice(
            "sign-in unlocked",
            metadata: [
                "username": "\(request.username)", "by": "\(context.principal?.subject ?? "?")", "forgotten": "\(forgotten)",
            ]
        )
        return UnlockSignInResult(forgotten: forgotten)
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
    static let decoy = PasswordHasher.Hash(
        hash: Data(repeating: 0, count: 32),
        salt: Data(repeating: 1, count: 16),
        kdf: "scrypt:N=\(PasswordHasher.rounds),r=\(PasswordHasher.blockSize),p=\(PasswordHasher.parallelism)"
    )
}
