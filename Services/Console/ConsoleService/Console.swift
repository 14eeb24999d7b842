import AssessmentAPI
import Foundation
import Hummingbird
import IdentityAPI
import JSONRPC
import Logging
import MembershipAPI

/// The web console (port 8080): pages for the office, workstations, city admins and studio leaders, built from the
/// five services' methods called with the signed-in person's own token. It owns no programme data.
public enum Console {
    static let sessionCookie = "mingshi_session"
    static let signInCookie = "mingshi_signin"

    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var peers: [String: String]
        /// Cookies marked `Secure` (the console is behind TLS).
        public var secureCookies: Bool
        /// The teacher-training system's sign-in page, where teachers are sent to sign in (nil: admins only).
        public var trainingSignInURL: String?

        public init(host: String = "127.0.0.1", port: Int = 8080, peers: [String: String], secureCookies: Bool = false,
                    trainingSignInURL: String? = nil)
        {
            self.trainingSignInURL = trainingSignInURL
            self.host = host
            self.port = port
            self.peers = peers
            self.secureCookies = secureCookies
        }
    }

    /// The application, ready to run; `onRunning` hears the address it listens on (port 0 picks one).
    public static func application(_ options: Options, logger: Logger,
                                   onRunning: @escaping @Sendable (String) async -> Void = { _ in }) throws -> some ApplicationProtocol
    {
        func url(_ name: String) throws -> String {
            guard let url = options.peers[name] else {
                throw ConsoleError.configuration("the console needs --peers-\(name)-url")
            }
            return url
        }
        let peers = try Peers(identity: url("identity"), membership: url("membership"), resources: url("resources"),
                              activities: url("activities"), assessment: url("assessment"))
        let sessions = SessionStore()
        let pages = Pages(peers: peers, sessions: sessions, renderer: try Renderer(), secureCookies: options.secureCookies,
                          trainingSignInURL: options.trainingSignInURL)
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(sessions: sessions, refresh: { await pages.refresh($0) }))
        pages.register(on: router)
        return Application(
            router: router, configuration: .init(address: .hostname(options.host, port: options.port), serverName: "mingshi-console"),
            onServerRunning: { channel in
                await onRunning(channel.localAddress.map { "\($0.ipAddress ?? options.host):\($0.port ?? options.port)" } ?? "")
            },
            logger: logger)
    }
}

public enum ConsoleError: Error, CustomStringConvertible {
    case configuration(String)
    public var description: String {
        switch self {
        case .configuration(let message): message
        }
    }
}
