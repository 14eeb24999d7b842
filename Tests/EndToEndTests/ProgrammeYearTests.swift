import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import RPCClient
import RPCTesting
import Testing

/// A slice of a programme year across identity and membership as separate processes, with the demo stand-in for
/// the teacher-training system (`mingshi demo-training-system` / `demo-training-token`, its real contract): a
/// leader applies, is recommended and shortlisted, gets a provincial studio, approves a subject leader and a core
/// member; then both services restart and nothing is lost.
@Suite("End to end: a programme year across identity and membership", .timeLimit(.minutes(3)))
struct ProgrammeYearTests {
    @Test("application → shortlist → studio → subject leader and core member; all of it survives restarts")
    func programmeYear() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.path
            // Peers name each other, so both ports are chosen up front.
            let identityPort = try await freeLocalPort()
            let membershipPort = try await freeLocalPort()
            _ = try await ServiceProcess.run("mingshi", ["demo-training-system", "--dir", "\(data)/training"])
            let office = try await ServiceProcess.run("identity", [
                "mint-token", "--data-dir", "\(data)/identity", "--subject", "office", "--role", "provinceOffice",
            ]).trimmingCharacters(in: .whitespacesAndNewlines)
            func startIdentity() async throws -> ServiceProcess {
                try await ServiceProcess("identity", arguments: [
                    "--http-port", "\(identityPort)", "--data-dir", "\(data)/identity",
                    "--training-jwks-file", "\(data)/training/training-jwks.json",
                    "--peers-membership-url", "http://127.0.0.1:\(membershipPort)",
                ], logDirectory: directory)
            }
            func startMembership() async throws -> ServiceProcess {
                try await ServiceProcess("membership", arguments: [
                    "--http-port", "\(membershipPort)", "--data-dir", "\(data)/membership",
                    "--peers-identity-url", "http://127.0.0.1:\(identityPort)",
                ], logDirectory: directory)
            }
            var identity = try await startIdentity()
            var membership = try await startMembership()
            func signIn(_ trainingID: String, _ extra: [String]) async throws -> Session {
                let token = try await ServiceProcess.run("mingshi", [
                    "demo-training-token", "--dir", "\(data)/training", "--training-id", trainingID,
                ] + extra).trimmingCharacters(in: .whitespacesAndNewlines)
                return try await identity.transport().call(Identity.signInWithTrainingToken, .init(token: token))
            }
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            let tomorrow = Date().addingTimeInterval(86_400)
            _ = try await identity.transport(token: office).call(Identity.setCalendar, .init(
                year: year, leaderApplicationsClose: tomorrow, cityListsClose: tomorrow, subjectLeaderApplicationsClose: tomorrow))

            // The leader applies; the city recommends; the province office shortlists.
            let leader = try await signIn("1001", ["--honour", "省特级教师"])
            let application = try await identity.transport(token: leader.accessToken).call(Identity.applyAsLeader, .init(
                year: year, kind: .subject, stage: .juniorSecondary, subject: "英语", phone: "13900001111"))
            _ = try await identity.transport(token: office).call(Identity.createAdmin, .init(
                username: "hz-admin", password: "hangzhou admin password", name: "李明", role: .cityAdmin, city: .hangzhou))
            let cityAdmin = try await identity.transport().call(Identity.signInWithPassword, .init(
                username: "hz-admin", password: "hangzhou admin password"))
            _ = try await identity.transport(token: cityAdmin.accessToken).call(Identity.decideLeaderApplication, .init(
                id: application.id, decision: .recommend))
            _ = try await identity.transport(token: office).call(Identity.decideLeaderApplication, .init(
                id: application.id, decision: .shortlist))

            // Membership creates the studio from the shortlisted application, asking identity.
            let studio = try await membership.transport(token: office).call(Membership.createStudio, .init(
                name: "杭州市初中英语名师网络工作室", level: .province, city: .hangzhou, stage: .juniorSecondary,
                subject: "英语", kind: .subject, leaderID: leader.subject, leaderApplicationID: application.id))

            // A subject leader applies with the form; the leader approves; membership has them.
            let subjectLeader = try await signIn("1002", ["--title", "中学一级", "--honour", "杭州市学科带头人:2018"])
            let form = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 1, count: 500)
            let slApplication = try await identity.transport(token: subjectLeader.accessToken).call(
                Identity.applyAsSubjectLeader, .init(year: year, studioID: studio.id, phone: "13700002222",
                                                     formBase64: form.base64EncodedString()))
            _ = try await identity.transport(token: leader.accessToken).call(Identity.reviewSubjectLeaderApplication, .init(
                id: slApplication.id, approve: true))

            // A core member asks to join; the leader approves with the subject leader as mentor.
            let core = try await signIn("1003", [])
            let request = try await membership.transport(token: core.accessToken).call(Membership.requestToJoin, .init(
                studioID: studio.id, profile: .init(teacherID: core.subject, name: "王芳", school: "杭州市文三街小学", schoolCity: .hangzhou)))
            _ = try await membership.transport(token: leader.accessToken).call(Membership.decideJoinRequest, .init(
                requestID: request.id, approve: true, mentorID: subjectLeader.subject))
            let roster = try await membership.transport(token: leader.accessToken).call(Membership.getRoster, .init(studioID: studio.id))
            #expect(roster.members.map(\.role) == [.subjectLeader, .coreMember])
            #expect(roster.members.last?.mentorID == subjectLeader.subject)

            // Both services stop with SIGTERM and start again on their data: nothing acknowledged is lost.
            #expect(await membership.terminate() == 0, "\(membership.log())")
            #expect(await identity.terminate() == 0, "\(identity.log())")
            identity = try await startIdentity()
            membership = try await startMembership()
            #expect(try await membership.transport(token: office).call(Membership.getStudio, .init(id: studio.id)) == studio)
            let rosterAgain = try await membership.transport(token: leader.accessToken).call(Membership.getRoster, .init(studioID: studio.id))
            #expect(rosterAgain == roster)
            let trail = try await identity.transport(token: leader.accessToken).call(Identity.getApplicationHistory, .init(id: application.id))
            #expect(trail.entries.map(\.action) == ["submitted", "recommend", "shortlist"])
            let refreshed = try await identity.transport().call(Identity.refreshSession, .init(refreshToken: leader.refreshToken))
            #expect(refreshed.subject == leader.subject)
            #expect(await membership.terminate() == 0)
            #expect(await identity.terminate() == 0)
        }
    }
}
