import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient

/// The current year's subject-leader applications to one provincial studio, through the checked path (R-APP-5…7):
/// teachers sign in with the demo training system's token, apply with the stamped form, and the studio's leader
/// decides. The office first extends the year's call for subject leaders to the year's end, so the demo round is
/// open whatever the day (the office's right, R-APP-3).
struct DemoApplications {
    struct Applicant {
        let trainingID: String
        let name: String
        let school: String
        let rural: Bool
        let title: String
        let honours: [String]
        /// nil: left for the leader to decide.
        let decision: (approve: Bool, reason: String?)?
    }

    static let applicants: [Applicant] = [
        .init(
            trainingID: "339900001",
            name: "陈静",
            school: "杭州市学军中学",
            rural: false,
            title: "中学一级",
            honours: ["杭州市学科带头人:2018"],
            decision: (true, nil)
        ),
        .init(
            trainingID: "339900002",
            name: "刘洋",
            school: "淳安县汾口镇中学",
            rural: true,
            title: "中学一级",
            honours: [],
            decision: (true, nil)
        ),
        .init(
            trainingID: "339900003",
            name: "赵敏",
            school: "杭州市第十四中学",
            rural: false,
            title: "中学高级",
            honours: ["杭州市教坛新秀:2020"],
            decision: (false, "本年度学科组名额已满，欢迎明年再申报")
        ),
        .init(
            trainingID: "339900004",
            name: "孙丽",
            school: "杭州市长河高级中学",
            rural: false,
            title: "中学高级",
            honours: ["杭州市优秀教师:2019"],
            decision: nil
        ),
        // Below R-APP-5 (second grade, no city-level honour): refused when applying.
        .init(
            trainingID: "339900005",
            name: "周杰",
            school: "杭州市文海实验学校",
            rural: false,
            title: "中学二级",
            honours: [],
            decision: nil
        ),
    ]

    /// A small PNG standing in for the scan of the stamped form.
    static let form = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0x5A, count: 1_024)

    let identityURL: String
    let officeToken: String
    let leaderToken: String
    let trainingDir: String

    /// Answers one line per applicant: what happened.
    func run(studio: Studio) async throws -> [String] {
        let office = try HTTP2Transport(url: self.identityURL, token: self.officeToken)
        let leader = try HTTP2Transport(url: self.identityURL, token: self.leaderToken)
        let year = Self.chinaYear(Date())
        let calendar = try await office.call(Identity.getCalendar, .init(year: year))
        let yearEnd = Self.endOfYear(year)
        if calendar.subjectLeaderApplicationsClose < yearEnd {
            var extended = calendar
            extended.subjectLeaderApplicationsClose = yearEnd
            _ = try await office.call(Identity.setCalendar, extended, options: .init(idempotencyKey: "seed-calendar-\(year)"))
        }
        let existing = try await leader.call(Identity.listSubjectLeaderApplications, .init(year: year, studioID: studio.id)).applications
        var lines: [String] = []
        for applicant in Self.applicants {
            let accountID = "t-" + applicant.trainingID
            if let known = existing.first(where: { $0.applicantID == accountID }) {
                lines.append("\(applicant.name): \(known.status.rawValue) (already)")
                continue
            }
            let token = try await DemoTrainingToken.sign(
                dir: self.trainingDir,
                trainingID: applicant.trainingID,
                name: applicant.name,
                school: applicant.school,
                city: "杭州",
                county: applicant.rural ? "淳安县" : "西湖区",
                rural: applicant.rural,
                stage: "初中",
                subject: "英语",
                title: applicant.title,
                honours: applicant.honours
            )
            let session = try await HTTP2Transport(url: self.identityURL).call(Identity.signInWithTrainingToken, .init(token: token))
            let teacher = try HTTP2Transport(url: self.identityURL, token: session.accessToken)
            let application: SubjectLeaderApplication
            do {
                application = try await teacher.call(
                    Identity.applyAsSubjectLeader,
                    .init(
                        year: year,
                        studioID: studio.id,
                        phone: "1380000\(applicant.trainingID.suffix(4))",
                        formBase64: Self.form.base64EncodedString()
                    )
                )
            } catch let error as RPCError {
                lines.append("\(applicant.name): refused when applying — \(error.message) [\(error.rule ?? "")]")
                continue
            }
            guard let decision = applicant.decision else {
                lines.append("\(applicant.name): awaiting the leader (\(application.eligibility))")
                continue
            }
            do {
                let decided = try await leader.call(
                    Identity.reviewSubjectLeaderApplication,
                    .init(
                        id: application.id,
                        approve: decision.approve,
                        reason: decision.reason
                    )
                )
                lines.append("\(applicant.name): \(decided.status.rawValue) (\(application.eligibility))")
            } catch let error as RPCError {
                // A full subject-leader group (R-COMP-2) keeps the application waiting.
                lines.append("\(applicant.name): awaiting the leader — \(error.message)")
            }
        }
        return lines
    }

    static func chinaYear(_ date: Date) -> Int {
        ChinaCalendar.year(of: date)
    }

    /// 23:59:59 on 31 December of `year`, China time.
    static func endOfYear(_ year: Int) -> Date {
        ChinaCalendar.endOfDay(year: year, month: 12, day: 31) ?? Date()
    }
}
