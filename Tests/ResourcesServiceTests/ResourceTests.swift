import Auth
import Foundation
import JSONRPC
import MembershipAPI
import MembershipService
import RPCTesting
import ResourcesAPI
import ResourcesService
import Testing

/// resources.createResource asks the real membership service whether the studio exists.
@Suite("Resources: publishing a resource in a studio", .timeLimit(.minutes(2)))
struct ResourceTests {
    @Test("a teacher publishes a resource in an existing studio; an unknown studio is NOT_FOUND naming studioID")
    func publish() async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            let jwks = try keys.writeJWKS(in: directory)
            try await withRunningService(MembershipService.definition, dataDirectory: directory, jwksFile: jwks) { membership in
                let office = try membership.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
                let studio = try await office.call(Membership.createStudio, .init(
                    name: "小学数学名师网络工作室", level: .province, city: .ningbo, stage: .primary, subject: "数学",
                    kind: .subject, leaderID: "t-1"))
                try await withRunningService(ResourcesService.definition, dataDirectory: directory, jwksFile: jwks,
                                             peers: ["membership": membership.url, "identity": "http://127.0.0.1:1"]) { resources in
                    let teacher = try resources.transport(token: try await keys.token(subject: "t-7", roles: .teacher))
                    let request = CreateResourceRequest(studioID: studio.id, title: "分数的意义 教学设计", type: .lessonDesign,
                                                        year: 2026, visibility: .signedIn)
                    let created = try await teacher.call(Resources.createResource, request)
                    #expect(created.authorID == "t-7")
                    #expect(try await teacher.call(Resources.getResource, .init(id: created.id)) == created)

                    var unknown = request
                    unknown.studioID = "st-missing"
                    do {
                        _ = try await teacher.call(Resources.createResource, unknown)
                        Issue.record("a resource was created in a studio that does not exist")
                    } catch let error as RPCError {
                        #expect(error.status == .notFound)
                        #expect(error.field == "studioID")
                    }
                    let officeHere = try resources.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
                    await #expect(throws: RPCError.permissionDenied("resources.createResource needs one of the roles teacher")) {
                        try await officeHere.call(Resources.createResource, request)
                    }
                }
            }
        }
    }

    @Test("with membership down, publishing fails with UNAVAILABLE instead of guessing")
    func membershipDown() async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            let jwks = try keys.writeJWKS(in: directory)
            try await withRunningService(ResourcesService.definition, dataDirectory: directory, jwksFile: jwks,
                                         peers: ["membership": "http://127.0.0.1:1", "identity": "http://127.0.0.1:1"]) { resources in
                let teacher = try resources.transport(token: try await keys.token(subject: "t-7", roles: .teacher))
                do {
                    _ = try await teacher.call(Resources.createResource, .init(
                        studioID: "st-1", title: "x", type: .document, year: 2026, visibility: .public))
                    Issue.record("created without asking membership")
                } catch let error as RPCError {
                    #expect(error.status == .unavailable)
                }
            }
        }
    }
}
