import Auth
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCTesting
import ResourcesAPI
import Testing

/// Publishing and editing resources: who may, what is checked, who sees what.
@Suite("Resources: publishing, editing and visibility", .timeLimit(.minutes(10)))
struct PublishingTests {
    @Test("the leader, a subject leader and a core member publish; the author is the caller")
    func publishers() async throws {
        try await ResourcesFixture.run { fixture in
            for author in ["leader", "t-sl-1", "t-core-1"] {
                let resource = try await fixture.publish("分数的意义教学设计", by: try await fixture.teacher(author))
                #expect(resource.authorID == author)
                #expect(resource.files.first?.mediaType == "application/pdf")
                #expect(resource.files.first?.size != nil)
            }
        }
    }

    @Test("network members, outsiders and the office may not publish in the studio")
    func publishRefusals() async throws {
        try await ResourcesFixture.run { fixture in
            let network = await failure { try await fixture.publish("x", by: try await fixture.teacher("t-net-1")) }
            #expect(network?.status == .permissionDenied)
            #expect(network?.message.contains("network members do not publish") == true)
            let outsider = await failure { try await fixture.publish("x", by: try await fixture.teacher("outsider")) }
            #expect(outsider?.status == .permissionDenied)
            #expect(outsider?.field == "studioID")
            let office = await failure { try await fixture.publish("x", by: try await fixture.office) }
            #expect(office?.status == .permissionDenied)
            let otherStudio = await failure { try await fixture.publish("x", studio: fixture.otherStudio) }
            #expect(otherStudio?.status == .permissionDenied)
        }
    }

    @Test("a file that was never uploaded, an unknown studio and a missing file list are refused, naming the field")
    func publishValidation() async throws {
        try await ResourcesFixture.run { fixture in
            let leader = try await fixture.leader
            let missing = String(repeating: "ab", count: 32)
            var request = CreateResourceRequest(
                studioID: fixture.studio.id,
                title: "课件",
                type: .slideDeck,
                stage: .primary,
                subject: "数学",
                year: ResourcesFixture.year,
                visibility: .public,
                files: [.init(sha256: missing, fileName: "a.pptx")]
            )
            let notUploaded = await failure { try await leader.call(Resources.createResource, request) }
            #expect(notUploaded?.status == .notFound)
            #expect(notUploaded?.field == "files[0].sha256")
            request.files = []
            let noFiles = await failure { try await leader.call(Resources.createResource, request) }
            #expect(noFiles?.field == "files")
            request.files = [.init(sha256: "NOT-HEX", fileName: "a.pptx")]
            #expect(await failure { try await leader.call(Resources.createResource, request) }?.field == "files[0].sha256")
            request.files = [try await fixture.uploadedPDF("课件")]
            request.studioID = "st-missing"
            let unknown = await failure { try await leader.call(Resources.createResource, request) }
            #expect(unknown?.status == .notFound)
            #expect(unknown?.field == "studioID")
            request.studioID = fixture.studio.id
            request.type = .researchOutcome
            let noRecognition = await failure { try await leader.call(Resources.createResource, request) }
            #expect(noRecognition?.field == "outcome")
            #expect(noRecognition?.rule == "R-FEAT-4")
        }
    }

    @Test("the author and the leader edit; another member may not")
    func editing() async throws {
        try await ResourcesFixture.run { fixture in
            let resource = try await fixture.publish("初稿", by: try await fixture.teacher("t-core-1"))
            let byAuthor = try await fixture.teacher("t-core-1").call(
                Resources.updateResource,
                .init(
                    id: resource.id,
                    title: "修订稿",
                    tags: ["单元教学"]
                )
            )
            #expect(byAuthor.title == "修订稿")
            #expect(byAuthor.tags == ["单元教学"])
            let byLeader = try await fixture.leader.call(Resources.updateResource, .init(id: resource.id, visibility: .studioMembers))
            #expect(byLeader.visibility == .studioMembers)
            let bySubjectLeader = await failure {
                try await fixture.teacher("t-sl-1").call(Resources.updateResource, .init(id: resource.id, title: "x"))
            }
            #expect(bySubjectLeader?.status == .permissionDenied)
            let history = try await fixture.leader.call(Resources.getResourceHistory, .init(id: resource.id))
            #expect(history.events.map(\.kind) == [.created, .updated, .updated])
        }
    }

    @Test("a members-only resource: members, the workstation and the city's admin see it; others are refused")
    func visibility() async throws {
        try await ResourcesFixture.run { fixture in
            let resource = try await fixture.publish("内部研讨纪要", visibility: .studioMembers)
            let ref = ResourceRef(id: resource.id)
            for viewer in [
                try await fixture.teacher("t-net-1"), try await fixture.workstation("ws-west"),
                try await fixture.cityAdmin(.ningbo), try await fixture.office,
            ] {
                #expect(try await viewer.call(Resources.getResource, ref) == resource)
            }
            #expect(await failure { try await fixture.teacher("outsider").call(Resources.getResource, ref) }?.status == .permissionDenied)
            #expect(await failure { try await fixture.cityAdmin(.wenzhou).call(Resources.getResource, ref) }?.status == .permissionDenied)
            #expect(await failure { try await fixture.anonymous.call(Resources.getResource, ref) }?.status == .unauthenticated)

            let signedIn = try await fixture.publish("公开研讨纪要", visibility: .signedIn)
            #expect(try await fixture.teacher("outsider").call(Resources.getResource, .init(id: signedIn.id)).id == signedIn.id)
            #expect(await failure { try await fixture.anonymous.call(Resources.getResource, .init(id: signedIn.id)) } != nil)
        }
    }
}
