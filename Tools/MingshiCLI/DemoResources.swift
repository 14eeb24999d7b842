import Crypto
import Foundation
import MembershipAPI
import ResourcesAPI

/// The demonstration resources of the studios of every level: lesson designs, slide decks, micro-courses, a themed
/// series and research outcomes, with premium marks and decisions in realistic proportions — most studios meet
/// R-TASK-4 and R-TASK-5, some fall short. Each carries its own small PDF (one page, its id in a comment), as real
/// uploads would — except in the studios ``DemoData/gaming(of:)`` plants as counting one file as several resources.
enum DemoResources {
    /// A minimal, valid one-page PDF.
    static let samplePDF = Data(
        """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """.utf8
    )

    static var sampleSHA256: String { Self.sha256(Self.samplePDF) }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// The PDF of one resource: the sample with the resource's id in a comment, so every file differs.
    static func pdf(for externalID: String) -> Data { Self.samplePDF + Data("% \(externalID)\n".utf8) }

    /// The resources, and the files they name (by SHA-256) for the seed to upload first.
    static func entries(for studios: [Studio], year: Int, random: inout SeededRandom) -> (entries: [ImportedResource], files: [String: Data]) {
        var files: [String: Data] = [:]
        let kinds: [(String, ResourceType)] = [
            ("单元整体教学设计", .lessonDesign), ("课堂实录课件", .slideDeck), ("作业设计案例", .document),
            ("核心概念微课", .microCourse), ("项目式学习课例", .lessonDesign), ("教研论文", .researchOutcome),
        ]
        var entries: [ImportedResource] = []
        for (index, studio) in studios.enumerated() {
            let diligence = DemoData.diligence(of: index)
            let count = diligence == .idle ? 2 : Int.random(in: 12...24, using: &random)
            let premiumTarget =
                diligence == .diligent
                ? Int.random(in: 10...14, using: &random)
                : (diligence == .idle ? 0 : Int.random(in: 4...11, using: &random))
            var itemIDs: [String] = []
            let copiesOneFile = DemoData.gaming(of: index) == .oneFileManyResources
            for serial in 0..<count {
                let (title, type) = kinds[serial % kinds.count]
                let externalID = "demo-\(year)-\(index)-\(serial)"
                // A gaming studio counts its first lesson file again as its next five resources.
                let pdf = Self.pdf(for: copiesOneFile && serial < 6 ? "demo-\(year)-\(index)-0" : externalID)
                let sha256 = Self.sha256(pdf)
                files[sha256] = pdf
                let file = [ResourceFile(sha256: sha256, fileName: "资料.pdf")]
                let outcome =
                    type == .researchOutcome
                    ? OutcomeRecognition(kind: .awarded, venue: "浙江省教研成果评比", level: .province, date: "\(year)-11-20") : nil
                let resource = CreateResourceRequest(
                    studioID: studio.id,
                    title: "\(studio.subject)\(title)（\(serial + 1)）",
                    type: type,
                    stage: studio.stage,
                    subject: studio.subject,
                    description: "\(studio.name)\(year)年研修成果：\(title)。",
                    tags: [studio.subject, title],
                    year: year,
                    visibility: serial % 3 == 0 ? .studioMembers : .public,
                    files: file,
                    outcome: outcome
                )
                entries.append(
                    ImportedResource(
                        externalID: externalID,
                        authorID: studio.leaderID,
                        resource: resource,
                        createdAt: Date(timeIntervalSince1970: 1_551_398_400 + Double(serial * 86_400 * 9 + index * 600)),
                        premiumYears: serial < premiumTarget ? [year] : nil,
                        microCourseYear: type == .microCourse && serial < 6 ? year : nil,
                        microCourseSelected: type == .microCourse && serial < 6 ? random.chance(0.3) : nil,
                        outcomeApproved: type == .researchOutcome ? (diligence == .diligent || random.chance(0.5)) : nil
                    )
                )
                if itemIDs.count < 4, type != .researchOutcome { itemIDs.append("rs-import-" + externalID) }
            }
            if diligence == .diligent || (diligence == .patchy && random.chance(0.5)) {
                let series = CreateResourceRequest(
                    studioID: studio.id,
                    title: "\(studio.subject)专题资源：大单元教学",
                    type: .themedSeries,
                    stage: studio.stage,
                    subject: studio.subject,
                    description: "工作室年度品牌专题资源。",
                    tags: ["专题资源"],
                    year: year,
                    visibility: .public,
                    series: SeriesParams(theme: "大单元教学", items: itemIDs, branded: true)
                )
                entries.append(
                    ImportedResource(
                        externalID: "demo-\(year)-\(index)-series",
                        authorID: studio.leaderID,
                        resource: series,
                        seriesCompleted: diligence == .diligent || random.chance(0.5)
                    )
                )
            }
        }
        return (entries, files)
    }
}
