import ArgumentParser
import Foundation
import IdentityAPI
import JSONRPC
import RPCClient

/// `mingshi login`: signs in and caches the session for the other subcommands.
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign in (admin password, or a teacher-training token) and cache the session (0600).",
        discussion: "The password is read from MINGSHI_PASSWORD or the first line of standard input."
    )

    @OptionGroup var endpoints: Endpoints
    @Option(help: "An admin's username.") var username: String?
    @Option(help: "An identity token from the teacher-training system, instead of a username.") var trainingToken: String?

    func run() async throws {
        let identity = try HTTP2Transport(url: try self.endpoints.url(of: "identity"))
        let session: Session
        do {
            if let token = self.trainingToken {
                session = try await identity.call(Identity.signInWithTrainingToken, .init(token: token))
            } else if let username = self.username {
                guard let password = ProcessInfo.processInfo.environment["MINGSHI_PASSWORD"] ?? readLine(strippingNewline: true) else {
                    throw ValidationError("no password: set MINGSHI_PASSWORD or pipe it on standard input")
                }
                session = try await identity.call(Identity.signInWithPassword, .init(username: username, password: password))
            } else {
                throw ValidationError("give --username or --training-token")
            }
        } catch let error as RPCError {
            throw Exit.report(error)
        }
        try SessionCache.save(session)
        print("signed in as \(session.subject) (\(session.roles.map(\.rawValue).joined(separator: ", "))); session in \(SessionCache.path)")
    }
}

/// `mingshi logout`: revokes the cached session's refresh token and forgets it.
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Revoke and forget the cached session.")
    @OptionGroup var endpoints: Endpoints

    func run() async throws {
        if let session = SessionCache.load() {
            let identity = try HTTP2Transport(url: try self.endpoints.url(of: "identity"))
            _ = try? await identity.call(Identity.signOut, .init(refreshToken: session.refreshToken))
        }
        SessionCache.remove()
        print("signed out")
    }
}
