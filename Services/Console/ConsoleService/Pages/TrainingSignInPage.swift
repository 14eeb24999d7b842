import Foundation
import HTTPTypes
import Hummingbird
import IdentityAPI
import JSONRPC
import MembershipAPI

/// Teachers and studio leaders sign in through the teacher-training system (师训平台), as a single sign-on: the
/// console sends the browser there with a one-time `state` (kept in a cookie of its own), the training system has
/// the person sign in and posts back a signed identity token with the same `state`, and identity checks the token
/// against the training system's published keys. No token travels in a URL.
extension Pages {
    static let stateCookie = "mingshi_sso_state"

    struct TrainingForm: Decodable {
        var token: String?
        var state: String?
    }

    func startTrainingSignIn(_ request: Request) -> Response {
        guard let trainingURL = self.trainingSignInURL else {
            return self.renderer.page(
                "error",
                ["heading": "未配置师训平台", "message": "本控制台未配置师训平台登录地址（--training-sign-in-url）。"],
                title: "未配置师训平台",
                session: nil,
                status: .notFound
            )
        }
        let state = SessionStore.randomToken()
        // Behind TLS the training system posts its token back over https only.
        let scheme = self.secureCookies ? "https" : "http"
        let back = (request.head.authority.map { "\(scheme)://\($0)" } ?? "") + "/signin/training"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let location = "\(trainingURL)?state=\(state)&return=\(back.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        var response = Self.redirect(location)
        response.setCookie(self.stateCookie(state, maxAge: 600))
        return response
    }

    func finishTrainingSignIn(_ request: Request, context: ConsoleContext) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(TrainingForm.self, from: request, context: context)
        guard Self.sameToken(form.state, request.cookies[Self.stateCookie]?.value), let token = form.token, !token.isEmpty
        else {
            return self.refusedForm(nil)
        }
        do {
            let session = try await self.peers.identity.call(Identity.signInWithTrainingToken, .init(token: token))
            let me = try? await self.peers.identity.call(Identity.whoAmI, options: CallOptions(bearerToken: session.accessToken))
            let opened = await self.sessions.open(session, me: me)
            var response = Self.redirect("/")
            response.setCookie(
                self.cookie(Console.sessionCookie, opened.id, maxAge: max(60, Int(session.refreshTokenExpiresAt.timeIntervalSinceNow)))
            )
            response.setCookie(self.stateCookie("", maxAge: 0))
            return response
        } catch let error as RPCError {
            return self.renderer.failure(error, session: nil)
        }
    }

    /// The `state` cookie: it must come back with the training system's cross-site POST, so behind TLS it is
    /// `SameSite=None; Secure` (single use, ten minutes, compared with the form's); on plain HTTP (a demo machine,
    /// where the stand-in is same-site) `Lax`.
    func stateCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: Self.stateCookie,
            value: value,
            maxAge: maxAge,
            path: "/signin/training",
            secure: self.secureCookies,
            httpOnly: true,
            sameSite: self.secureCookies ? .none : .lax
        )
    }
}
