import Foundation
import JSONRPC
import JWTKit
import Synchronization

/// Verifies platform access tokens locally against the identity service's published key set.
///
/// Keys come from a source (identity's `identity.getKeySet`, or a JWKS file). A token signed with a key id the
/// verifier has not seen triggers one refresh of the key set (key rotation), at most once per `refreshInterval`.
/// Verified tokens are remembered until they expire, so a client reusing its token pays for the signature check once.
public final class TokenVerifier: Sendable {
    public typealias KeySetSource = @Sendable () async throws -> String

    private let source: KeySetSource
    private let refreshInterval: Duration
    private let state: Mutex<State>
    private let clock = ContinuousClock()

    private struct State {
        var keys: JWTKeyCollection?
        var lastRefresh: ContinuousClock.Instant?
        var cache: [String: (principal: Principal, expiry: Date)] = [:]
    }

    static let cacheLimit = 10_000

    /// - Parameters:
    ///   - source: returns the current JWKS document as JSON text.
    ///   - refreshInterval: the least time between two key-set fetches.
    public init(refreshInterval: Duration = .seconds(10), source: @escaping KeySetSource) {
        self.source = source
        self.refreshInterval = refreshInterval
        self.state = Mutex(State())
    }

    /// A verifier over a fixed key set.
    public convenience init(jwks: String) {
        self.init { jwks }
    }

    /// The caller named by `token`.
    /// - Throws: ``RPCError`` `UNAUTHENTICATED` saying why the token is not accepted.
    public func verify(_ token: String) async throws(RPCError) -> Principal {
        let now = Date()
        if let cached = self.state.withLock({ $0.cache[token] }), cached.expiry > now {
            return cached.principal
        }
        let claims: AccessClaims
        do {
            claims = try await self.verifyRefreshingKeys(token)
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError.unauthenticated("access token rejected: \(Self.describe(error))")
        }
        let principal = claims.principal
        self.state.withLock { state in
            if state.cache.count >= Self.cacheLimit { state.cache.removeAll(keepingCapacity: true) }
            state.cache[token] = (principal, claims.exp.value)
        }
        return principal
    }

    private func verifyRefreshingKeys(_ token: String) async throws -> AccessClaims {
        let keys = try await self.currentKeys()
        do {
            return try await keys.verify(token, as: AccessClaims.self)
        } catch let error as JWTError where error.errorType == .unknownKID {
            guard let refreshed = try await self.refreshKeys(force: false) else { throw error }
            return try await refreshed.verify(token, as: AccessClaims.self)
        }
    }

    private func currentKeys() async throws -> JWTKeyCollection {
        if let keys = self.state.withLock({ $0.keys }) { return keys }
        guard let keys = try await self.refreshKeys(force: true) else {
            throw RPCError.unavailable("no key set to verify tokens with")
        }
        return keys
    }

    /// Fetches the key set again; nil when the last fetch was too recent.
    @discardableResult
    public func refreshKeys(force: Bool) async throws -> JWTKeyCollection? {
        let now = self.clock.now
        let due = self.state.withLock { state -> Bool in
            if !force, let last = state.lastRefresh, now - last < self.refreshInterval { return false }
            state.lastRefresh = now
            return true
        }
        guard due else { return nil }
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
        self.state.withLock { $0.keys = keys }
        return keys
    }

    static func describe(_ error: any Error) -> String {
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
