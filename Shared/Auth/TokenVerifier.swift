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
    public typealias KeySetSource = KeySetCache.Source

    private let keys: KeySetCache
    private let cache = Mutex<[String: (principal: Principal, expiry: Date)]>([:])

    static let cacheLimit = 10_000

    /// - Parameters:
    ///   - source: returns the current JWKS document as JSON text.
    ///   - refreshInterval: the least time between two key-set fetches.
    public init(refreshInterval: Duration = .seconds(1), source: @escaping KeySetSource) {
        self.keys = KeySetCache(refreshInterval: refreshInterval, source: source)
    }

    /// A verifier over a fixed key set.
    public convenience init(jwks: String) {
        self.init { jwks }
    }

    /// The caller named by `token`.
    /// - Throws: ``RPCError`` `UNAUTHENTICATED` saying why the token is not accepted.
    public func verify(_ token: String) async throws(RPCError) -> Principal {
        let now = Date()
        if let cached = self.cache.withLock({ $0[token] }), cached.expiry > now {
            return cached.principal
        }
        let claims: AccessClaims
        do {
            claims = try await self.keys.verify(token, as: AccessClaims.self)
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError.unauthenticated("access token rejected: \(KeySetCache.describe(error))")
        }
        let principal = claims.principal
        self.cache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[token] = (principal, claims.exp.value)
        }
        return principal
    }

    /// The caller named by `token` if it was verified before and has not expired: a check without suspension, so
    /// cheap calls can be answered on the connection's event loop.
    public func cachedPrincipal(_ token: String) -> Principal? {
        guard let cached = self.cache.withLock({ $0[token] }), cached.expiry > Date() else { return nil }
        return cached.principal
    }

    /// Fetches the key set again (the host loads it at start, so a service never takes calls it cannot verify).
    @discardableResult
    public func refreshKeys(force: Bool) async throws -> JWTKeyCollection? {
        try await self.keys.refresh(force: force)
    }
}
