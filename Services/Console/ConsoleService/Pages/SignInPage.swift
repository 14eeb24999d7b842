import Foundation
import HTTPTypes
import Hummingbird
import IdentityAPI
import JSONRPC

/// Sign-in by username and password (admins), and sign-out.
extension Pages {
    struct SignInForm: Decodable {
        var username: String?
        var password: String?
        var csrf: String?
    }

    struct SignOutForm: Decodable {
        var csrf: String?
    }

    func signInForm(_ request: Request, context: ConsoleContext, error: String? = nil, username: String = "") -> Response {
        if context.session != nil, error == nil { return Self.redirect("/ranking") }
        // Before a session exists the form's token is bound to a cookie of its own (double submit).
        let token = request.cookies[Console.signInCookie]?.value ?? SessionStore.randomToken()
        var object: [String: Any] = ["csrf": token, "username": username]
        if let error { object["error"] = error }
        var response = self.renderer.page("signin", object, title: "登录", session: nil, status: error == nil ? .ok : .unauthorized)
        response.setCookie(self.cookie(Console.signInCookie, token, maxAge: 3600))
        return response
    }

    func signIn(_ request: Request, context: ConsoleContext) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
        guard Self.sameToken(form.csrf, request.cookies[Console.signInCookie]?.value) else {
            return self.refusedForm(nil)
        }
        do {
            let session = try await self.peers.identity.call(
                Identity.signInWithPassword,
                .init(username: form.username ?? "", password: form.password ?? "")
            )
            let me = try? await self.peers.identity.call(Identity.whoAmI, options: CallOptions(bearerToken: session.accessToken))
            let opened = await self.sessions.open(session, me: me)
            var response = Self.redirect("/ranking")
            response.setCookie(
                self.cookie(Console.sessionCookie, opened.id, maxAge: max(60, Int(session.refreshTokenExpiresAt.timeIntervalSinceNow)))
            )
            return response
        } catch let error as RPCError {
            let message =
                error.status == .unauthenticated || error.status == .permissionDenied || error.status == .notFound
                ? "用户名或密码不正确。" : error.message
            return self.signInForm(request, context: context, error: message, username: form.username ?? "")
        }
    }

    func signOut(_ request: Request, context: ConsoleContext) async throws -> Response {
        guard let session = context.session else { return Self.redirect("/signin") }
        let form = try await URLEncodedFormDecoder().decode(SignOutForm.self, from: request, context: context)
        guard Self.checkCSRF(form.csrf, session: session) else { return self.refusedForm(session) }
        _ = try? await self.peers.identity.call(Identity.signOut, .init(refreshToken: session.refreshToken))
        await self.sessions.close(session.id)
        var response = Self.redirect("/signin")
        response.setCookie(self.cookie(Console.sessionCookie, "", maxAge: 0))
        return response
    }
}
