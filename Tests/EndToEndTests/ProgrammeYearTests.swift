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
import Testing

/// A programme year across the five services as separate processes, every step through the one-by-one methods,
/// with the demo stand-in for the teacher-training system (`mingshi demo-training-system` / `demo-training-token`,
/// its real contract): a leader applies, is recommended and shortlisted, gets a provincial studio, approves a
/// subject leader and a core member; the studio runs an activity under a published notice with check-in and
/// recorded attendance, publishes a resource its workstation marks premium, has its featured project approved; the
/// office runs, freezes and applies the assessment; then every service restarts and nothing is lost.
@Suite("End to end: a programme year across the five services", .timeLimit(.minutes(10)))
struct ProgrammeYearTests {
    @Test(
        "application → shortlist → studio → members → activity, notice, attendance → resource, premium → project → assessment → closure; all of it survives restarts"
    )
    func programmeYear() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.path
            // Peers name each other, so both ports are chosen up front.
            let identityPort = try await freeLocalPort()
            let membershipPort = try await freeLocalPort()
            let resourcesPort = try await freeLocalPort()
            let activitiesPort = try await freeLocalPort()
            let assessmentPort = try await freeLocalPort()
            let allPeers = [
                "--service-token-file", "\(data)/service.token",
                "--peers-identity-url", "http://127.0.0.1:\(identityPort)", "--peers-membership-url", "http://127.0.0.1:\(membershipPort)",
                "--peers-resources-url", "http://127.0.0.1:\(resourcesPort)", "--peers-activities-url", "http://127.0.0.1:\(activitiesPort)",
            ]
            func start(_ name: String, _ port: Int) async throws -> ServiceProcess {
                try await ServiceProcess(
                    name,
                    arguments: ["--http-port", "\(port)", "--data-dir", "\(data)/\(name)"] + allPeers,
                    logDirectory: directory
                )
            }
            _ = try await ServiceProcess.run("mingshi", ["demo-training-system", "--dir", "\(data)/training"])
            let office = try await ServiceProcess.run(
                "identity",
                [
                    "mint-token", "--data-dir", "\(data)/identity", "--subject", "office", "--role", "provinceOffice",
                ]
            ).trimmingCharacters(in: .whitespacesAndNewlines)
            try await TestAccounts.mintServiceToken(identityData: "\(data)/identity", into: "\(data)/service.token")
            func startIdentity() async throws -> ServiceProcess {
                try await ServiceProcess(
                    "identity",
                    arguments: [
                        "--http-port", "\(identityPort)", "--data-dir", "\(data)/identity",
                        "--training-jwks-file", "\(data)/training/training-jwks.json",
                        "--peers-membership-url", "http://127.0.0.1:\(membershipPort)",
                    ],
                    logDirectory: directory
                )
            }
            func startMembership() async throws -> ServiceProcess {
                try await ServiceProcess(
                    "membership",
                    arguments: [
                        "--http-port", "\(membershipPort)", "--data-dir", "\(data)/membership",
                        "--peers-identity-url", "http://127.0.0.1:\(identityPort)", "--service-token-file", "\(data)/service.token",
                    ],
                    logDirectory: directory
                )
            }
            var identity = try await startIdentity()
            var membership = try await startMembership()
            func signIn(_ trainingID: String, _ extra: [String]) async throws -> Session {
                let token = try await ServiceProcess.run(
                    "mingshi",
                    [
                        "demo-training-token", "--dir", "\(data)/training", "--training-id", trainingID,
                    ] + extra
                ).trimmingCharacters(in: .whitespacesAndNewlines)
                return try await identity.transport().call(Identity.signInWithTrainingToken, .init(token: token))
            }
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            let tomorrow = Date().addingTimeInterval(86_400)
            _ = try await identity.transport(token: office).call(
                Identity.setCalendar,
                .init(
                    year: year,
                    leaderApplicationsClose: tomorrow,
                    cityListsClose: tomorrow,
                    subjectLeaderApplicationsClose: tomorrow
                )
            )

            // The leader applies; the city recommends; the province office shortlists.
            let leader = try await signIn("1001", ["--honour", "省特级教师"])
            let application = try await identity.transport(token: leader.accessToken).call(
                Identity.applyAsLeader,
                .init(
                    year: year,
                    kind: .subject,
                    stage: .juniorSecondary,
                    subject: "英语",
                    phone: "13900001111"
                )
            )
            _ = try await identity.transport(token: office).call(
                Identity.createAdmin,
                .init(
                    username: "hz-admin",
                    password: "hangzhou admin password",
                    name: "李明",
                    role: .cityAdmin,
                    city: .hangzhou
                )
            )
            let cityAdmin = try await identity.transport().call(
                Identity.signInWithPassword,
                .init(
                    username: "hz-admin",
                    password: "hangzhou admin password"
                )
            )
            _ = try await identity.transport(token: cityAdmin.accessToken).call(
                Identity.decideLeaderApplication,
                .init(
                    id: application.id,
                    decision: .recommend
                )
            )
            _ = try await identity.transport(token: office).call(
                Identity.decideLeaderApplication,
                .init(
                    id: application.id,
                    decision: .shortlist
                )
            )

            // Membership creates the studio from the shortlisted application, asking identity.
            let studio = try await membership.transport(token: office).call(
                Membership.createStudio,
                .init(
                    name: "杭州市初中英语名师网络工作室",
                    level: .province,
                    city: .hangzhou,
                    stage: .juniorSecondary,
                    subject: "英语",
                    kind: .subject,
                    leaderID: leader.subject,
                    leaderApplicationID: application.id
                )
            )

            // A subject leader applies with the form; the leader approves; membership has them.
            let subjectLeader = try await signIn("1002", ["--title", "中学一级", "--honour", "杭州市学科带头人:2018"])
            let form = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 1, count: 500)
            let slApplication = try await identity.transport(token: subjectLeader.accessToken).call(
                Identity.applyAsSubjectLeader,
                .init(
                    year: year,
                    studioID: studio.id,
                    phone: "13700002222",
                    formBase64: form.base64EncodedString()
                )
            )
            _ = try await identity.transport(token: leader.accessToken).call(
                Identity.reviewSubjectLeaderApplication,
                .init(
                    id: slApplication.id,
                    approve: true
                )
            )

            // A core member asks to join; the leader approves with the subject leader as mentor.
            let core = try await signIn("1003", [])
            let request = try await membership.transport(token: core.accessToken).call(Membership.requestToJoin, .init(studioID: studio.id))
            _ = try await membership.transport(token: leader.accessToken).call(
                Membership.decideJoinRequest,
                .init(
                    requestID: request.id,
                    approve: true,
                    mentorID: subjectLeader.subject
                )
            )
            let roster = try await membership.transport(token: leader.accessToken).call(Membership.getRoster, .init(studioID: studio.id))
            #expect(roster.members.map(\.role) == [.subjectLeader, .coreMember])
            #expect(roster.members.last?.mentorID == subjectLeader.subject)

            // The other three services join.
            var resources = try await start("resources", resourcesPort)
            var activities = try await start("activities", activitiesPort)
            var assessment = try await start("assessment", assessmentPort)
            let workstation = try await ServiceProcess.run(
                "identity",
                [
                    "mint-token", "--data-dir", "\(data)/identity", "--subject", "ws-user", "--role", "workstation", "--workstation", "ws-east",
                ]
            ).trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try await membership.transport(token: office).call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-east"))

            // An activity hosted by the subject leader, starting now (after the subject leader joined: attendance is
            // judged against the roster at the start), announced by a published notice, held, attended, closed.
            let now = Date()
            let activity = try await activities.transport(token: leader.accessToken).call(
                Activities.scheduleActivity,
                .init(
                    studioID: studio.id,
                    title: "整本书阅读教学研讨",
                    mode: .offline,
                    kind: .research,
                    place: "杭州市文三街小学",
                    startsAt: now,
                    endsAt: now.addingTimeInterval(3_600),
                    hostID: subjectLeader.subject
                )
            )
            let draft = try await activities.transport(token: leader.accessToken).call(
                Activities.draftNotice,
                .init(
                    activityID: activity.id,
                    body: "请学校准予参加研讨的教师公假。"
                )
            )
            let notice = try await activities.transport(token: office).call(Activities.reviewNotice, .init(id: draft.id, approve: true))
            let verified = try await activities.transport().call(
                Activities.verifyNotice,
                .init(
                    number: notice.number!,
                    code: notice.verificationCode!
                )
            )
            #expect(verified.title == "整本书阅读教学研讨")
            _ = try await activities.transport(token: subjectLeader.accessToken).call(Activities.markHeld, .init(id: activity.id))
            let code = try await activities.transport(token: subjectLeader.accessToken).call(Activities.openCheckIn, .init(id: activity.id))
            _ = try await activities.transport(token: core.accessToken).call(Activities.checkIn, .init(id: activity.id, code: code.code))
            _ = try await activities.transport(token: subjectLeader.accessToken).call(
                Activities.recordAttendance,
                .init(
                    id: activity.id,
                    teacherIDs: [subjectLeader.subject]
                )
            )
            let closed = try await activities.transport(token: leader.accessToken).call(Activities.closeRecords, .init(id: activity.id))
            #expect(closed.attendance == AttendanceSummary(participants: 2, subjectLeaders: 1, subjectLeadersPresent: 1, hostPresent: true))

            // The subject leader publishes a resource with its file; the studio's workstation marks it premium.
            let pdf = Data("%PDF-1.4\n% 整本书阅读\n%%EOF\n".utf8)
            let sha256 = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
            #expect(
                try await resources.transport(token: subjectLeader.accessToken).send(
                    "PUT",
                    path: "/files/\(sha256)",
                    body: DataBodySource(pdf)
                ).status == 201
            )
            let resource = try await resources.transport(token: subjectLeader.accessToken).call(
                Resources.createResource,
                .init(
                    studioID: studio.id,
                    title: "整本书阅读教学设计",
                    type: .lessonDesign,
                    stage: .juniorSecondary,
                    subject: "英语",
                    year: year,
                    visibility: .public,
                    files: [.init(sha256: sha256, fileName: "设计.pdf")]
                )
            )
            _ = try await resources.transport(token: workstation).call(Resources.markPremium, .init(id: resource.id, year: year, reason: "示范性强"))

            // The featured project, applied for by the leader, approved by the workstation.
            let project = try await activities.transport(token: leader.accessToken).call(
                Activities.applyFeaturedProject,
                .init(
                    studioID: studio.id,
                    year: year,
                    type: .liveStreamSeries,
                    theme: "名师带你读",
                    description: "四期直播"
                )
            )
            _ = try await activities.transport(token: workstation).call(Activities.decideFeaturedProject, .init(id: project.id, approve: true))

            // The office runs the year: the studio's numbers come from all three services; with one activity and one
            // resource it fails the floor and is idle (R-MGT-5), so no tier, no credits, and a closure that reaches
            // membership.
            // Created today, the studio gets no new-studio grace from this year's rules: its closure is proposed.
            var rules = RuleSet.default2019(year: year)
            rules.newStudios = RuleSet.NewStudioRule.off
            _ = try await assessment.transport(token: office).call(Assessment.loadRuleSet, .init(ruleSet: rules))
            let run = try await assessment.transport(token: office).call(
                Assessment.runAssessment,
                .init(year: year),
                options: .init(timeout: .seconds(60))
            )
            let report = try await assessment.transport(token: leader.accessToken).call(
                Assessment.getStudioReport,
                .init(
                    year: year,
                    studioID: studio.id
                )
            ).result
            #expect(report.metrics["activitiesHeld"] == 1)
            #expect(report.metrics["premiumResources"] == 1)
            #expect(report.metrics["featuredProjectApproved"] == 1)
            #expect(report.metrics["subjectLeaders"] == 1)
            #expect(report.metrics["coreMembers"] == 1)
            #expect(!report.passed && report.tier == nil && report.idle && report.proposal == .close)
            _ = try await assessment.transport(token: office).call(Assessment.freezeRun, .init(runID: run.id))
            #expect(try await assessment.transport(token: office).call(Assessment.pullCredits, .init()).entries.isEmpty)
            let applied = try await assessment.transport(token: office).call(
                Assessment.applyOutcomes,
                .init(runID: run.id),
                options: .init(timeout: .seconds(60))
            )
            #expect(applied.closed == [studio.id])
            let ranking = try await assessment.transport(token: office).call(Assessment.getRanking, .init(year: year))

            // Every service stops with SIGTERM and starts again on its data: nothing acknowledged is lost.
            for service in [assessment, activities, resources, membership, identity] {
                #expect(await service.terminate() == 0, "\(service.name): \(service.log())")
            }
            identity = try await startIdentity()
            membership = try await startMembership()
            resources = try await start("resources", resourcesPort)
            activities = try await start("activities", activitiesPort)
            assessment = try await start("assessment", assessmentPort)
            let closedStudio = try await membership.transport(token: office).call(Membership.getStudio, .init(id: studio.id))
            #expect(closedStudio.status == .closed)
            let rosterAgain = try await membership.transport(token: leader.accessToken).call(Membership.getRoster, .init(studioID: studio.id))
            #expect(rosterAgain == roster)
            let trail = try await identity.transport(token: leader.accessToken).call(Identity.getApplicationHistory, .init(id: application.id))
            #expect(trail.entries.map(\.action) == ["submitted", "recommend", "shortlist"])
            let refreshed = try await identity.transport().call(Identity.refreshSession, .init(refreshToken: leader.refreshToken))
            #expect(refreshed.subject == leader.subject)
            #expect(try await activities.transport(token: leader.accessToken).call(Activities.getActivity, .init(id: activity.id)) == closed)
            #expect(
                try await activities.transport().call(Activities.verifyNotice, .init(number: notice.number!, code: notice.verificationCode!))
                    == verified
            )
            #expect(try await resources.transport().send("GET", path: "/files/\(sha256)").body == pdf)
            #expect(try await resources.transport().call(Resources.getResource, .init(id: resource.id)).premiumYears == [year])
            #expect(try await assessment.transport(token: office).call(Assessment.getRanking, .init(year: year)) == ranking)
            for service in [assessment, activities, resources, membership, identity] { _ = await service.terminate() }
        }
    }
}
