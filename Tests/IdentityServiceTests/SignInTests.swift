import Auth
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import RPCTesting
import Testing

/// Sign-in through the teacher-training system, sessions and refresh tokens, over real HTTP/2.
@Suite("Identity: sign-in through the teacher-training system, sessions", .timeLimit(.minutes(10)))
struct SignInTests {
    typealias Fixture = IdentityFixture
    typealias Teacher = TrainingSystemStandIn.Teacher

    @Test("a teacher signs in with an RS256 training token: the account mirrors the record, the session works")
    func signInMirrorsTheRecord() async throws {
        try await Fixture.run { fixture in
            let session = try await fixture.signIn()
            #expect(session.subject == "t-330106198001011234")
            #expect(session.roles == [.teacher])
            let me = try await fixture.transport(session).call(Identity.whoAmI)
            #expect(me.subject == session.subject)
            #expect(me.city == "hangzhou")
            let account = try await fixture.transport(session).call(Identity.getAccount, .init(id: session.subject))
            #expect(account.name == "王芳")
            #expect(account.city == .hangzhou)
            #expect(account.stage == .primary)
            #expect(account.title == .senior)
            #expect(account.honours == [Honour(kind: .cityLevel, name: "杭州市学科带头人", year: 2018)])

            var moved = Teacher()
            moved.school = "淳安县千岛湖镇中心小学"
            moved.rural = true
            _ = try await fixture.signIn(moved, kid: "ec-1")
            let updated = try await fixture.transport(session).call(Identity.getAccount, .init(id: session.subject))
            #expect(updated.school == "淳安县千岛湖镇中心小学")
            #expect(updated.rural)
        }
    }

    @Test("wrong issuer, audience, signature or expiry is UNAUTHENTICATED saying which")
    func badTokens() async throws {
        try await Fixture.run { fixture in
            let anonymous = try fixture.server.transport()
            func refusal(_ token: String) async -> RPCError? {
                await failure { try await anonymous.call(Identity.signInWithTrainingToken, .init(token: token)) }
            }
            let issuer = await refusal(try await fixture.training.token(.init(), issuer: "someone.else"))
            #expect(issuer?.status == .unauthenticated)
            #expect(issuer?.message.contains("issuer") == true)
            let audience = await refusal(try await fixture.training.token(.init(), audience: "another-platform"))
            #expect(audience?.status == .unauthenticated)
            #expect(audience?.message.contains("audience") == true)
            let expired = await refusal(try await fixture.training.token(.init(), expiresIn: -60))
            #expect(expired?.status == .unauthenticated)
            #expect(expired?.message.contains("exp") == true)
            // Signed by a key of the same id that the training system never published.
            let impostor = try await TrainingSystemStandIn()
            let forged = await refusal(try await impostor.token(.init(), kid: "ec-1"))
            #expect(forged?.status == .unauthenticated)
            #expect(forged?.message.contains("signature") == true)
            #expect(await refusal("not.a.jwt")?.status == .unauthenticated)
        }
    }

    @Test("a record the platform cannot use is INVALID_ARGUMENT naming the claim")
    func badClaims() async throws {
        try await Fixture.run { fixture in
            var teacher = Teacher()
            teacher.city = "上海"
            let token = try await fixture.training.token(teacher)
            let error = await failure { try await fixture.server.transport().call(Identity.signInWithTrainingToken, .init(token: token)) }
            #expect(error?.status == .invalidArgument)
            #expect(error?.field == "token")
            #expect(error?.message.contains("city") == true)
        }
    }

    @Test("the training system's key set can be fetched from a URL")
    func keySetOverURL() async throws {
        let training = try await TrainingSystemStandIn()
        var methods = RPCMethods()
        methods.publish(path: "/jwks.json") { Data(training.jwks.utf8) }
        // The stand-in's own keys served by a real HTTP server; identity fetches them with a URL.
        try await withRunningServer(methods: methods, keys: nil) { keyServer in
            try await Fixture.run(jwksOverURL: "\(keyServer.url)/jwks.json") { fixture in
                let token = try await training.token(.init(), kid: "ec-1")
                let session = try await fixture.server.transport().call(Identity.signInWithTrainingToken, .init(token: token))
                #expect(session.roles == [.teacher])
            }
        }
    }

    @Test("a refresh token is used up by refreshing and dead after sign-out")
    func refreshTokens() async throws {
        try await Fixture.run { fixture in
            let anonymous = try fixture.server.transport()
            let first = try await fixture.signIn()
            let second = try await anonymous.call(Identity.refreshSession, .init(refreshToken: first.refreshToken))
            #expect(second.subject == first.subject)
            #expect(second.refreshToken != first.refreshToken)
            let reused = await failure { try await anonymous.call(Identity.refreshSession, .init(refreshToken: first.refreshToken)) }
            #expect(reused?.status == .unauthenticated)
            _ = try await anonymous.call(Identity.signOut, .init(refreshToken: second.refreshToken))
            let afterSignOut = await failure { try await anonymous.call(Identity.refreshSession, .init(refreshToken: second.refreshToken)) }
            #expect(afterSignOut?.status == .unauthenticated)
            #expect(await failure { try await anonymous.call(Identity.refreshSession, .init(refreshToken: "made-up")) }?.status == .unauthenticated)
        }
    }

    @Test("teachers read their own account only; unknown ids are NOT_FOUND")
    func accountReads() async throws {
        try await Fixture.run { fixture in
            let me = try await fixture.signIn()
            var other = Teacher()
            other.trainingID = "330106198502025678"
            let them = try await fixture.signIn(other)
            let teacher = try fixture.transport(me)
            #expect(await failure { try await teacher.call(Identity.getAccount, .init(id: them.subject)) }?.status == .permissionDenied)
            #expect(await failure { try await teacher.call(Identity.getAccounts, .init(ids: [them.subject])) }?.status == .permissionDenied)
            let both = try await fixture.office.call(Identity.getAccounts, .init(ids: [them.subject, "t-none", me.subject]))
            #expect(both.accounts.map(\.id) == [them.subject, me.subject])
            #expect(await failure { try await fixture.office.call(Identity.getAccount, .init(id: "t-none")) }?.status == .notFound)
        }
    }
}
