import AssessmentAPI

/// The checklist's lines in Chinese for the page (the rule set states them in English, for the API and its
/// operators), by what each line measures; a line the console does not know keeps the rule set's own words.
extension Pages {
    static let checklistWords: [String: String] = [
        "subjectLeaders.atLeast": "学科带头人不少于 10 人",
        "subjectLeaders.atMost": "学科带头人不超过 15 人",
        "ruralOrOtherCitySubjectLeaders.atLeast": "来自农村学校或外地市的学科带头人不少于 5 人",
        "ruralSubjectLeaders.atLeast": "至少 1 名农村学科带头人",
        "coreMembers.atLeast": "核心成员 100 人",
        "coreMembersWithoutMentor.atMost": "每名核心成员都有学科带头人指导（未配导师的人数）",
        "pairedSchool.atLeast": "结对帮扶 1 所农村学校",
        "subjectLeadersWithoutHostedActivity.atMost": "每名学科带头人至少主持 1 次研修活动（未主持的人数）",
        "subjectLeadersWithoutCityLecture.atMost": "每名学科带头人至少开设 1 次市级及以上示范课或讲座（未开设的人数）",
        "subjectLeadersWithoutProvincialAward.atMost": "每名学科带头人在省级成果评比或教学（技能）比赛中获奖（未获奖的人数）",
        "themedSeriesOrMicroCourse.atLeast": "完成 1 个品牌专题资源，或开发 1 节微课参加省级征集",
        "premiumResources.atLeast": "精品资源不少于 10 个",
        "activitiesHeld.atLeast": "研修活动不少于 5 次",
        "cases.atLeast": "提交 2 个研修活动案例",
        "activitiesBelowAttendanceFloor.atMost": "每次活动学科带头人参与过半且不少于 10 人（未达到的活动数）",
        "activitiesOf50.atLeast": "至少 1 次活动参与人数达 50 人以上",
        "sendTeaching.atLeast": "到结对学校送教至少 1 次",
        "featuredProjectApproved.atLeast": "特色项目经名师工作站批准",
        "featuredProjectComplete.atLeast": "特色项目完成（4 次直播、4 次评课或 1 项认定的研究成果）",
    ]

    /// What each counted number is, in Chinese (a line's page heading).
    static let metricNames: [Metric: String] = [
        .subjectLeaders: "学科带头人", .ruralOrOtherCitySubjectLeaders: "农村或外地市学科带头人", .ruralSubjectLeaders: "农村学科带头人",
        .coreMembers: "核心成员", .coreMembersWithoutMentor: "未配导师的核心成员", .networkMembers: "网络学员", .pairedSchool: "结对学校",
        .subjectLeadersWithoutHostedActivity: "未主持活动的学科带头人", .subjectLeadersWithoutCityLecture: "未开设市级以上讲座的学科带头人",
        .subjectLeadersWithoutProvincialAward: "未获省级奖项的学科带头人", .activitiesHeld: "已举行的研修活动",
        .activitiesBelowAttendanceFloor: "参与未达标的活动", .activitiesOf50: "50 人以上的活动", .participants: "参与人次", .cases: "活动案例",
        .sendTeaching: "送教活动", .featuredProjectApproved: "批准的特色项目", .featuredProjectComplete: "完成的特色项目",
        .activitiesImported: "导入的活动", .resourcesPublished: "发布的资源", .premiumResources: "精品资源",
        .themedSeriesOrMicroCourse: "品牌专题或微课", .researchOutcomesApproved: "认定的研究成果",
    ]

    /// `check` with its description in Chinese where the console knows the line.
    static func inChinese(_ check: CheckResult) -> CheckResult {
        var check = check
        let key = "\(check.metric.rawValue).\(check.comparison == .atMost ? "atMost" : "atLeast")"
        check.description = Self.checklistWords[key] ?? check.description
        return check
    }
}
