import Foundation
import Synchronization

/// The access token a service presents when it asks a peer on its own behalf rather than on the caller's: a
/// `service` token minted by identity (`identity mint-token --role service`), kept in the file
/// `--service-token-file` names. The file is read again every half minute, so an operator replaces the token by
/// replacing the file, without a restart.
public final class ServiceCredential: Sendable {
    private let path: String?
    private let loaded = Mutex<(at: ContinuousClock.Instant, token: String?)?>(nil)
    private static let rereadInterval: Duration = .seconds(30)

    public init(path: String?) { self.path = path }

    /// The token, or nil when none is configured or the file cannot be read yet (peers then see the caller's).
    public func token() -> String? {
        guard let path = self.path else { return nil }
        let now = ContinuousClock.now
        if let cached = self.loaded.withLock({ $0 }), now - cached.at < Self.rereadInterval { return cached.token }
        let text = try? String(contentsOfFile: path, encoding: .utf8)
        let token = text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        // A file not written yet is looked for again at the next call.
        if token != nil { self.loaded.withLock { $0 = (now, token) } }
        return token
    }
}
