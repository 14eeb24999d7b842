import AssessmentAPI
import Foundation
import HTTPTypes
import Hummingbird
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme

/// The console's pages. Every one that shows programme data needs a session and calls the services as its person;
/// every form posts its session's CSRF token (sign-in, before a session exists, a cookie-bound one).
struct Pages: Sendable {
    let peers: Peers
    let sessions: SessionStore
    let renderer: Renderer
    /// The office's runs, freezes and applications under way.
    let jobs = RunJobs()
    let secureCookies: Bool
    /// The training system's sign-in page (its stand-in on a demo machine), for teachers and studio leaders.
    let trainingSignInURL: String?

    func register(on router: Router<ConsoleContext>) {
        router.get("/") { _, context in
            guard let session = context.session else { return Self.redirect("/signin") }
            // Teachers see their own studios; admins start at the ranking.
            return Self.redirect(session.roles.contains(.teacher) && session.roles.count == 1 ? "/mine" : "/ranking")
        }
        router.get("/signin/training") { request, _ in self.startTrainingSignIn(request) }
        router.post("/signin/training") { request, context in try await self.finishTrainingSignIn(request, context: context) }
        router.get("/mine") { _, context in try await self.signedIn(context) { try await self.mine(session: $0) } }
        // Probes, as the services answer them: alive, and ready (the console holds nothing it must load first).
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ in "ok" }
        router.get("/static/console.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: Stylesheet.text))
            )
        }
        router.get("/signin") { request, context in self.signInForm(request, context: context) }
        router.post("/signin") { request, context in try await self.signIn(request, context: context) }
        router.post("/signout") { request, context in try await self.signOut(request, context: context) }
        router.get("/ranking") { request, context in try await self.signedIn(context) { try await self.ranking(request, session: $0) } }
        router.get("/ranking.csv") { request, context in
            try await self.signedIn(context) { try await self.rankingCSV(request, session: $0) }
        }
        router.get("/office/runs") { request, context in try await self.signedIn(context) { try await self.runsPage(request, session: $0) } }
        router.post("/office/runs") { request, context in
            try await self.signedIn(context) { try await self.runAction(request, context: context, session: $0) }
        }
        router.get("/queue") { request, context in try await self.signedIn(context) { try await self.queuePage(request, session: $0) } }
        router.post("/queue/flags/{id}") { request, context in
            try await self.signedIn(context) { try await self.decideFlag(request, context: context, session: $0) }
        }
        for kind in ["records", "outcomes", "notices"] {
            router.post("/queue/\(kind)/{id}") { request, context in
                try await self.signedIn(context) { try await self.decideReview(kind, request, context: context, session: $0) }
            }
        }
        router.get("/queue/projects/{id}") { _, context in
            try await self.signedIn(context) { try await self.projectPage(context, session: $0) }
        }
        router.post("/queue/projects/{id}") { request, context in
            try await self.signedIn(context) { try await self.decideProject(request, context: context, session: $0) }
        }
        router.get("/applications") { request, context in
            try await self.signedIn(context) { try await self.applicationsPage(request, session: $0) }
        }
        router.post("/applications/{id}") { request, context in
            try await self.signedIn(context) { try await self.decideApplication(request, context: context, session: $0) }
        }
        for number in 2...4 {
            router.get("/exports/attachment\(number).csv") { request, context in
                try await self.signedIn(context) { try await self.attachmentCSV(number, request, session: $0) }
            }
        }
        router.get("/exports/attachment1.csv") { _, context in try await self.signedIn(context) { try await self.attachment1CSV(session: $0) } }
        router.get("/quotas") { request, context in try await self.signedIn(context) { try await self.quotasPage(request, session: $0) } }
        router.get("/city/studios") { request, context in
            try await self.signedIn(context) { try await self.cityStudiosPage(request, session: $0) }
        }
        router.get("/studios/{id}/join-requests") { request, context in
            try await self.signedIn(context) { try await self.joinRequestsPage(request, context: context, session: $0) }
        }
        router.post("/studios/{id}/join-requests/{requestID}") { request, context in
            try await self.signedIn(context) { try await self.decideJoinRequest(request, context: context, session: $0) }
        }
        router.get("/studios/{id}/lines/{metric}") { request, context in
            try await self.signedIn(context) { try await self.line(request, context: context, session: $0) }
        }
        router.get("/studios/{id}/live") { request, context in
            try await self.signedIn(context) { try await self.live(request, context: context, session: $0) }
        }
        router.post("/studios/{id}/premium") { request, context in
            try await self.signedIn(context) { try await self.decidePremium(request, context: context, session: $0) }
        }
        router.post("/studios/{id}/manual") { request, context in
            try await self.signedIn(context) { try await self.setManualScore(request, context: context, session: $0) }
        }
        router.get("/studios/{id}") { request, context in
            try await self.signedIn(context) { try await self.studio(request, context: context, session: $0) }
        }
    }

    /// Runs a page for a signed-in person; anyone else goes to the sign-in page. A service's refusal becomes a
    /// readable page (the session's own token expired in between: sign in again).
    func signedIn(_ context: ConsoleContext, _ page: (ConsoleSession) async throws -> Response) async throws -> Response {
        guard let session = context.session else { return Self.redirect("/signin") }
        do {
            return try await page(session)
        } catch let error as RPCError where error.status == .unauthenticated {
            await self.sessions.close(session.id)
            return Self.redirect("/signin")
        } catch {
            return self.renderer.failure(error, session: session)
        }
    }

    /// A new access token from the refresh token; the session ends only when identity refuses the refresh token.
    func refresh(_ session: ConsoleSession) async -> SessionStore.Renewal {
        do {
            var session = session
            session.renew(try await self.peers.identity.call(Identity.refreshSession, .init(refreshToken: session.refreshToken)))
            return .renewed(session)
        } catch let error as RPCError where [.unauthenticated, .permissionDenied, .notFound, .invalidArgument].contains(error.status) {
            return .ended
        } catch {
            return .unavailable
        }
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A service's refusal in one line: its message, the field it names and the rule it cites.
    static func describe(_ error: RPCError) -> String {
        [error.message, error.field.map { "（\($0)）" }, error.rule.map { " \($0)" }].compactMap { $0 }.joined()
    }

    /// Whether a posted form carries the session's CSRF token.
    static func checkCSRF(_ posted: String?, session: ConsoleSession) -> Bool { Self.sameToken(posted, session.csrf) }

    /// Whether a posted token is the expected one, compared in constant time (session CSRF, sign-in, SSO state).
    static func sameToken(_ posted: String?, _ expected: String?) -> Bool {
        guard let posted, let expected, !expected.isEmpty, posted.utf8.count == expected.utf8.count else { return false }
        return zip(posted.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: self.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// The CSRF refusal: a form posted without its token (or from another site) changes nothing.
    func refusedForm(_ session: ConsoleSession?) -> Response {
        self.renderer.page(
            "error",
            ["heading": "表单已失效", "message": "表单缺少有效的安全令牌（CSRF），未执行任何操作。请返回重新提交。"],
            title: "表单已失效",
            session: session,
            status: .forbidden
        )
    }
}
