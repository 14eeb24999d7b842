import ActivitiesAPI
import Foundation
import MembershipAPI
import Programme

/// A year of demonstration activities for the studios of every level, closed with their participants, plus subject
/// leaders' lectures and awards, cases and featured projects — in realistic proportions: most studios meet the
/// basic tasks (R-TASK-1…R-TASK-10, R-FEAT-1…R-FEAT-3), some miss one or several, a few barely run at all.
enum DemoActivities {
    struct Plan {
        var activities: [ImportedActivity] = []
        var records: [ImportedRecord] = []
        var projects: [ImportedProject] = []
    }

    /// `subjectLeaders`, `coreMembers` and `networkMembers`: each studio's roster, by teacher id. Everyone counted
    /// is an account on the studio's roster; an audience larger than the core members comes from the network.
    static func plan(
        for studios: [Studio],
        subjectLeaders: [String: [String]],
        coreMembers: [String: [String]],
        networkMembers: [String: [String]] = [:],
        year: Int,
        random: inout SeededRandom
    ) -> Plan {
        var plan = Plan()
        for (index, studio) in studios.enumerated() {
            let leaders = subjectLeaders[studio.id] ?? []
            let cores = coreMembers[studio.id] ?? []
            let network = networkMembers[studio.id] ?? []
            let diligence = DemoData.diligence(of: index)
            let diligent = diligence == .diligent
            let idle = diligence == .idle
            // A diligent studio holds enough activities for every subject leader to host one (R-TASK-1).
            let count =
                idle
                ? Int.random(in: 0...1, using: &random)
                : (diligent ? max(leaders.count, Int.random(in: 6...10, using: &random)) : Int.random(in: 3...5, using: &random))
            let projectType: FeaturedProject.ProjectType = [.liveStreamSeries, .courseEvaluation, .researchOutcome][index % 3]
            let projectID = "demo-\(year)-\(index)-project"
            if !idle {
                plan.projects.append(
                    ImportedProject(
                        externalID: projectID,
                        project: .init(
                            studioID: studio.id,
                            year: year,
                            type: projectType,
                            theme: "\(studio.subject)名师课堂",
                            description: "年度特色项目"
                        ),
                        status: diligent || random.chance(0.5) ? .approved : .pending
                    )
                )
            }
            for serial in 0..<count {
                // Spread from mid-February (after the rosters of 1 February) to early December, China time.
                let start = Date(
                    timeIntervalSince1970: Self.yearStart(year) + Double(40 + serial * 300 / max(1, count) + index % 10) * 86_400 + 6 * 3600
                )
                let host = serial < leaders.count && (diligent || serial % 2 == 0) ? leaders[serial] : studio.leaderID
                let kind: ActivityKind
                var project: String?
                switch serial {
                case 0: kind = .sendTeaching
                case 1...4 where !idle && projectType != .researchOutcome && (diligent || serial < 3):
                    kind = projectType == .liveStreamSeries ? .liveStream : .courseEvaluation
                    project = projectID
                default: kind = .research
                }
                let leaderShare = diligent ? Double.random(in: 0.5...1, using: &random) : Double.random(in: 0.2...0.8, using: &random)
                let present = Array(leaders.shuffled(using: &random).prefix(Int((Double(leaders.count) * leaderShare).rounded(.up))))
                let audience =
                    serial == 2 && diligent
                    ? Int.random(in: 50...90, using: &random)
                    : Int.random(in: diligent ? 12...40 : 6...40, using: &random)
                let attendees =
                    Array(cores.shuffled(using: &random).prefix(audience))
                    + network.shuffled(using: &random).prefix(max(0, audience - cores.count))
                var participants = Array(Set([host, studio.leaderID] + present + attendees))
                // A gaming studio's every activity has the same people: all its subject leaders and fifty core members.
                if DemoData.gaming(of: index) == .sameAudience {
                    participants = Array(Set([host, studio.leaderID] + leaders + cores.prefix(50)))
                }
                plan.activities.append(
                    ImportedActivity(
                        externalID: "demo-\(year)-\(index)-\(serial)",
                        studioID: studio.id,
                        title: "\(studio.subject)\(kind == .sendTeaching ? "送教下乡" : "主题研修")第\(serial + 1)期",
                        kind: kind,
                        mode: serial.isMultiple(of: 2) ? .both : .online,
                        startsAt: start,
                        endsAt: start.addingTimeInterval(3 * 3600),
                        hostID: host,
                        participants: participants,
                        caseTitle: serial < (diligent ? 2 : 1) ? "\(studio.subject)研修活动案例\(serial + 1)" : nil,
                        projectExternalID: project
                    )
                )
            }
            for (serial, teacher) in leaders.enumerated() where !idle && (diligent || random.chance(0.6)) {
                let day = "\(year)-\(String(format: "%02d", 3 + serial % 8))-15"
                plan.records.append(
                    ImportedRecord(
                        externalID: "demo-\(year)-\(index)-lecture-\(serial)",
                        record: .init(
                            studioID: studio.id,
                            teacherID: teacher,
                            kind: .lecture,
                            title: "市级示范课",
                            level: diligent || random.chance(0.8) ? .city : .school,
                            date: day,
                            evidence: Evidence(sha256: DemoResources.sampleSHA256)
                        )
                    )
                )
                plan.records.append(
                    ImportedRecord(
                        externalID: "demo-\(year)-\(index)-award-\(serial)",
                        record: .init(
                            studioID: studio.id,
                            teacherID: teacher,
                            kind: .award,
                            title: "浙江省教坛新秀评比",
                            level: diligent || random.chance(0.7) ? .province : .city,
                            rank: "一等奖",
                            date: day,
                            evidence: Evidence(sha256: DemoResources.sampleSHA256)
                        )
                    )
                )
            }
        }
        return plan
    }

    /// 1 January of `year`, 00:00 China time.
    static func yearStart(_ year: Int) -> TimeInterval {
        (ChinaCalendar.date(year: year, month: 1, day: 1) ?? Date(timeIntervalSince1970: 0)).timeIntervalSince1970
    }
}
