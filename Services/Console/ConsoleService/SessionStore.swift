import Crypto
import ExtrasBase64
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme

/// A signed-in person's session. It lives in the console's memory only: the tokens never reach the browser, which
/// holds a random session id in an `HttpOnly` cookie.
struct ConsoleSession: Sendable {
    var id: String
    /// The token every form of this session carries (CSRF).
    var csrf: String
    var accessToken: String
    var accessTokenExpiresAt: Date
    var refreshToken: String
    var refreshTokenExpiresAt: Date
    var subject: String
    var roles: [Role]
    /// The person's name as identity knows it (shown in the header), else the subject.
    var name: String?
    /// The admin's city (a city or county admin), for the pages of their city; the services check it again.
    var city: City?

    init(id: String, csrf: String, session: Session) {
        self.id = id
        self.csrf = csrf
        self.accessToken = session.accessToken
        self.accessTokenExpiresAt = session.accessTokenExpiresAt
        self.refreshToken = session.refreshToken
        self.refreshTokenExpiresAt = session.refreshTokenExpiresAt
        self.subject = session.subject
        self.roles = session.roles
    }

    /// Whether the person holds any of `roles`.
    func has(any roles: Role...) -> Bool { self.roles.contains { roles.contains($0) } }

    mutating func renew(_ session: Session) {
        self.accessToken = session.accessToken
        self.accessTokenExpiresAt = session.accessTokenExpiresAt
        self.refreshToken = session.refreshToken
        self.refreshTokenExpiresAt = session.refreshTokenExpiresAt
    }
}

/// The console's sessions, by id. A session ends when its refresh token expires, at sign-out, or when the
/// console restarts (its people sign in again; nothing of the programme's is lost).
actor SessionStore {
    /// What a refresh came to: a renewed session, the end of it (identity refused the refresh token), or nothing yet
    /// (identity unreachable: the session stays, its access token may still be valid).
    enum Renewal: Sendable {
        case renewed(ConsoleSession)
        case ended
        case unavailable
    }

    private var sessions: [String: ConsoleSession] = [:]
    /// Refreshes under way, one per session: refresh tokens are single-use, so two requests of one session at once
    /// (two tabs, a form beside a page) must share one refresh, not race and end the session.
    private var renewals: [String: Task<Renewal, Never>] = [:]
    /// At most this many sessions at once; the oldest-expiring go first (a flood of sign-ins cannot exhaust memory).
    private let capacity: Int

    init(capacity: Int = 50_000) { self.capacity = capacity }

    func open(_ session: Session, me: WhoAmI? = nil) -> ConsoleSession {
        self.prune(now: Date())
        if self.sessions.count >= self.capacity,
            let oldest = self.sessions.values.min(by: { $0.refreshTokenExpiresAt < $1.refreshTokenExpiresAt })
        {
            self.sessions[oldest.id] = nil
        }
        var opened = ConsoleSession(id: Self.randomToken(), csrf: Self.randomToken(), session: session)
        opened.name = me?.name
        opened.city = me?.city.flatMap(City.init(rawValue:))
        self.sessions[opened.id] = opened
        return opened
    }

    func get(_ id: String) -> ConsoleSession? {
        guard let session = self.sessions[id] else { return nil }
        guard session.refreshTokenExpiresAt > Date() else {
            self.sessions[id] = nil
            return nil
        }
        return session
    }

    func update(_ session: ConsoleSession) {
        if self.sessions[session.id] != nil { self.sessions[session.id] = session }
    }

    func close(_ id: String) { self.sessions[id] = nil }

    /// Renews `session` with `refresh`, once however many requests ask at the same time.
    func renew(_ session: ConsoleSession, with refresh: @escaping @Sendable (ConsoleSession) async -> Renewal) async -> Renewal {
        if let running = self.renewals[session.id] { return await running.value }
        let task = Task { await refresh(session) }
        self.renewals[session.id] = task
        let outcome = await task.value
        self.renewals[session.id] = nil
        switch outcome {
        case .renewed(let renewed): self.update(renewed)
        case .ended: self.close(session.id)
        case .unavailable: break
        }
        return outcome
    }

    private func prune(now: Date) {
        self.sessions = self.sessions.filter { $0.value.refreshTokenExpiresAt > now }
    }

    /// 32 random bytes, base64url: a session id or a CSRF token.
    static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes {
            Base64.encodeToString(bytes: $0, options: [.base64UrlAlphabet, .omitPaddingCharacter])
        }
    }
}
