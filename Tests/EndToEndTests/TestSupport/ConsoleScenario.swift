import ActivitiesAPI
import AssessmentAPI
import Crypto
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI

/// What the console's suites browse: two provincial studios of two workstations (one named with markup, to see it
/// escaped), admins with passwords for the office and each workstation, a featured project of the first studio
/// waiting for its workstation, and a run of the year; then the console itself, as a real process.
struct ConsoleScenario {
    let year: Int
    let studios: [Studio]
    let projectID: String
    let assessment: HTTP2Transport
    let activities: HTTP2Transport
    let resources: HTTP2Transport
    /// The first studio's research outcome, subject leader's lecture and activity notice, each awaiting review.
    let outcomeID: String
    let lectureID: String
    let noticeID: String
    static func password(_ username: String) -> String { "Zj-\(username)-2026!" }

    static func prepare(_ platform: Platform) async throws -> ConsoleScenario {
        let year = AnomalyFlagTests.year
        let office = try await platform.mint("office-1", "provinceOffice")
        let identity = try platform.identity.transport(token: office)
        let membership = try platform.membership.transport(token: office)
        for (username, role, workstation) in [
            ("office-web", Role.provinceOffice, nil), ("ws-web-0", .workstation, "ws-0"),
            ("ws-web-1", .workstation, "ws-1"),
        ] as [(String, Role, String?)] {
            _ = try await identity.call(
                Identity.createAdmin,
                .init(
                    username: username,
                    password: Self.password(username),
                    name: username,
                    role: role,
                    workstation: workstation
                )
            )
        }
        try await TestAccounts.add(["t-cl-0", "t-cl-1"], city: .hangzhou, office: identity)
        var studios: [Studio] = []
        for (index, (name, city)) in [("杭州数学名师工作室", City.hangzhou), ("宁波<b>语文</b>工作室", City.ningbo)].enumerated() {
            let studio = try await membership.call(
                Membership.importStudio,
                .init(
                    studio: .init(
                        name: name,
                        level: .province,
                        city: city,
                        stage: .primary,
                        subject: "数学",
                        kind: .subject,
                        leaderID: "t-cl-\(index)"
                    ),
                    createdAt: AnomalyFlagTests.january(1),
                    source: "测试"
                )
            )
            _ = try await membership.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-\(index)"))
            studios.append(studio)
        }
        let leader = try platform.activities.transport(token: try await platform.mint("t-cl-0", "teacher"))
        let project = try await leader.call(
            Activities.applyFeaturedProject,
            .init(
                studioID: studios[0].id,
                year: year,
                type: .liveStreamSeries,
                theme: "名师面对面：数学建模",
                description: "四期直播"
            )
        )
        // The first studio counts one file as two resources: the run flags it for its workstation.
        let resources = try platform.resources.transport(token: office)
        let pdf = Data("%PDF-1.4\n% 同一份教案\n%%EOF\n".utf8)
        let sha256 = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
        _ = try await resources.send("PUT", path: "/files/\(sha256)", body: DataBodySource(pdf))
        _ = try await resources.call(
            Resources.importResources,
            .init(
                entries: ["c-1", "c-2"].map { id in
                    ImportedResource(
                        externalID: id,
                        authorID: studios[0].leaderID,
                        resource: .init(
                            studioID: studios[0].id,
                            title: "教案\(id)",
                            type: .lessonDesign,
                            stage: .primary,
                            subject: "数学",
                            year: year,
                            visibility: .public,
                            files: [.init(sha256: sha256, fileName: "a.pdf")]
                        )
                    )
                }
            )
        )
        // Three more items for the queues: a research outcome (its workstation's), a subject leader's lecture (its
        // workstation's) and an activity's notice (the office's).
        try await TestAccounts.add(["t-cl-sl"], city: .hangzhou, office: identity)
        _ = try await membership.call(
            Membership.importMembers,
            .init(entries: [
                .init(studioID: studios[0].id, role: .subjectLeader, teacherID: "t-cl-sl", joinedAt: AnomalyFlagTests.january(1))
            ])
        )
        let leaderResources = try platform.resources.transport(token: try await platform.mint("t-cl-0", "teacher"))
        let paper = Data("%PDF-1.4\n% 单元整体教学研究\n%%EOF\n".utf8)
        let paperHash = SHA256.hash(data: paper).map { String(format: "%02x", $0) }.joined()
        _ = try await leaderResources.send("PUT", path: "/files/\(paperHash)", body: DataBodySource(paper))
        let outcome = try await leaderResources.call(
            Resources.createResource,
            .init(
                studioID: studios[0].id,
                title: "单元整体教学研究",
                type: .researchOutcome,
                stage: .primary,
                subject: "数学",
                year: year,
                visibility: .public,
                files: [.init(sha256: paperHash, fileName: "paper.pdf")],
                outcome: OutcomeRecognition(kind: .published, venue: "浙江教育科学", level: .province, date: "\(year)-03-01")
            )
        )
        let lecture = try await leader.call(
            Activities.recordSubjectLeaderRecord,
            .init(
                studioID: studios[0].id,
                teacherID: "t-cl-sl",
                kind: .lecture,
                title: "省级示范课：分数的意义",
                level: .province,
                date: Self.todayInChina(),
                evidence: .init(sha256: paperHash)
            )
        )
        let activity = try await leader.call(
            Activities.scheduleActivity,
            .init(
                studioID: studios[0].id,
                title: "单元教学研讨",
                mode: .online,
                kind: .research,
                link: "https://live.zjer.cn/room/7",
                startsAt: Date().addingTimeInterval(86_400),
                endsAt: Date().addingTimeInterval(90_000),
                hostID: "t-cl-0"
            )
        )
        let notice = try await leader.call(Activities.draftNotice, .init(activityID: activity.id, body: "请各位成员准时参加。"))
        let assessment = try platform.assessment.transport(token: office)
        _ = try await assessment.call(Assessment.runAssessment, .init(year: year), options: .init(timeout: .seconds(60)))
        return ConsoleScenario(
            year: year,
            studios: studios,
            projectID: project.id,
            assessment: assessment,
            activities: try platform.activities.transport(token: office),
            resources: resources,
            outcomeID: outcome.id,
            lectureID: lecture.id,
            noticeID: notice.id
        )
    }

    /// Today's date in China time, `YYYY-MM-DD`: a record dated today is inside the year and its entry window.
    static func todayInChina() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// Starts the console against the platform, runs `body`, and stops it however `body` ends.
    static func withConsole(_ platform: Platform, directory: URL, _ body: (ServiceProcess) async throws -> Void) async throws {
        try await Self.withConsole(platform, directory: directory, training: nil) { console, _ in try await body(console) }
    }

    /// The same with the training system's stand-in sign-in page beside it (from `training`, its directory): the
    /// console on a port chosen first, so the page can be told where to return.
    static func withConsole(
        _ platform: Platform,
        directory: URL,
        training: String?,
        _ body: (ServiceProcess, ServiceProcess) async throws -> Void
    ) async throws {
        let peers = platform.all.flatMap { ["--peers-\($0.name)-url", $0.url] }
        let consolePort = try await freeLocalPort()
        var page: ServiceProcess?
        var arguments = ["--http-port", "\(consolePort)"] + peers
        if let training {
            let started = try await ServiceProcess(
                "mingshi",
                arguments: [
                    "demo-training-sign-in", "--dir", training, "--http-port", "0", "--console-url", "http://127.0.0.1:\(consolePort)",
                ],
                logDirectory: directory
            )
            page = started
            arguments += ["--training-sign-in-url", started.url + "/sso"]
        }
        let console: ServiceProcess
        do {
            console = try await ServiceProcess("console", arguments: arguments, logDirectory: directory)
        } catch {
            _ = await page?.terminate()
            throw error
        }
        do {
            try await body(console, page ?? console)
        } catch {
            _ = await console.terminate()
            _ = await page?.terminate()
            throw error
        }
        _ = await console.terminate()
        _ = await page?.terminate()
    }
}
