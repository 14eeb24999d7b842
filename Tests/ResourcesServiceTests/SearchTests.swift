import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCTesting
import ResourcesAPI
import Testing

/// `resources.searchResources`: filters, Chinese text, pages, and visibility.
@Suite("Resources: search", .timeLimit(.minutes(10)))
struct SearchTests {
    @Test("Chinese text matches titles, descriptions and tags, with three or more characters and with two")
    func chineseText() async throws {
        try await ResourcesFixture.run { fixture in
            let fractions = try await fixture.publish("分数的意义单元教学设计", description: "三年级下册")
            let geometry = try await fixture.publish("图形的运动", tags: ["空间观念"], description: "轴对称与平移的分数无关")
            _ = try await fixture.publish("小数乘法练习")
            let anonymous = try fixture.anonymous
            let long = try await anonymous.call(Resources.searchResources, .init(text: "分数的意义"))
            #expect(long.resources.map(\.id) == [fractions.id])
            let short = try await anonymous.call(Resources.searchResources, .init(text: "分数"))
            #expect(Set(short.resources.map(\.id)) == [fractions.id, geometry.id])
            let byTag = try await anonymous.call(Resources.searchResources, .init(text: "空间观念"))
            #expect(byTag.resources.map(\.id) == [geometry.id])
            let twoTerms = try await anonymous.call(Resources.searchResources, .init(text: "分数 三年级"))
            #expect(twoTerms.resources.map(\.id) == [fractions.id])
            #expect(try await anonymous.call(Resources.searchResources, .init(text: "不存在的内容")).resources.isEmpty)
        }
    }

    @Test("filters by studio, type, tag, year and premium; pages in order without repeats")
    func filtersAndPages() async throws {
        try await ResourcesFixture.run { fixture in
            var published: [Resource] = []
            for index in 0..<5 {
                published.append(try await fixture.publish("课例\(index)", tags: index.isMultiple(of: 2) ? ["双减"] : []))
            }
            // Last year's video comes through the office's import (a year kept elsewhere): no one publishes into a
            // past year after its window.
            let file = try await fixture.uploadedPDF("去年录像")
            _ = try await fixture.office.call(
                Resources.importResources,
                .init(entries: [
                    ImportedResource(
                        externalID: "video",
                        authorID: "leader",
                        resource: .init(
                            studioID: fixture.studio.id,
                            title: "示范课录像",
                            type: .video,
                            stage: .primary,
                            subject: "数学",
                            year: ResourcesFixture.year - 1,
                            visibility: .public,
                            files: [file]
                        )
                    )
                ])
            )
            let video = try await fixture.office.call(Resources.getResource, .init(id: "rs-import-video"))
            let lateFile = try await fixture.uploadedPDF("补录")
            let late = await failure {
                try await fixture.leader.call(
                    Resources.createResource,
                    .init(
                        studioID: fixture.studio.id,
                        title: "补录",
                        type: .video,
                        stage: .primary,
                        subject: "数学",
                        year: ResourcesFixture.year - 2,
                        visibility: .public,
                        files: [lateFile]
                    )
                )
            }
            #expect(late?.rule == "R-MGT-2")
            #expect(late?.field == "year")
            let ahead = await failure {
                try await fixture.leader.call(
                    Resources.createResource,
                    .init(
                        studioID: fixture.studio.id,
                        title: "预录",
                        type: .video,
                        stage: .primary,
                        subject: "数学",
                        year: ResourcesFixture.year + 1,
                        visibility: .public,
                        files: [lateFile]
                    )
                )
            }
            #expect(ahead?.field == "year")
            _ = try await fixture.office.call(Resources.markPremium, .init(id: published[1].id, year: ResourcesFixture.year, reason: "示范性强"))
            let anonymous = try fixture.anonymous
            #expect(try await anonymous.call(Resources.searchResources, .init(type: .video)).resources.map(\.id) == [video.id])
            #expect(try await anonymous.call(Resources.searchResources, .init(tag: "双减")).resources.count == 3)
            #expect(try await anonymous.call(Resources.searchResources, .init(year: ResourcesFixture.year - 1)).resources.map(\.id) == [video.id])
            let premium = try await anonymous.call(Resources.searchResources, .init(premium: true, year: ResourcesFixture.year))
            #expect(premium.resources.map(\.id) == [published[1].id])
            #expect(try await anonymous.call(Resources.searchResources, .init(studioID: fixture.otherStudio.id)).resources.isEmpty)

            var seen: [String] = []
            var token: String?
            repeat {
                let page = try await anonymous.call(Resources.searchResources, .init(pageSize: 2, pageToken: token))
                seen += page.resources.map(\.id)
                token = page.nextPageToken
            } while token != nil
            #expect(seen.count == 6)
            #expect(Set(seen) == Set((published + [video]).map(\.id)))
            let bad = await failure { try await anonymous.call(Resources.searchResources, .init(pageToken: "%%%")) }
            #expect(bad?.field == "pageToken")
        }
    }

    @Test("search shows each caller only what they may see")
    func visibility() async throws {
        try await ResourcesFixture.run { fixture in
            let open = try await fixture.publish("公开课例", visibility: .public)
            let signedIn = try await fixture.publish("登录可见课例", visibility: .signedIn)
            let members = try await fixture.publish("成员可见课例", visibility: .studioMembers)
            let anonymous = try await fixture.anonymous.call(Resources.searchResources, .init(text: "课例"))
            #expect(Set(anonymous.resources.map(\.id)) == [open.id])
            let outsider = try await fixture.teacher("outsider").call(Resources.searchResources, .init(text: "课例"))
            #expect(Set(outsider.resources.map(\.id)) == [open.id, signedIn.id])
            let member = try await fixture.teacher("t-core-1").call(Resources.searchResources, .init(text: "课例"))
            #expect(Set(member.resources.map(\.id)) == [open.id, signedIn.id, members.id])
            let otherCity = try await fixture.cityAdmin(.wenzhou).call(Resources.searchResources, .init(text: "课例"))
            #expect(Set(otherCity.resources.map(\.id)) == [open.id, signedIn.id])
        }
    }
}
