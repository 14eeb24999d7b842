import ActivitiesAPI
import AssessmentAPI
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI
import Testing

/// The web console on the five real services, over real HTTP/1.1: admins sign in with their password, read the
/// ranking and a studio's report as themselves, download the ranking's CSV; a form without its CSRF token is
/// refused; a workstation is refused another's studio; sessions end at sign-out; every page is escaped and carries
/// a script-free Content-Security-Policy; a studio leader signs in through the training system and sees only their
/// own studio and decides its join requests; every queue item, application, premium mark and manual score is decided
/// from a page by the one who decides it, and refused to anyone else with nothing changed.
@Suite("End to end: the web console", .timeLimit(.minutes(10)))
struct ConsoleTests {
    @Test(
        "sign-in, ranking by city, a studio's page and decisions, every queue, applications and attachments, join requests, CSRF, scope, single sign-on, runs"
    )
    func console() async throws {
        try await withTemporaryDirectory { directory in
            // The demo stand-in for the training system: identity trusts its published key, as in production.
            let training = directory.appendingPathComponent("training").path
            let jwks = try await ServiceProcess.run("mingshi", ["demo-training-system", "--dir", training])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try await Platform.with(in: directory, identityExtra: ["--training-jwks-file", jwks]) { platform in
                try await Self.check(platform, directory: directory, training: training)
            }
        }
    }

    @Test("given a certificate the console speaks TLS, HTTP/2 by ALPN, with Secure cookies; half a TLS setting is refused")
    func tls() async throws {
        try await withTemporaryDirectory { directory in
            let certificate = try SelfSignedCertificate(in: directory)
            let peers = ["identity", "membership", "resources", "activities", "assessment"].flatMap { ["--peers-\($0)-url", "http://127.0.0.1:9"] }
            let console = try await ServiceProcess(
                "console",
                arguments: [
                    "--http-port", "0", "--tls-cert", certificate.certificatePath, "--tls-key", certificate.keyPath,
                ] + peers,
                logDirectory: directory
            )
            let client = try HTTP2Transport(
                configuration: .init(
                    host: "127.0.0.1",
                    port: console.port,
                    useTLS: true,
                    trustRootsPath: certificate.certificatePath
                )
            )
            let page = try await client.send("GET", path: "/signin")
            #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self).contains("登录"))
            let cookie = page.headers["set-cookie"] ?? ""
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            #expect(await console.terminate() == 0)
            do {
                _ = try await ServiceProcess.run("console", ["--http-port", "0", "--tls-cert", certificate.certificatePath] + peers)
                Issue.record("the console started with a certificate and no key")
            } catch let error as InteropError {
                #expect(error.description.contains("--tls-key"))
            }
        }
    }

    static func check(_ platform: Platform, directory: URL, training: String) async throws {
        let scenario = try await ConsoleScenario.prepare(platform)
        // The stand-in's sign-in page on a port of its own, returning only to the console.
        try await ConsoleScenario.withConsole(platform, directory: directory, training: training) { console, trainingPage in
            try await Self.browse(console, studios: scenario.studios, year: scenario.year, assessment: scenario.assessment)
            try await Self.decide(console, scenario: scenario)
            try await Self.reviews(console, scenario: scenario)
            try await Self.studioDecisions(console, scenario: scenario)
            try await Self.teacher(console, trainingPage: trainingPage, scenario: scenario)
            try await Self.applications(console, platform: platform, training: training, scenario: scenario)
            try await Self.joinRequests(console, platform: platform, trainingPage: trainingPage, scenario: scenario)
            try await Self.office(console, scenario: scenario)
        }
    }

    /// A studio leader signs in through the training system's page (single sign-on, the token posted back, never in
    /// a URL) and sees their own studio only: its report opens, another's is refused, the ranking is not theirs.
    static func teacher(_ console: ServiceProcess, trainingPage: ServiceProcess, scenario: ConsoleScenario) async throws {
        let browser = WebClient(base: console.url)
        let start = try await browser.get("/signin/training")
        let location = try #require(start.header("Location"))
        #expect(location.hasPrefix(trainingPage.url + "/sso?state=") && !location.contains("token"))
        let state = try #require(browser.cookie("mingshi_sso_state"))
        let training = WebClient(base: trainingPage.url)
        let signedIn = try await training.post("/sso", form: ["trainingID": "cl-0", "state": state])
        let token = try #require(
            signedIn.body.range(of: #"name="token" value=""#).map { String(signedIn.body[$0.upperBound...].prefix { $0 != "\"" }) }
        )
        #expect(signedIn.body.contains("action=\"\(console.url)/signin/training\""))
        // A wrong state (another browser's, or none) is refused and opens no session.
        #expect(try await browser.post("/signin/training", form: ["token": token, "state": "forged"]).status == 403)
        let back = try await browser.post("/signin/training", form: ["token": token, "state": state])
        #expect(back.status == 303 && back.header("Location") == "/")
        #expect(try await browser.get("/").header("Location") == "/mine")
        let mine = try await browser.get("/mine")
        #expect(mine.body.contains("杭州数学名师工作室") && mine.body.contains("主持人") && !mine.body.contains("语文"))
        #expect(mine.body.contains("我的学分与徽章") && mine.body.contains("尚无已冻结年度的学分"))
        #expect(try await browser.get("/studios/\(scenario.studios[0].id)?year=\(scenario.year)").status == 200)
        // The leader's live checklist: what to do to pass this year; another studio's is refused.
        let live = try await browser.get("/studios/\(scenario.studios[0].id)/live?year=\(scenario.year)")
        #expect(live.status == 200 && live.body.contains("要通过考核还需") && live.body.contains("R-TASK-6"))
        #expect(try await browser.get("/studios/\(scenario.studios[1].id)/live?year=\(scenario.year)").status == 403)
        let other = try await browser.get("/studios/\(scenario.studios[1].id)?year=\(scenario.year)")
        #expect(other.status == 403 && other.body.contains("R-MGT-1"))
        #expect(try await browser.get("/ranking?year=\(scenario.year)").status == 403)
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
        #expect(studio.body.contains("duplicateContent"))  // the run's flag on the studio page

        // Anomaly flags in the queue: the other workstation has none to review and cannot decide this one; its own
        // is told a reason is needed, then accepts it, excluding its records.
        #expect(try await other.get("/queue?year=\(scenario.year)").body.contains("没有待复核的异常提示"))
        let flags = try await scenario.assessment.call(Assessment.listFlags, .init(year: scenario.year, studioID: scenario.studios[0].id)).flags
        let flag = try #require(flags.first { $0.check == .duplicateContent })
        let otherToken = try #require(try await other.get("/queue?year=\(scenario.year)").csrf)
        #expect(
            try await other.post(
                "/queue/flags/\(flag.id)?year=\(scenario.year)",
                form: [
                    "csrf": otherToken, "status": "dismissed", "reason": "越权",
                ]
            ).status == 403
        )
        let queue = try await own.get("/queue?year=\(scenario.year)")
        #expect(queue.body.contains(flag.detail) || queue.body.contains("duplicateContent"))
        #expect(queue.body.contains(#"action="/queue/flags/\#(flag.id)?year=\#(scenario.year)""#))  // decided in the year it is listed for
        let ownToken = try #require(queue.csrf)
        let flagWithoutReason = try await own.post("/queue/flags/\(flag.id)?year=\(scenario.year)", form: ["csrf": ownToken, "status": "accepted"])
        #expect(flagWithoutReason.status == 400 && flagWithoutReason.body.contains("reason"))
        let accepted = try await own.post(
            "/queue/flags/\(flag.id)?year=\(scenario.year)",
            form: [
                "csrf": ownToken, "status": "accepted", "reason": "同一文件重复计数", "exclude": "all",
            ]
        )
        #expect(accepted.status == 303)
        let decided = try await scenario.assessment.call(Assessment.listFlags, .init(year: scenario.year, studioID: scenario.studios[0].id))
            .flags.first { $0.id == flag.id }
        #expect(decided?.status == .accepted && decided?.decision?.excluded == flag.records.map(\.id))
    }

    /// Lectures, research outcomes and notices, each decided from the queue of the one who decides it: another
    /// workstation sees none of them and is refused; a refusal without its reason is told and changes nothing.
    static func reviews(_ console: ServiceProcess, scenario: ConsoleScenario) async throws {
        let other = try await Self.signIn(console, "ws-web-1")
        let otherQueue = try await other.get("/queue")
        #expect(otherQueue.body.contains("没有待决定的研究成果") && otherQueue.body.contains("没有待审核的讲座或获奖记录"))
        #expect(!otherQueue.body.contains("电子通知"))  // notices are the office's
        let otherToken = try #require(otherQueue.csrf)
        for (kind, id) in [("outcomes", scenario.outcomeID), ("records", scenario.lectureID), ("notices", scenario.noticeID)] {
            let refused = try await other.post("/queue/\(kind)/\(id)", form: ["csrf": otherToken, "decision": "accept"])
            #expect(refused.status == 403, "\(kind) decided by another workstation")
        }
        #expect(try await scenario.resources.call(Resources.getResource, .init(id: scenario.outcomeID)).outcome?.status == .pending)

        let own = try await Self.signIn(console, "ws-web-0")
        let queue = try await own.get("/queue")
        #expect(queue.body.contains("单元整体教学研究") && queue.body.contains("省级示范课：分数的意义") && queue.body.contains("浙江教育科学"))
        let csrf = try #require(queue.csrf)
        #expect(try await own.post("/queue/records/\(scenario.lectureID)", form: ["decision": "accept"]).status == 403)  // no CSRF token
        let noReason = try await own.post("/queue/records/\(scenario.lectureID)", form: ["csrf": csrf, "decision": "refuse"])
        #expect(noReason.status == 400 && noReason.body.contains("reason"))
        let pending = try await scenario.activities.call(Activities.listRecordsToReview, .init(studioID: scenario.studios[0].id))
        #expect(pending.records.map(\.id) == [scenario.lectureID])
        #expect(try await own.post("/queue/records/\(scenario.lectureID)", form: ["csrf": csrf, "decision": "accept"]).status == 303)
        #expect(try await scenario.activities.call(Activities.listRecordsToReview, .init(studioID: scenario.studios[0].id)).records.isEmpty)
        #expect(try await own.post("/queue/outcomes/\(scenario.outcomeID)", form: ["csrf": csrf, "decision": "accept"]).status == 303)
        let outcome = try await scenario.resources.call(Resources.getResource, .init(id: scenario.outcomeID)).outcome
        #expect(outcome?.status == .approved && outcome?.label == ResearchOutcome.label)
        #expect(try await own.get("/queue").body.contains("没有待决定的研究成果"))

        let office = try await Self.signIn(console, "office-web")
        let officeQueue = try await office.get("/queue")
        #expect(officeQueue.body.contains("请各位成员准时参加。"))
        let officeToken = try #require(officeQueue.csrf)
        let unexplained = try await office.post("/queue/notices/\(scenario.noticeID)", form: ["csrf": officeToken, "decision": "refuse"])
        #expect(unexplained.status == 400 && unexplained.body.contains("note"))
        #expect(try await office.post("/queue/notices/\(scenario.noticeID)", form: ["csrf": officeToken, "decision": "accept"]).status == 303)
        let notice = try await scenario.activities.call(Activities.getNotice, .init(id: scenario.noticeID))
        #expect(notice.status == .published && notice.number != nil)
    }

    /// A studio's page: its years, roster, activities and resources; its workstation marks a resource premium (with
    /// the reason R-TASK-5 needs) and scores a manual indicator; another workstation is refused and nothing changes.
    static func studioDecisions(_ console: ServiceProcess, scenario: ConsoleScenario) async throws {
        let (studio, year) = (scenario.studios[0], scenario.year)
        let own = try await Self.signIn(console, "ws-web-0")
        let page = try await own.get("/studios/\(studio.id)?year=\(year)")
        #expect(page.status == 200 && page.body.contains("历年考核") && page.body.contains("<svg"))
        #expect(page.body.contains("团队构成") && page.body.contains("R-COMP"))
        #expect(page.body.contains("电子通知") && page.body.contains("请各位成员准时参加。") && page.body.contains("已发布"))
        #expect(page.body.contains("单元教学研讨") && page.body.contains("教案c-1") && page.body.contains("评为精品"))
        let csrf = try #require(page.csrf)
        let resource = try #require(
            try await scenario.resources.call(Resources.searchResources, .init(studioID: studio.id, text: "教案c-1"))
                .resources.first
        )

        let other = try await Self.signIn(console, "ws-web-1")
        let otherToken = try #require(try await other.get("/queue").csrf)
        let refused = try await other.post(
            "/studios/\(studio.id)/premium?year=\(year)",
            form: [
                "csrf": otherToken, "resourceID": resource.id, "action": "mark", "reason": "越权",
            ]
        )
        #expect(refused.status == 403 && refused.body.contains("R-TASK-5"))
        let unexplained = try await own.post(
            "/studios/\(studio.id)/premium?year=\(year)",
            form: [
                "csrf": csrf, "resourceID": resource.id, "action": "mark", "reason": "",
            ]
        )
        #expect(unexplained.status == 400 && unexplained.body.contains("reason"))
        #expect(try await scenario.resources.call(Resources.getResource, .init(id: resource.id)).premiumYears.isEmpty)
        let marked = try await own.post(
            "/studios/\(studio.id)/premium?year=\(year)",
            form: [
                "csrf": csrf, "resourceID": resource.id, "action": "mark", "reason": "设计规范，可推广",
            ]
        )
        #expect(marked.status == 303)
        #expect(try await scenario.resources.call(Resources.getResource, .init(id: resource.id)).premiumYears == [year])
        #expect(try await own.get("/studios/\(studio.id)?year=\(year)").body.contains("撤销精品"))

        // Manual indicators of the year's rule set, scored from the page; beyond the maximum is refused.
        let rules = try await scenario.assessment.call(Assessment.getRuleSet, .init(year: year)).ruleSet.manualIndicators
        let indicator = try #require(rules.first)
        #expect(page.body.contains("人工评分") && page.body.contains(indicator.name))
        let tooMuch = try await own.post(
            "/studios/\(studio.id)/manual?year=\(year)",
            form: [
                "csrf": csrf, "indicator": indicator.name, "score": "\(indicator.maximum + 1)",
            ]
        )
        #expect(tooMuch.status == 400 && tooMuch.body.contains("score"))
        let scored = try await own.post(
            "/studios/\(studio.id)/manual?year=\(year)",
            form: [
                "csrf": csrf, "indicator": indicator.name, "score": "\(indicator.maximum)", "comment": "示范作用明显",
            ]
        )
        #expect(scored.status == 303)
        #expect(
            try await other.post(
                "/studios/\(studio.id)/manual?year=\(year)",
                form: [
                    "csrf": otherToken, "indicator": indicator.name, "score": "0",
                ]
            ).status == 403
        )
    }

    /// A leader application through the paper chain from the console: Hangzhou's admin recommends it (Ningbo's sees
    /// none and is refused), the office rejects without a reason and is told, then shortlists; the attachments
    /// download as the services export them; quotas, Attachment 1 and the city's studios read live.
    static func applications(_ console: ServiceProcess, platform: Platform, training: String, scenario: ConsoleScenario) async throws {
        let year = scenario.year
        let identity = try platform.identity.transport(token: try await platform.mint("office-1", "provinceOffice"))
        let tomorrow = Date().addingTimeInterval(86_400)
        _ = try await identity.call(
            Identity.setCalendar,
            .init(
                year: year,
                leaderApplicationsClose: tomorrow,
                cityListsClose: tomorrow,
                subjectLeaderApplicationsClose: tomorrow
            )
        )
        for (username, city) in [("hz-web", City.hangzhou), ("nb-web", City.ningbo)] {
            _ = try await identity.call(
                Identity.createAdmin,
                .init(
                    username: username,
                    password: ConsoleScenario.password(username),
                    name: username,
                    role: .cityAdmin,
                    city: city
                )
            )
        }
        let token = try await ServiceProcess.run(
            "mingshi",
            [
                "demo-training-token", "--dir", training, "--training-id", "1201",
                "--honour", "省特级教师",
            ]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let applicant = try await platform.identity.transport().call(Identity.signInWithTrainingToken, .init(token: token))
        let application = try await platform.identity.transport(token: applicant.accessToken).call(
            Identity.applyAsLeader,
            .init(
                year: year,
                kind: .subject,
                stage: .juniorSecondary,
                subject: "英语",
                phone: "13900001111"
            )
        )
        let status = { try await identity.call(Identity.getLeaderApplication, .init(id: application.id)).status }

        let ningbo = try await Self.signIn(console, "nb-web")
        let ningboPage = try await ningbo.get("/applications?year=\(year)")
        #expect(ningboPage.status == 200 && ningboPage.body.contains("本年度暂无申报"))
        #expect(
            try await ningbo.post(
                "/applications/\(application.id)?year=\(year)",
                form: [
                    "csrf": try #require(ningboPage.csrf), "decision": "recommend",
                ]
            ).status == 403
        )
        #expect(try await status() == .submitted)

        let hangzhou = try await Self.signIn(console, "hz-web")
        let page = try await hangzhou.get("/applications?year=\(year)")
        #expect(page.body.contains("英语") && page.body.contains("待市级推荐") && page.body.contains("推荐"))
        let csrf = try #require(page.csrf)
        let returned = try await hangzhou.post("/applications/\(application.id)?year=\(year)", form: ["csrf": csrf, "decision": "return"])
        #expect(returned.status == 400 && returned.body.contains("reason"))
        #expect(try await hangzhou.post("/applications/\(application.id)?year=\(year)", form: ["csrf": csrf, "decision": "shortlist"]).status == 400)
        #expect(try await status() == .submitted)
        #expect(try await hangzhou.post("/applications/\(application.id)?year=\(year)", form: ["csrf": csrf, "decision": "recommend"]).status == 303)
        #expect(try await status() == .recommended)
        let attachment2 = try await hangzhou.get("/exports/attachment2.csv?year=\(year)")
        #expect(attachment2.header("Content-Type")?.hasPrefix("text/csv") == true)
        #expect(attachment2.body == (try await identity.call(Identity.exportAttachment2, .init(year: year, city: .hangzhou))).csv)
        #expect(try await hangzhou.get("/exports/attachment3.csv?year=\(year)").status == 200)
        #expect(
            try await hangzhou.get("/exports/attachment4.csv").body
                == (try await identity.call(Identity.exportAttachment4, .init(city: .hangzhou))).csv
        )
        // A city admin downloads only their own city's, whatever the address asks.
        #expect(
            try await ningbo.get("/exports/attachment2.csv?year=\(year)&city=hangzhou").body
                == (try await identity.call(Identity.exportAttachment2, .init(year: year, city: .ningbo))).csv
        )
        let studios = try await hangzhou.get("/city/studios")
        #expect(studios.status == 200 && studios.body.contains("杭州数学名师工作室") && !studios.body.contains("语文"))

        let office = try await Self.signIn(console, "office-web")
        let officePage = try await office.get("/applications?year=\(year)&city=hangzhou")
        #expect(officePage.body.contains("已推荐，待省级遴选"))
        let officeToken = try #require(officePage.csrf)
        let rejected = try await office.post("/applications/\(application.id)?year=\(year)", form: ["csrf": officeToken, "decision": "reject"])
        #expect(rejected.status == 400 && rejected.body.contains("reason"))
        #expect(
            try await office.post("/applications/\(application.id)?year=\(year)", form: ["csrf": officeToken, "decision": "shortlist"]).status == 303
        )
        #expect(try await status() == .shortlisted)

        let quotas = try await office.get("/quotas")
        #expect(quotas.status == 200 && quotas.body.contains("附件1") && quotas.body.contains("杭州"))
        let membership = try platform.membership.transport(token: try await platform.mint("office-1", "provinceOffice"))
        #expect(try await office.get("/exports/attachment1.csv").body == (try await membership.call(Membership.exportAttachment1, Empty())).csv)
    }

    /// A teacher asks to join the first studio; its leader (signed in through the training system) declines without a
    /// reason and is told, then approves; a workstation cannot read the requests.
    static func joinRequests(_ console: ServiceProcess, platform: Platform, trainingPage: ServiceProcess, scenario: ConsoleScenario) async throws {
        let studio = scenario.studios[0]
        try await TestAccounts.add(
            ["t-cl-joiner"],
            city: .hangzhou,
            office: try platform.identity.transport(token: try await platform.mint("office-1", "provinceOffice"))
        )
        let joiner = try platform.membership.transport(token: try await platform.mint("t-cl-joiner", "teacher"))
        let request = try await joiner.call(Membership.requestToJoin, .init(studioID: studio.id, message: "希望加入研修"))

        let workstation = try await Self.signIn(console, "ws-web-0")
        #expect(try await workstation.get("/studios/\(studio.id)/join-requests").status == 403)

        let leader = try await Self.ssoSignIn(console, trainingPage: trainingPage, trainingID: "cl-0")
        #expect(try await leader.get("/mine").body.contains("/studios/\(studio.id)/join-requests"))
        let page = try await leader.get("/studios/\(studio.id)/join-requests")
        #expect(page.status == 200 && page.body.contains("希望加入研修"))
        let csrf = try #require(page.csrf)
        let path = "/studios/\(studio.id)/join-requests/\(request.id)"
        let declined = try await leader.post(path, form: ["csrf": csrf, "decision": "refuse"])
        #expect(declined.status == 400 && declined.body.contains("reason"))
        #expect(try await leader.post(path, form: ["csrf": csrf, "decision": "accept"]).status == 303)
        let roster = try await platform.membership.transport(token: try await platform.mint("office-1", "provinceOffice"))
            .call(Membership.listJoinRequests, .init(studioID: studio.id, status: .approved))
        #expect(roster.requests.first { $0.id == request.id }?.status == .approved)
        #expect(try await leader.get("/studios/\(studio.id)/join-requests").body.contains("没有待处理的入室申请"))
    }

    /// Signs a teacher in through the training system's page, as ``teacher`` walks through it.
    static func ssoSignIn(_ console: ServiceProcess, trainingPage: ServiceProcess, trainingID: String) async throws -> WebClient {
        let browser = WebClient(base: console.url)
        _ = try await browser.get("/signin/training")
        let state = try #require(browser.cookie("mingshi_sso_state"))
        let signedIn = try await WebClient(base: trainingPage.url).post("/sso", form: ["trainingID": trainingID, "state": state])
        let token = try #require(
            signedIn.body.range(of: #"name="token" value=""#).map { String(signedIn.body[$0.upperBound...].prefix { $0 != "\"" }) }
        )
        #expect(try await browser.post("/signin/training", form: ["token": token, "state": state]).status == 303)
        return browser
    }

    /// The office runs, freezes (only once it confirms) and applies a year from its page; a workstation's run is refused.
    static func office(_ console: ServiceProcess, scenario: ConsoleScenario) async throws {
        let year = scenario.year
        let workstation = try await Self.signIn(console, "ws-web-0")
        let wsToken = try #require(try await workstation.get("/queue").csrf)
        #expect(try await workstation.post("/office/runs?year=\(year)", form: ["csrf": wsToken, "action": "run"]).status == 403)
        let office = try await Self.signIn(console, "office-web")
        let runs = try await office.get("/office/runs?year=\(year)")
        #expect(runs.status == 200 && runs.body.contains("运行考核") && runs.body.contains("冻结"))
        let csrf = try #require(runs.csrf)
        let started = try await office.post("/office/runs?year=\(year)", form: ["csrf": csrf, "action": "run"])
        #expect(started.status == 303 && started.header("Location")?.contains("job=") == true)
        let ran = try await Self.jobResult(office, started)
        #expect(ran.status == 200 && ran.body.contains("已运行批次"))
        // The job is the session's own: another session reading its address sees no result of it.
        #expect(try await workstation.get(started.header("Location") ?? "/").body.contains("已运行批次") == false)
        let latest = try await scenario.assessment.call(Assessment.listRuns, .init(year: year)).first { $0.status == .live }
        let runID = try #require(latest?.id)
        let unconfirmed = try await office.post("/office/runs?year=\(year)", form: ["csrf": csrf, "action": "freeze", "runID": runID])
        #expect(unconfirmed.status == 400 && unconfirmed.body.contains("我已核对"))
        #expect(try await scenario.assessment.call(Assessment.listRuns, .init(year: year)).allSatisfy { $0.status == .live })
        let frozen = try await Self.jobResult(
            office,
            try await office.post(
                "/office/runs?year=\(year)",
                form: [
                    "csrf": csrf, "action": "freeze", "runID": runID, "confirm": "yes",
                ]
            )
        )
        #expect(frozen.status == 200 && frozen.body.contains("已冻结") && frozen.body.contains("执行考核结果"))
        let applied = try await Self.jobResult(
            office,
            try await office.post(
                "/office/runs?year=\(year)",
                form: [
                    "csrf": csrf, "action": "apply", "runID": runID,
                ]
            )
        )
        #expect(applied.status == 200 && applied.body.contains("已执行"))
    }

    /// Follows a started job's redirect until its page says how it ended (each read waits for the job a moment
    /// itself; while it runs the page shows its progress and refreshes).
    static func jobResult(_ client: WebClient, _ started: WebClient.Page) async throws -> WebClient.Page {
        let location = try #require(started.header("Location"))
        var page = try await client.get(location)
        for _ in 0..<30 where page.body.contains("正在执行") {
            #expect(page.body.contains("<progress") && page.body.contains(#"http-equiv="refresh""#))
            page = try await client.get(location)
        }
        return page
    }

    static func signIn(_ console: ServiceProcess, _ username: String) async throws -> WebClient {
        let client = WebClient(base: console.url)
        let form = try await client.get("/signin")
        let answer = try await client.post(
            "/signin",
            form: [
                "username": username, "password": ConsoleScenario.password(username), "csrf": try #require(form.csrf),
            ]
        )
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
        #expect(
            try await browser.post("/signin", form: ["username": "office-web", "password": ConsoleScenario.password("office-web")]).status == 403
        )
        let wrong = try await browser.post("/signin", form: ["username": "office-web", "password": "nope", "csrf": csrf])
        #expect(wrong.status == 401 && wrong.body.contains("用户名或密码不正确"))
        let empty = try await browser.post("/signin", form: ["csrf": csrf])  // no username, no password: told, not a crash
        #expect(empty.status == 401 && empty.body.contains("用户名或密码不正确"))
        #expect(browser.cookie("mingshi_session") == nil)

        let signedIn = try await browser.post(
            "/signin",
            form: ["username": "office-web", "password": ConsoleScenario.password("office-web"), "csrf": csrf]
        )
        #expect(signedIn.status == 303 && signedIn.header("Location") == "/ranking")
        let setCookie = signedIn.header("Set-Cookie") ?? ""
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
        #expect(browser.cookie("mingshi_session") != nil)

        // The ranking, as the office; then filtered by city. Names are escaped; no token reaches the page.
        let ranking = try await browser.get("/ranking?year=\(year)")
        #expect(ranking.status == 200 && ranking.body.contains("杭州数学名师工作室"))
        #expect(ranking.body.contains("宁波&lt;b&gt;语文&lt;/b&gt;工作室") && !ranking.body.contains("<b>语文"))
        #expect(!ranking.body.contains("eyJ"))  // no JWT in the page
        #expect(!ranking.body.contains("http-equiv"))  // only a running job's page refreshes itself
        let hangzhou = try await browser.get("/ranking?year=\(year)&city=hangzhou")
        #expect(hangzhou.body.contains("杭州数学名师工作室") && !hangzhou.body.contains("语文"))
        // By workstation (assessment filters), by stage and subject (membership's studios of them).
        let byWorkstation = try await browser.get("/ranking?year=\(year)&workstation=ws-1")
        #expect(byWorkstation.body.contains("语文") && !byWorkstation.body.contains("杭州数学名师工作室"))
        let bySubject = try await browser.get("/ranking?year=\(year)&stage=primary&subject=%E6%95%B0%E5%AD%A6")
        #expect(bySubject.body.contains("杭州数学名师工作室") && bySubject.body.contains("语文"))
        #expect(try await browser.get("/ranking?year=\(year)&stage=juniorSecondary").body.contains("没有符合条件的工作室"))

        // A studio's page says what is missing, in words.
        let report = try await browser.get("/studios/\(studios[0].id)?year=\(year)")
        #expect(report.status == 200 && report.body.contains("未达标项") && report.body.contains("还差"))
        // Each number opens onto its records (provenance); a line the rules do not have is not found.
        #expect(report.body.contains("/studios/\(studios[0].id)/lines/activitiesHeld?year=\(year)"))
        let line = try await browser.get("/studios/\(studios[0].id)/lines/activitiesHeld?year=\(year)")
        #expect(line.status == 200 && line.body.contains("共 0 条记录"))
        #expect(try await browser.get("/studios/\(studios[0].id)/lines/noSuchLine?year=\(year)").status == 404)

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
