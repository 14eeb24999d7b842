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
        var lastRefresh: ContinuousClock.Instant?
    }

    /// - Parameters:
    ///   - source: returns the current JWKS document as JSON text.
    ///   - refreshInterval: the least time between two loads.
    public init(refreshInterval: Duration = .seconds(10), source: @escaping Source) {
        self.source = source
        self.refreshInterval = refreshInterval
    }

    /// The payload of `token` once its signature and the payload's own checks pass.
    /// - Throws: JWTKit's errors as they are; ``RPCError`` `UNAVAILABLE` when no key set can be loaded.
    public func verify<Payload: JWTPayload>(_ token: String, as payload: Payload.Type) async throws -> Payload {
        let keys = try await self.currentKeys()
        do {
            return try await keys.verify(token, as: Payload.self)
        } catch let error as JWTError where error.errorType == .unknownKID {
            guard let refreshed = try await self.refresh(force: false) else { throw error }
            return try await refreshed.verify(token, as: Payload.self)
        }
    }

    private func currentKeys() async throws -> JWTKeyCollection {
        if let keys = self.state.withLock({ $0.keys }) { return keys }
        guard let keys = try await self.refresh(force: true) else {
            throw RPCError.unavailable("no key set to verify tokens with")
        }
        return keys
    }

    /// Loads the key set again; nil when the last load was too recent.
    @discardableResult
    public func refresh(force: Bool) async throws -> JWTKeyCollection? {
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
