import Foundation
import HTTPTypes
import Hummingbird

/// Headers of every answer: a Content-Security-Policy without inline scripts or styles (the console has none),
/// no framing, no sniffing, no referrer beyond the console.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        if let referrer = HTTPField.Name("Referrer-Policy") { response.headers[referrer] = "same-origin" }
        if let frames = HTTPField.Name("X-Frame-Options") { response.headers[frames] = "DENY" }
        return response
    }
}

/// Finds the request's session from its cookie; refreshes the access token shortly before it expires.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = ConsoleContext
    let sessions: SessionStore
    let refresh: @Sendable (ConsoleSession) async -> SessionStore.Renewal

    func handle(_ request: Request, context: ConsoleContext, next: (Request, ConsoleContext) async throws -> Response) async throws -> Response {
        var context = context
        if let id = request.cookies[Console.sessionCookie]?.value, var session = await self.sessions.get(id) {
            if session.accessTokenExpiresAt.timeIntervalSinceNow < 60 {
                switch await self.sessions.renew(session, with: self.refresh) {
                case .renewed(let renewed): session = renewed
                case .ended: return try await next(request, context)
                case .unavailable: break
                }
            }
            context.session = session
        }
        return try await next(request, context)
    }
}
