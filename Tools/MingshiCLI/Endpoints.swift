import ArgumentParser
import Foundation
import IdentityAPI
import JSONRPC
import RPCClient

/// Where the services are and who the caller is: found as the services find each other (`--peers-<service>-url`
/// or `PEERS_<SERVICE>_URL`, else the default local ports), and the token from `--token`, `MINGSHI_TOKEN`, or the
/// session `mingshi login` cached.
struct Endpoints: ParsableArguments {
    @Option(name: .customLong("peers-identity-url")) var identityURL: String?
    @Option(name: .customLong("peers-membership-url")) var membershipURL: String?
    @Option(name: .customLong("peers-resources-url")) var resourcesURL: String?
    @Option(name: .customLong("peers-activities-url")) var activitiesURL: String?
    @Option(name: .customLong("peers-assessment-url")) var assessmentURL: String?
    @Option(help: "An access token (else MINGSHI_TOKEN, else the session of `mingshi login`).") var token: String?

    func url(of service: String) throws -> String {
        let flags = [
            "identity": self.identityURL, "membership": self.membershipURL, "resources": self.resourcesURL,
            "activities": self.activitiesURL, "assessment": self.assessmentURL,
        ]
        guard let flag = flags[service] else {
            throw ValidationError("unknown service '\(service)': one of \(DefaultURL.services.joined(separator: ", "))")
        }
        return flag ?? ProcessInfo.processInfo.environment["PEERS_\(service.uppercased())_URL"] ?? DefaultURL.forService(service)
    }

    /// The caller's token, refreshing a cached session that has expired.
    func resolvedToken() async throws -> String? {
        if let token = self.token ?? ProcessInfo.processInfo.environment["MINGSHI_TOKEN"] { return token }
        guard var session = SessionCache.load() else { return nil }
        if session.accessTokenExpiresAt < Date().addingTimeInterval(30) {
            let identity = try HTTP2Transport(url: try self.url(of: "identity"))
            session = try await identity.call(Identity.refreshSession, .init(refreshToken: session.refreshToken))
            try SessionCache.save(session)
        }
        return session.accessToken
    }

    /// A transport to `service` carrying the caller's token.
    func transport(_ service: String) async throws -> HTTP2Transport {
        try HTTP2Transport(url: try self.url(of: service), token: try await self.resolvedToken())
    }
}

/// The session of `mingshi login`, in a file only its owner can read: `MINGSHI_SESSION_FILE`, or
/// `~/.config/mingshi/session.json`.
enum SessionCache {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["MINGSHI_SESSION_FILE"] { return path }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/mingshi/session.json").path
    }

    static func load() -> Session? {
        guard let data = FileManager.default.contents(atPath: Self.path) else { return nil }
        return try? JSONCoding.decoder.decode(Session.self, from: data)
    }

    static func save(_ session: Session) throws {
        let url = URL(fileURLWithPath: Self.path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        // Created 0600 before anything is written, so the token is never readable by others, even briefly.
        if !FileManager.default.fileExists(atPath: url.path) {
            FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: try JSONCoding.encoder.encode(session))
    }

    static func remove() { try? FileManager.default.removeItem(atPath: Self.path) }
}

/// Exit codes scripts can rely on.
enum Exit {
    /// The service answered an error (printed with its status, field and rule).
    static let serviceError = ExitCode(1)
    /// The service could not be reached in time (UNAVAILABLE, DEADLINE_EXCEEDED).
    static let unreachable = ExitCode(2)
    /// An import finished with rejected rows.
    static let rowsRejected = ExitCode(3)

    /// Prints `error` and the exit code it maps to.
    static func report(_ error: RPCError) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return error.status == .unavailable || error.status == .deadlineExceeded ? Self.unreachable : Self.serviceError
    }

    /// Runs a call, turning a service error into its printed message and exit code.
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as RPCError { throw Self.report(error) }
    }
}
