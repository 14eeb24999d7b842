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
        let year = AnomalyFlagTests.year
        let office = try await platform.mint("office-1", "provinceOffice")
        let identity = try platform.identity.transport(token: office)
        let membership = try platform.membership.transport(token: office)
        for (username, role, workstation) in [("office-web", Role.provinceOffice, nil), ("ws-web-1", .workstation, "ws-1")] as [(String, Role, String?)] {
            _ = try await identity.call(Identity.createAdmin, .init(username: username, password: "Zj-\(username)-2026!", name: username,
                                                                   role: role, workstation: workstation))
        }
        var studios: [Studio] = []
        for (index, (name, city)) in [("杭州数学名师工作室", City.hangzhou), ("宁波<b>语文</b>工作室", City.ningbo)].enumerated() {
            let studio = try await membership.call(Membership.importStudio, .init(studio: .init(
                name: name, level: .province, city: city, stage: .primary, subject: "数学", kind: .subject,
                leaderID: "t-cl-\(index)"), createdAt: AnomalyFlagTests.january(1), source: "测试"))
            _ = try await membership.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-\(index)"))
            studios.append(studio)
        }
        let assessment = try platform.assessment.transport(token: office)
        _ = try await assessment.call(Assessment.runAssessment, .init(year: year), options: .init(timeout: .seconds(60)))

        let peers = ["identity", "membership", "resources", "activities", "assessment"].flatMap { name in
            ["--peers-\(name)-url", platform.all.first { $0.name == name }?.url ?? ""]
        }
        let console = try await ServiceProcess("console", arguments: ["--http-port", "0"] + peers, logDirectory: directory)
        do {
            try await Self.browse(console, studios: studios, year: year, assessment: assessment)
        } catch {
            _ = await console.terminate()
            throw error
        }
        #expect(await console.terminate() == 0)
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
        #expect(try await browser.post("/signin", form: ["username": "office-web", "password": "Zj-office-web-2026!"]).status == 403)
        let wrong = try await browser.post("/signin", form: ["username": "office-web", "password": "nope", "csrf": csrf])
        #expect(wrong.status == 401 && wrong.body.contains("用户名或密码不正确"))
        #expect(browser.cookie("mingshi_session") == nil)

        let signedIn = try await browser.post("/signin", form: ["username": "office-web", "password": "Zj-office-web-2026!", "csrf": csrf])
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
        let workstation = WebClient(base: console.url)
        let wsForm = try await workstation.get("/signin")
        _ = try await workstation.post("/signin", form: ["username": "ws-web-1", "password": "Zj-ws-web-1-2026!", "csrf": try #require(wsForm.csrf)])
        let refused = try await workstation.get("/studios/\(studios[0].id)?year=\(year)")
        #expect(refused.status == 403 && refused.body.contains("R-MGT-1") && refused.body.contains("无权"))
        #expect(try await workstation.get("/studios/\(studios[1].id)?year=\(year)").status == 200)
    }
}
