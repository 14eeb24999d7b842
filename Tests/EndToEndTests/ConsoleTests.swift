import ActivitiesAPI
import AssessmentAPI
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import RPCClient
import RPCTesting
import Testing

/// The web console on the five real services, over real HTTP/1.1: admins sign in with their password, read the
/// ranking and a studio's report as themselves, download the ranking's CSV; a form without its CSRF token is
/// refused; a workstation is refused another's studio; sessions end at sign-out; every page is escaped and carries
/// a script-free Content-Security-Policy.
@Suite("End to end: the web console", .timeLimit(.minutes(3)))
struct ConsoleTests {
    @Test("sign-in, ranking by city, a studio's missing tasks, CSV, CSRF, scope and sign-out")
    func console() async throws {
        try await withTemporaryDirectory { directory in
            try await Platform.with(in: directory) { platform in try await Self.check(platform, directory: directory) }
        }
    }

    static func check(_ platform: Platform, directory: URL) async throws {
        let scenario = try await ConsoleScenario.prepare(platform)
        try await ConsoleScenario.withConsole(platform, directory: directory) { console in
            try await Self.browse(console, studios: scenario.studios, year: scenario.year, assessment: scenario.assessment)
            try await Self.decide(console, scenario: scenario)
        }
    }

    /// The queue: another workstation cannot open or decide the project (nothing changes); its own workstation
    /// rejects without a reason and is told, then approves, and the studio's page shows the decision.
    static func decide(_ console: ServiceProcess, scenario: ConsoleScenario) async throws {
        let other = try await Self.signIn(console, "ws-web-1")
        #expect(try await other.get("/queue").body.contains("没有待决定的特色项目"))
        let refused = try await other.get("/queue/projects/\(scenario.projectID)")
        #expect(refused.status == 403 && refused.body.contains("R-FEAT-1"))
        let token = try #require(try await other.get("/queue").csrf)
        #expect(try await other.post("/queue/projects/\(scenario.projectID)", form: ["csrf": token, "decision": "approve"]).status == 403)
        #expect(try await scenario.activities.call(Activities.getFeaturedProject, .init(id: scenario.projectID)).status == .pending)

        let own = try await Self.signIn(console, "ws-web-0")
        #expect(try await own.get("/queue").body.contains("名师面对面：数学建模"))
        let form = try await own.get("/queue/projects/\(scenario.projectID)")
        let csrf = try #require(form.csrf)
        #expect(try await own.post("/queue/projects/\(scenario.projectID)", form: ["decision": "approve"]).status == 403)
        let noReason = try await own.post("/queue/projects/\(scenario.projectID)", form: ["csrf": csrf, "decision": "reject"])
        #expect(noReason.status == 400 && noReason.body.contains("note"))
        #expect(try await scenario.activities.call(Activities.getFeaturedProject, .init(id: scenario.projectID)).status == .pending)
        let approved = try await own.post("/queue/projects/\(scenario.projectID)", form: ["csrf": csrf, "decision": "approve", "note": "同意"])
        #expect(approved.status == 303 && approved.header("Location")?.hasPrefix("/studios/\(scenario.studios[0].id)") == true)
        let studio = try await own.get(approved.header("Location") ?? "/")
        #expect(studio.body.contains("已批准") && studio.body.contains("同意"))
    }

    static func signIn(_ console: ServiceProcess, _ username: String) async throws -> WebClient {
        let client = WebClient(base: console.url)
        let form = try await client.get("/signin")
        let answer = try await client.post("/signin", form: [
            "username": username, "password": ConsoleScenario.password(username), "csrf": try #require(form.csrf),
        ])
        #expect(answer.status == 303, "\(username) could not sign in: \(answer.body.prefix(300))")
        return client
    }

    static func browse(_ console: ServiceProcess, studios: [Studio], year: Int, assessment: HTTP2Transport) async throws {
        let browser = WebClient(base: console.url)

        // Signed out: every page sends the person to sign in.
        #expect(try await browser.get("/ranking").header("Location") == "/signin")
        let form = try await browser.get("/signin")
        #expect(form.status == 200 && form.body.contains("登录"))
        let policy = form.header("Content-Security-Policy") ?? ""
        #expect(policy.contains("default-src 'none'") && !policy.contains("unsafe-inline") && !policy.contains("script-src"))
        let csrf = try #require(form.csrf)
        // A form without its token is refused; a wrong password is told in words; neither opens a session.
        #expect(try await browser.post("/signin", form: ["username": "office-web", "password": ConsoleScenario.password("office-web")]).status == 403)
        let wrong = try await browser.post("/signin", form: ["username": "office-web", "password": "nope", "csrf": csrf])
        #expect(wrong.status == 401 && wrong.body.contains("用户名或密码不正确"))
        #expect(browser.cookie("mingshi_session") == nil)

        let signedIn = try await browser.post("/signin", form: ["username": "office-web", "password": ConsoleScenario.password("office-web"), "csrf": csrf])
        #expect(signedIn.status == 303 && signedIn.header("Location") == "/ranking")
        let setCookie = signedIn.header("Set-Cookie") ?? ""
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
        #expect(browser.cookie("mingshi_session") != nil)

        // The ranking, as the office; then filtered by city. Names are escaped; no token reaches the page.
        let ranking = try await browser.get("/ranking?year=\(year)")
        #expect(ranking.status == 200 && ranking.body.contains("杭州数学名师工作室"))
        #expect(ranking.body.contains("宁波&lt;b&gt;语文&lt;/b&gt;工作室") && !ranking.body.contains("<b>语文"))
        #expect(!ranking.body.contains("eyJ"))  // no JWT in the page
        let hangzhou = try await browser.get("/ranking?year=\(year)&city=hangzhou")
        #expect(hangzhou.body.contains("杭州数学名师工作室") && !hangzhou.body.contains("语文"))

        // A studio's page says what is missing, in words.
        let report = try await browser.get("/studios/\(studios[0].id)?year=\(year)")
        #expect(report.status == 200 && report.body.contains("未达标项") && report.body.contains("还差"))

        // The CSV is the ranking export, byte for byte.
        let csv = try await browser.get("/ranking.csv?year=\(year)")
        #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
        #expect(csv.body == (try await assessment.call(Assessment.exportRanking, .init(year: year))).csv)

        // Sign-out needs the session's token; without it nothing happens.
        let page = try await browser.get("/ranking?year=\(year)")
        #expect(try await browser.post("/signout", form: [:]).status == 403)
        #expect(try await browser.get("/ranking?year=\(year)").status == 200)
        #expect(try await browser.post("/signout", form: ["csrf": try #require(page.csrf)]).header("Location") == "/signin")
        #expect(try await browser.get("/ranking?year=\(year)").header("Location") == "/signin")

        // A workstation reads its own studios, not another's: a readable refusal naming the rule.
        let workstation = try await Self.signIn(console, "ws-web-1")
        let refused = try await workstation.get("/studios/\(studios[0].id)?year=\(year)")
        #expect(refused.status == 403 && refused.body.contains("R-MGT-1") && refused.body.contains("无权"))
        #expect(try await workstation.get("/studios/\(studios[1].id)?year=\(year)").status == 200)
    }
}
