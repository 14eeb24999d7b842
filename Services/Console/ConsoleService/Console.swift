import AssessmentAPI
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import IdentityAPI
import JSONRPC
import Logging
import MembershipAPI
import NIOSSL

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
        /// A PEM certificate chain and its key: the port then speaks TLS, HTTP/2 or HTTP/1.1 as the browser offers
        /// (ALPN), and cookies are `Secure`.
        public var tlsCertificatePath: String?
        public var tlsKeyPath: String?

        public init(
            host: String = "127.0.0.1",
            port: Int = 8080,
            peers: [String: String],
            secureCookies: Bool = false,
            trainingSignInURL: String? = nil,
            tlsCertificatePath: String? = nil,
            tlsKeyPath: String? = nil
        ) {
            self.trainingSignInURL = trainingSignInURL
            self.tlsCertificatePath = tlsCertificatePath
            self.tlsKeyPath = tlsKeyPath
            self.host = host
            self.port = port
            self.peers = peers
            self.secureCookies = secureCookies
        }
    }

    /// The application, ready to run; `onRunning` hears the address it listens on (port 0 picks one).
    public static func application(
        _ options: Options,
        logger: Logger,
        onRunning: @escaping @Sendable (String) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        func url(_ name: String) throws -> String {
            guard let url = options.peers[name] else {
                throw ConsoleError.configuration("the console needs --peers-\(name)-url")
            }
            return url
        }
        let peers = try Peers(
            identity: url("identity"),
            membership: url("membership"),
            resources: url("resources"),
            activities: url("activities"),
            assessment: url("assessment")
        )
        let sessions = SessionStore()
        let server = try Self.server(options)
        let pages = Pages(
            peers: peers,
            sessions: sessions,
            renderer: try Renderer(),
            secureCookies: options.secureCookies || server.tls,
            trainingSignInURL: options.trainingSignInURL
        )
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(sessions: sessions, refresh: { await pages.refresh($0) }))
        pages.register(on: router)
        return Application(
            router: router,
            server: server.builder,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "mingshi-console"),
            onServerRunning: { channel in
                await onRunning(channel.localAddress.map { "\($0.ipAddress ?? options.host):\($0.port ?? options.port)" } ?? "")
            },
            logger: logger
        )
    }
}

extension Console {
    /// HTTP/1.1 in the clear, or TLS with HTTP/2 and HTTP/1.1 by ALPN when a certificate and key are given.
    static func server(_ options: Options) throws -> (builder: HTTPServerBuilder, tls: Bool) {
        switch (options.tlsCertificatePath, options.tlsKeyPath) {
        case (nil, nil):
            return (.http1(), false)
        case (let certificate?, let key?):
            let chain: [NIOSSLCertificateSource]
            let privateKey: NIOSSLPrivateKey
            do {
                chain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            } catch {
                throw ConsoleError.configuration("the console cannot read its TLS certificate or key (\(certificate), \(key)): \(error)")
            }
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
            return (try .http2Upgrade(tlsConfiguration: tls), true)
        default:
            throw ConsoleError.configuration("--tls-cert and --tls-key go together")
        }
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
