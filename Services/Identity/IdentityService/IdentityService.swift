import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import Programme
import RPCServer
import ServiceKit

/// The identity service: accounts mirrored from the teacher-training system, admins, sessions and the keys that
/// sign every access token. It verifies tokens with its own published keys.
public enum IdentityService {
    /// The service trusting `training` for teacher sign-in.
    public static func definition(training: TrainingSystem = TrainingSystem()) -> ServiceDefinition {
        ServiceDefinition(
            name: "identity",
            migrator: .identity,
            keySetSource: { environment in
                let database = environment.database
                return { try await KeyRing.keySetJSON(from: database) }
            },
            register: { environment, methods in
                let keys = try await KeyRing.load(from: environment.database)
                KeyHandlers(keys: keys, database: environment.database).register(in: &methods)
                SessionHandlers(
                    database: environment.database,
                    sessions: SessionIssuer(keys: keys),
                    training: TrainingTokenVerifier(system: training),
                    throttle: SignInThrottle()
                ).register(in: &methods)
                AccountHandlers(database: environment.database).register(in: &methods)
                AdminHandlers(database: environment.database).register(in: &methods)
                LeaderApplicationHandlers(database: environment.database).register(in: &methods)
                let forms = FormStore(
                    directory: URL(fileURLWithPath: environment.settings.dataDirectory)
                        .appendingPathComponent("forms")
                )
                SubjectLeaderApplicationHandlers(
                    database: environment.database,
                    forms: forms,
                    membership: environment.peer(.membership),
                    keys: keys
                ).register(in: &methods)
                methods.serve(FormUploads(store: forms, database: environment.database).route)
                methods.serve(RosterUploads(database: environment.database).route)
                ApplicationExports(database: environment.database).register(in: &methods)
            }
        )
    }

    /// The service without the training system (admins and operator tokens only).
    public static var definition: ServiceDefinition { Self.definition() }

    /// Mints an access token with the newest signing key of the database in `dataDirectory`: the operator's way in
    /// for scripts (`identity mint-token`).
    public static func mintToken(dataDirectory: String, principal: Principal, lifetime: Duration) async throws -> String {
        let database = try ServiceDatabase.open(directory: dataDirectory, service: "identity", migrator: .identity)
        defer { try? database.close() }
        return try await KeyRing.load(from: database).signer.mint(for: principal, lifetime: lifetime)
    }

    /// The key set identity publishes, read from its database in `dataDirectory` (creating the first key): for
    /// operators and tests that start a service with `--jwks-file` before identity runs.
    public static func keySetJSON(dataDirectory: String) async throws -> String {
        let database = try ServiceDatabase.open(directory: dataDirectory, service: "identity", migrator: .identity)
        defer { try? database.close() }
        return try await KeyRing.keySetJSON(from: database)
    }

    /// Creates the first province-office admin on a database that has no admin yet (`identity bootstrap-admin`).
    /// - Throws: `FAILED_PRECONDITION` once any admin exists.
    public static func bootstrapAdmin(dataDirectory: String, username: String, password: String, name: String) async throws -> AdminAccount {
        let request = CreateAdminRequest(username: username, password: password, name: name, role: .provinceOffice)
        try request.validate()
        let database = try ServiceDatabase.open(directory: dataDirectory, service: "identity", migrator: .identity)
        defer { try? database.close() }
        let hash = try PasswordHasher.hash(password)
        return try await database.write { db in
            guard try AdminRecord.fetchCount(db) == 0 else {
                throw RPCError.failedPrecondition("an admin already exists; the province office creates further admins with identity.createAdmin")
            }
            let record = AdminRecord(request, password: hash, createdBy: "bootstrap", at: Date())
            try record.insert(db)
            return record.admin()
        }
    }
}
