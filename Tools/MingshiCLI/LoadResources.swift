import ArgumentParser
import Foundation
import JSONRPC
import MembershipAPI
import RPCClient
import ResourcesAPI

/// `mingshi load-resources`: resources at the scale of the province for the resources benchmark — by default
/// 100,000 over every active studio, titles and descriptions drawn from a vocabulary of teaching topics so text
/// search has realistic work, a fifth premium, through `resources.importResources`, each with its own uploaded PDF
/// (real uploads differ; one file shared by all would make every studio a duplicate-content flag).
struct LoadResources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load resources at the scale of the province (benchmark).")

    @OptionGroup var endpoints: Endpoints
    @Option var count = 100_000
    @Option var year = 2026
    @Option var seed: UInt64 = 1

    static let topics = [
        "分数的意义", "单元整体教学", "大概念教学", "项目式学习", "跨学科主题学习", "作业设计", "课堂评价",
        "核心素养", "深度学习", "整本书阅读", "实验探究", "信息技术融合", "劳动教育", "乡村教育振兴",
        "幼小衔接", "双减背景下的课堂", "情境教学", "问题链设计", "思维可视化", "学习任务群",
    ]
    static let forms = ["教学设计", "课件", "课堂实录", "微课", "案例分析", "研究报告", "教学反思", "说课稿"]

    func run() async throws {
        let membership = try await self.endpoints.transport("membership")
        let resources = try await self.endpoints.transport("resources")
        var studios: [Studio] = []
        var token: String?
        repeat {
            let page = try await membership.call(Membership.listStudios, .init(pageSize: 500, pageToken: token))
            studios += page.studios
            token = page.nextPageToken
        } while token != nil
        guard !studios.isEmpty else { throw ValidationError("no studios: load membership first") }

        let types: [ResourceType] = [.document, .slideDeck, .video, .lessonDesign, .microCourse, .audio, .imageSet]
        var random = SeededRandom(seed: self.seed)
        let clock = ContinuousClock()
        let start = clock.now
        var loaded = 0
        var batch: [ImportedResource] = []
        var files: [(String, Data)] = []
        for index in 0..<self.count {
            let pdf = DemoResources.pdf(for: "scale-\(self.seed)-\(index)")
            let sha256 = DemoResources.sha256(pdf)
            files.append((sha256, pdf))
            let file = [ResourceFile(sha256: sha256, fileName: "资料.pdf")]
            let studio = studios[index % studios.count]
            let topic = Self.topics[Int.random(in: 0..<Self.topics.count, using: &random)]
            let form = Self.forms[Int.random(in: 0..<Self.forms.count, using: &random)]
            let resource = CreateResourceRequest(
                studioID: studio.id,
                title: "\(studio.subject)\(topic)\(form)（第\(index / studios.count + 1)辑）",
                type: types[index % types.count],
                stage: studio.stage,
                subject: studio.subject,
                description: "\(studio.name)围绕\(topic)开展研修形成的\(form)。",
                tags: [topic, form],
                year: self.year,
                visibility: index % 4 == 0 ? .studioMembers : .public,
                files: file
            )
            batch.append(
                ImportedResource(
                    externalID: "scale-\(self.seed)-\(index)",
                    authorID: studio.leaderID,
                    resource: resource,
                    createdAt: Date(timeIntervalSince1970: 1_767_225_600 + Double(index) * 60),
                    premiumYears: random.chance(0.2) ? [self.year] : nil
                )
            )
            if batch.count == 5_000 || index == self.count - 1 {
                _ = try await Seed.concurrently(files, limit: 16) { sha256, pdf in
                    let upload = try await resources.send("PUT", path: "/files/\(sha256)", body: DataBodySource(pdf))
                    guard [200, 201].contains(upload.status) else { throw RPCError(.internal, "upload answered \(upload.status)") }
                    return upload.status
                }
                files.removeAll(keepingCapacity: true)
                for page in Pages.of(batch, maxCount: 5_000) {
                    let result = try await resources.call(
                        Resources.importResources,
                        .init(entries: page),
                        options: .init(timeout: .seconds(300))
                    )
                    loaded += result.imported + result.unchanged
                }
                batch.removeAll(keepingCapacity: true)
                if Terminal.isInteractive { Terminal.progress("resources", loaded) }
            }
        }
        let elapsed = LoadMembership.seconds(clock.now - start)
        print(
            "resources imported: \(loaded) over \(studios.count) studios in \(String(format: "%.1f", elapsed)) s (\(Int(Double(loaded) / max(0.001, elapsed))) per second)"
        )
    }
}
