import ExtrasBase64
import Foundation
import JSONRPC
import JWTKit
import Synchronization

/// A JWKS key set loaded from a source and kept, verifying JWTs of any payload: a token signed with a key id not
/// seen yet triggers one reload (key rotation), at most once per `refreshInterval`. Used for the platform's own
/// access tokens and for the teacher-training system's identity tokens.
public final class KeySetCache: Sendable {
    public typealias Source = @Sendable () async throws -> String

    private let source: Source
    private let refreshInterval: Duration
    private let state = Mutex<State>(State())
    private let clock = ContinuousClock()

    private struct State {
        var keys: JWTKeyCollection?
        /// The key ids of the loaded set: jwt-kit verifies a token whose kid it does not know with its default
        /// key (a "bad signature"), so a new kid is recognised here, before verification.
        var keyIDs: Set<String> = []
        /// Unknown kids already reloaded for, so each costs at most one reload.
        var triedKeyIDs: Set<String> = []
        var lastRefresh: ContinuousClock.Instant?
        /// A load queued behind the one in flight, whose fetch has not begun: whoever needs keys newer than now
        /// joins it, so at most one load runs and one waits, however many new kids arrive.
        var pending: Task<JWTKeyCollection, any Error>?
        var current: Task<JWTKeyCollection, any Error>?
    }

    /// - Parameters:
    ///   - source: returns the current JWKS document as JSON text.
    ///   - refreshInterval: the least time between two loads.
    public init(refreshInterval: Duration = .seconds(1), source: @escaping Source) {
        self.source = source
        self.refreshInterval = refreshInterval
    }

    /// The payload of `token` once its signature and the payload's own checks pass.
    /// - Throws: JWTKit's errors as they are; ``RPCError`` `UNAVAILABLE` when no key set can be loaded.
    public func verify<Payload: JWTPayload>(_ token: String, as payload: Payload.Type) async throws -> Payload {
        var keys = try await self.currentKeys()
        // A kid not in the set: most likely a rotation just happened, so reload now — once per new kid, and at most
        // a hundred times a second, which bounds what a flood of made-up kids can cost.
        // The reload must begin after this token arrived: one that began earlier (or was skipped as too recent)
        // may hold the set from before the rotation, and jwt-kit would then report a bad signature for good.
        // A second call with the same new kid (a request's token is checked at its headers and again at dispatch)
        // waits for the reload the first one started, rather than verifying against the old set.
        if let kid = Self.keyID(of: token) {
            if self.isNew(kid) {
                keys = try await self.keysLoadedFromNow()
            } else if let loading = self.loadingFor(unknown: kid) {
                keys = try await loading.value
            }
        }
        do {
            return try await keys.verify(token, as: Payload.self)
        } catch let error as JWTError where error.errorType == .unknownKID {
            guard let refreshed = try await self.refresh(force: false) else { throw error }
            return try await refreshed.verify(token, as: Payload.self)
        }
    }

    /// The load to wait for when `kid` is not in the set held: the pending one, else the last one started.
    private func loadingFor(unknown kid: String) -> Task<JWTKeyCollection, any Error>? {
        self.state.withLock { state in state.keyIDs.contains(kid) ? nil : (state.pending ?? state.current) }
    }

    private func isNew(_ kid: String) -> Bool {
        self.state.withLock { state in
            guard !state.keyIDs.contains(kid), !state.triedKeyIDs.contains(kid) else { return false }
            if state.triedKeyIDs.count >= 1_000 { state.triedKeyIDs.removeAll() }
            state.triedKeyIDs.insert(kid)
            return true
        }
    }

    private func currentKeys() async throws -> JWTKeyCollection {
        if let keys = self.state.withLock({ $0.keys }) { return keys }
        guard let keys = try await self.refresh(force: true) else {
            throw RPCError.unavailable("no key set to verify tokens with")
        }
        return keys
    }

    /// Keys from a load whose fetch begins after this call: the pending load if there is one, else a new one queued
    /// behind the load in flight.
    private func keysLoadedFromNow() async throws -> JWTKeyCollection {
        let task = self.state.withLock { state -> Task<JWTKeyCollection, any Error> in
            if let pending = state.pending { return pending }
            let previous = state.current
            let task = Task<JWTKeyCollection, any Error> {
                _ = try? await previous?.value
                self.state.withLock { state in
                    state.current = state.pending
                    state.pending = nil
                    state.lastRefresh = self.clock.now
                }
                return try await self.load()
            }
            state.pending = task
            return task
        }
        return try await task.value
    }

    /// Loads the key set again; nil when the last load was too recent.
    @discardableResult
    public func refresh(force: Bool, interval: Duration? = nil) async throws -> JWTKeyCollection? {
        let now = self.clock.now
        let interval = interval ?? self.refreshInterval
        let due = self.state.withLock { state -> Bool in
            if !force, let last = state.lastRefresh, now - last < interval { return false }
            state.lastRefresh = now
            return true
        }
        guard due else { return nil }
        return try await self.load()
    }

    /// Fetches and parses the key set, and keeps it.
    private func load() async throws -> JWTKeyCollection {
        let json: String
        do {
            json = try await self.source()
        } catch {
            throw RPCError.unavailable("cannot load the key set to verify tokens: \(error)")
        }
        let keys = JWTKeyCollection()
        do {
            try await keys.add(jwksJSON: json)
        } catch {
            throw RPCError.unavailable("the key set is not valid JWKS: \(error)")
        }
        let ids = Self.keyIDs(in: json)
        self.state.withLock { state in
            state.keys = keys
            state.keyIDs = ids
        }
        return keys
    }

    /// The `kid` of a compact JWS's header, if it has one.
    static func keyID(of token: String) -> String? {
        guard let header = token.split(separator: ".", maxSplits: 1).first else { return nil }
        guard let bytes = try? Base64.decode(string: String(header), options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            let fields = try? JSONDecoder().decode([String: JSONValue].self, from: Data(bytes))
        else { return nil }
        return fields["kid"]?.stringValue
    }

    static func keyIDs(in jwks: String) -> Set<String> {
        guard let keySet = try? JSONDecoder().decode(JWKS.self, from: Data(jwks.utf8)) else { return [] }
        return Set(keySet.keys.compactMap { $0.keyIdentifier?.string })
    }

    /// Why a token was refused, in words for an `UNAUTHENTICATED` message.
    public static func describe(_ error: any Error) -> String {
        if let jwt = error as? JWTError {
            switch jwt.errorType {
            case .claimVerificationFailure: return "claim check failed (\(jwt.reason ?? "expired or wrong audience"))"
            case .signatureVerificationFailed: return "bad signature"
            case .unknownKID: return "signed with an unknown key"
            case .malformedToken: return "malformed token"
            default: return jwt.reason ?? "\(jwt.errorType)"
            }
        }
        if let token = error as? TokenError, case .wrongIssuer(let issuer) = token { return "wrong issuer '\(issuer)'" }
        return "\(error)"
    }
}
