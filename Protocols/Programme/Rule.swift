/// The programme's rules (../shared/DOMAIN.md's numbered facts, `R-…`), each with its short statement, and the two
/// the platform adds (R-MEMB-1, R-ACT-1). A refusal cites one as `error.data.rule` and the checklist by its id; a
/// rule not listed here cannot be cited, so a typo in an id does not compile.
public enum Rule: String, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    case geo1 = "R-GEO-1"
    case lvl1 = "R-LVL-1"
    case lvl2 = "R-LVL-2"
    case lvl3 = "R-LVL-3"
    case type1 = "R-TYPE-1"
    case stat1 = "R-STAT-1"
    case comp1 = "R-COMP-1"
    case comp2 = "R-COMP-2"
    case comp3 = "R-COMP-3"
    case comp4 = "R-COMP-4"
    case comp5 = "R-COMP-5"
    case comp6 = "R-COMP-6"
    case comp7 = "R-COMP-7"
    case app1 = "R-APP-1"
    case app2 = "R-APP-2"
    case app3 = "R-APP-3"
    case app4 = "R-APP-4"
    case app5 = "R-APP-5"
    case app6 = "R-APP-6"
    case app7 = "R-APP-7"
    case app8 = "R-APP-8"
    case app9 = "R-APP-9"
    case task1 = "R-TASK-1"
    case task2 = "R-TASK-2"
    case task3 = "R-TASK-3"
    case task4 = "R-TASK-4"
    case task5 = "R-TASK-5"
    case task6 = "R-TASK-6"
    case task7 = "R-TASK-7"
    case task8 = "R-TASK-8"
    case task9 = "R-TASK-9"
    case task10 = "R-TASK-10"
    case feat1 = "R-FEAT-1"
    case feat2 = "R-FEAT-2"
    case feat3 = "R-FEAT-3"
    case feat4 = "R-FEAT-4"
    case mgt1 = "R-MGT-1"
    case mgt2 = "R-MGT-2"
    case mgt3 = "R-MGT-3"
    case mgt4 = "R-MGT-4"
    case mgt5 = "R-MGT-5"
    case mgt6 = "R-MGT-6"
    case mgt7 = "R-MGT-7"
    case mgt8 = "R-MGT-8"
    case memb1 = "R-MEMB-1"
    case act1 = "R-ACT-1"

    /// The id as the notice numbers it, e.g. `R-COMP-2`.
    public var id: String { self.rawValue }

    public var description: String { self.rawValue }

    /// What the rule says, in a line (DOMAIN.md has the whole fact and the notice its Chinese).
    public var statement: String {
        switch self {
        case .geo1: "Cities (设区市): 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水, plus 省直 (province-direct units)"
        case .lvl1: "Three studio levels: province (省级), city (市级), county (县级)"
        case .lvl2: "Studios move between levels: promotion county→city→province and demotion/closure (逐级晋升和降级淘汰), decided from assessment results"
        case .lvl3: "City and county studios are created within existing quotas set by their bureaus"
        case .type1:
            "Education stages (preschool, basic by subject, special, secondary vocational, higher) and studio kinds (subject, class-teacher, vocational)"
        case .stat1: "Attachment 1 of the notice is a per-city count of studios by level (as of 2019-01-28: 223 provincial, 363 city, 109 county)"
        case .comp1: "One leader per studio"
        case .comp2: "Subject leaders: 10 required, at most 15"
        case .comp3: "At least 5 subject leaders come from rural schools or from schools outside the leader's city"
        case .comp4: "At least 1 subject leader is a rural teacher (recruited with relaxed eligibility, see R-APP-6)"
        case .comp5: "Core members: 100 per studio"
        case .comp6: "Network members: unlimited"
        case .comp7: "Each studio pairs with 1 rural school (town or village school, or a weak county vocational school) that it supports"
        case .app1: "Provincial leader eligibility: provincial senior-grade teacher (省正高级教师) or provincial special-grade teacher (省特级教师)"
        case .app2: "Provincial leader path: online application → city recommendation → province office review → shortlisted (入围)"
        case .app3: "Provincial leader applications close on 16 April"
        case .app4: "City and county leader eligibility and process are set by the city/county bureau (configurable per city/county)"
        case .app5:
            "Subject leader eligibility (provincial studios): title secondary-school first grade (中学一级) or above AND a city-level (设区市级) professional honour"
        case .app6: "A rural-school applicant needs only one of the two conditions of R-APP-5"
        case .app7: "Subject leader path: online application with an uploaded scan/photo of the stamped application form → the studio leader reviews"
        case .app8: "Core members apply with their teacher-training account under their real name"
        case .app9: "City recommendation lists should balance education types (including special education)"
        case .task1: "Each subject leader hosts at least 1 research activity"
        case .task2: "Each subject leader gives at least 1 teaching demonstration or lecture at city level or above"
        case .task3: "Each subject leader wins an award in a provincial research-outcome competition or teaching (skills) contest"
        case .task4:
            "The studio completes one branded themed resource (专题资源), or develops 1 micro-course entered in the provincial micro-course collection"
        case .task5: "At least 10 of the studio's resources are selected as premium resources (精品资源)"
        case .task6: "At least 5 research activities (online, offline or both)"
        case .task7: "2 activity cases (研修活动案例) submitted"
        case .task8: "In every activity, at least 50% of the studio's subject leaders take part, and at least 10 people take part"
        case .task9: "At least 1 activity has 50 or more participants"
        case .task10:
            "Rural support: the paired rural school (R-COMP-7), at least 1 rural subject leader (R-COMP-4), at least 1 send-teaching activity (送教) to it"
        case .feat1: "The studio applies to a workstation for one featured project"
        case .feat2: "Live-stream series (名师面对面 / 名师带你学 / 名师课堂): at least 4 live streams on one theme, forming a themed course"
        case .feat3:
            "Course evaluation (评课): at least 4 courses of the year's excellent teaching spaces evaluated, or at least 4 evaluation sessions (online or …"
        case .feat4: "Research outcome: published, or awarded at provincial level or above"
        case .mgt1: "Workstations (2–3) supervise provincial studios and periodically inspect city/county ones"
        case .mgt2: "The province office and workstations assess provincial studios every year and keep a dynamic ranking (动态排名)"
        case .mgt3: "The top 150 provincial studios of the year receive incentive funds in tiers (分档补助)"
        case .mgt4: "Studios that pass get the year's honour badge (年度荣誉勋章)"
        case .mgt5: "Studios that are set up but not built, or built but not used (设而不建、建而不用), are closed"
        case .mgt6:
            "Provincial studio activities count as teacher professional-development training: a leader and each subject leader of a studio that passes earn 30 …"
        case .mgt7: "Provincial studio activities are announced by electronic notices, reviewed by the province office and published on the platform"
        case .mgt8: "Each city names its admins (Attachment 4) and is responsible for network security in its area"
        case .memb1: "A teacher is a subject leader or core member of at most one active provincial studio at a time (a platform rule)"
        case .act1: "A teacher is in one activity at a time: attendance at overlapping activities is refused (a platform rule)"
        }
    }
}
