import AssessmentAPI
import Foundation
import MembershipAPI
import Programme
import ResourcesAPI

/// The demonstration data set, built from the 2019 notice (seed/programme-notice-2019.txt).
enum DemoData {
    /// Attachment 1: studios per city and level as of 2019-01-28 (provincial, city, county).
    static let attachment1: [(City, Int, Int, Int)] = [
        (.hangzhou, 40, 17, 6), (.ningbo, 29, 13, 0), (.wenzhou, 27, 58, 0), (.jiaxing, 16, 47, 0),
        (.huzhou, 13, 36, 11), (.shaoxing, 14, 22, 0), (.jinhua, 29, 25, 50), (.quzhou, 7, 109, 26),
        (.zhoushan, 4, 0, 0), (.taizhou, 25, 36, 0), (.lishui, 10, 0, 16), (.provinceDirect, 9, 0, 0),
    ]

    /// Counties (县/市/区) of each city used by the demo (R-GEO-1); province-direct units have none.
    static let counties: [City: [String]] = [
        .hangzhou: ["西湖区", "上城区", "拱墅区", "余杭区", "萧山区", "桐庐县"],
        .ningbo: ["海曙区", "江北区", "鄞州区", "余姚市", "慈溪市", "宁海县", "象山县"],
        .wenzhou: ["鹿城区", "龙湾区", "瑞安市", "乐清市", "永嘉县", "平阳县", "苍南县"],
        .jiaxing: ["南湖区", "秀洲区", "海宁市", "平湖市", "桐乡市", "嘉善县", "海盐县"],
        .huzhou: ["吴兴区", "南浔区", "德清县", "长兴县", "安吉县"],
        .shaoxing: ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县"],
        .jinhua: ["婺城区", "金东区", "义乌市", "东阳市", "永康市", "兰溪市", "武义县", "浦江县", "磐安县"],
        .quzhou: ["柯城区", "衢江区", "江山市", "常山县", "开化县", "龙游县"],
        .zhoushan: ["定海区", "普陀区", "岱山县", "嵊泗县"],
        .taizhou: ["椒江区", "黄岩区", "路桥区", "临海市", "温岭市", "玉环市", "天台县", "仙居县", "三门县"],
        .lishui: ["莲都区", "龙泉市", "青田县", "缙云县", "遂昌县", "松阳县", "云和县", "庆元县", "景宁县"],
    ]

    /// Stage, subject and kind, in the balance R-APP-9 asks for (English, class teachers, PE, music, IT, …).
    static let subjects: [(Stage, String, StudioKind)] = [
        (.primary, "语文", .subject), (.primary, "数学", .subject), (.juniorSecondary, "英语", .subject),
        (.seniorSecondary, "物理", .subject), (.juniorSecondary, "班主任", .classTeacher), (.primary, "体育", .subject),
        (.primary, "音乐", .subject), (.seniorSecondary, "信息技术", .subject), (.seniorSecondary, "通用技术", .subject),
        (.preschool, "学前教育", .subject), (.special, "特殊教育", .subject), (.vocational, "数控技术", .vocational),
        (.vocational, "电子商务", .vocational), (.juniorSecondary, "科学", .subject), (.seniorSecondary, "历史", .subject),
        (.primary, "综合实践", .subject),
    ]

    /// The workstations (名师工作站) supervising provincial studios (R-MGT-1).
    static let workstations = ["ws-hangzhou", "ws-ningbo", "ws-wenzhou"]

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程")

    /// The leader of demo studio `serial`: the account of row `serial` of the generated training roster
    /// (`mingshi generate-roster`, 师训编号 330000000 + row), so leaders can sign in and be shortlisted (R-APP-2).
    static func leaderID(_ serial: Int) -> String { "t-\(330_000_000 + serial)" }

    /// Attachment 1's studios, or `scale` of them per city and level (rounded up, so every city and level of the
    /// notice keeps at least one).
    static func studios(scale: Double = 1) -> [CreateStudioRequest] {
        var plans: [CreateStudioRequest] = []
        var serial = 0
        for (city, provincial, cityLevel, county) in Self.attachment1 {
            for (level, count) in [(StudioLevel.province, provincial), (.city, cityLevel), (.county, county)] {
                for index in 0..<Int((Double(count) * scale).rounded(.up)) {
                    let (stage, subject, kind) = Self.subjects[serial % Self.subjects.count]
                    let leader = "\(Self.surnames[serial % Self.surnames.count])老师"
                    // City and county studios lie in a county (a city studio demoted one level stays there, R-LVL-2).
                    let countyName = level == .province ? nil : Self.counties[city]?[index % (Self.counties[city]?.count ?? 1)]
                    let place = level == .county ? (countyName ?? city.chineseName) : city.chineseName
                    plans.append(
                        CreateStudioRequest(
                            name: "\(place)\(leader)\(subject)名师网络工作室",
                            level: level,
                            city: city,
                            county: countyName,
                            stage: stage,
                            subject: subject,
                            kind: kind,
                            leaderID: Self.leaderID(serial)
                        )
                    )
                    serial += 1
                }
            }
        }
        return plans
    }

    static func resourceTitles(for studio: Studio) -> [(String, ResourceType)] {
        [("\(studio.subject)单元整体教学设计", .lessonDesign), ("\(studio.subject)微课：核心概念十分钟", .microCourse)]
    }

    static func activityStart(_ index: Int) -> Date {
        // Spread over the 2019 school year, from March.
        Date(timeIntervalSince1970: 1_551_398_400 + Double(index % 200) * 86_400)
    }

    /// How a demo studio works through the year: most as the notice asks, some patchily, a few hardly at all (R-MGT-5).
    enum Diligence { case diligent, patchy, idle }

    /// How a few studios game their year, for the anomaly flags to find (the rest do nothing odd).
    enum Gaming { case sameAudience, oneFileManyResources }

    /// Three studios of each kind among the first 260, all otherwise diligent.
    static func gaming(of index: Int) -> Gaming? {
        switch index {
        case 5, 105, 205: .sameAudience
        case 6, 106, 206: .oneFileManyResources
        default: nil
        }
    }

    /// 72 % diligent, 20 % patchy, 8 % idle, spread evenly over the studios.
    static func diligence(of index: Int) -> Diligence {
        switch index % 25 {
        case 0..<18: .diligent
        case 18..<23: .patchy
        default: .idle
        }
    }
}
