import Foundation
import JSONRPC
import Programme

/// Methods of the assessment service: yearly rule sets, runs that pull every provincial studio's metrics from
/// membership, resources and activities, rankings, tiers, badges, idle studios, level-change proposals, credits.
/// Codes 5000–5999.
public enum Assessment {
    /// Loads a new version of a year's rule set (validated; errors name the field). Once the year's ranking is
    /// frozen, a new version needs `supersedeReason` and never changes the frozen run.
    public static let loadRuleSet = RPCMethod<LoadRuleSetRequest, RuleSetVersion>(
        "assessment.loadRuleSet",
        summary: "Loads a new version of a year's rule set.",
        access: .only(.provinceOffice),
        mutates: true
    )

    /// The current rule set of a year (the 2019 default if none was loaded).
    public static let getRuleSet = RPCMethod<AssessmentYear, RuleSetVersion>(
        "assessment.getRuleSet",
        summary: "The current rule set of a year.",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    /// A city's bureau (its city admin) sets the floor of its city studios for a year, a county's (its county
    /// admin) its county studios', within the ranges of the year's rule set; the office may set any. A new floor
    /// replaces the last, whose version is kept; none once the year is frozen.
    /// - Errors: `PERMISSION_DENIED` outside the caller's city or county (R-APP-4); `INVALID_ARGUMENT` naming the
    ///   threshold and the range (R-APP-4); `FAILED_PRECONDITION` R-MGT-2 once the year is frozen.
    public static let setBureauFloor = RPCMethod<SetBureauFloorRequest, BureauFloor>(
        "assessment.setBureauFloor",
        summary: "A city's or county's bureau sets its level's floor within the office's ranges (R-APP-4).",
        access: .only(.provinceOffice, .cityAdmin, .countyAdmin),
        mutates: true,
        idempotent: true
    )

    /// Every bureau's floor of a year as it stands.
    public static let listBureauFloors = RPCMethod<AssessmentYear, BureauFloorList>(
        "assessment.listBureauFloors",
        summary: "The bureaus' city and county floors of a year (R-APP-4).",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    /// Runs the year's assessment: pulls the metrics of every provincial studio concurrently, checks, scores,
    /// ranks, tiers; stores the snapshot and results. A failed pull fails the run naming the service, with its status (`UNAVAILABLE` if it cannot be reached).
    public static let runAssessment = RPCMethod<AssessmentYear, RunSummary>(
        "assessment.runAssessment",
        summary: "Pulls metrics and computes the year's (live) ranking (R-MGT-2).",
        access: .only(.provinceOffice),
        mutates: true
    )

    /// Freezes a run as the year's final ranking; it never changes afterwards, and credits are granted (R-MGT-6).
    public static let freezeRun = RPCMethod<RunRef, RunSummary>(
        "assessment.freezeRun",
        summary: "Makes a run the year's final ranking and grants credits.",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// Applies a frozen run's outcomes: closures and demotions to membership, shortlisting to identity; idempotent.
    public static let applyOutcomes = RPCMethod<RunRef, OutcomesApplied>(
        "assessment.applyOutcomes",
        summary: "Applies a frozen run's closures, demotions and shortlisting.",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    public static let listRuns = RPCMethod<AssessmentYear, [RunSummary]>(
        "assessment.listRuns",
        summary: "A year's runs, newest first.",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    /// The ranking table: open to every admin; filters by city, workstation, tier, passed.
    public static let getRanking = RPCMethod<RankingRequest, RankingPage>(
        "assessment.getRanking",
        summary: "A year's ranking, filterable by city, workstation, tier, passed.",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    /// A studio's report: every rule, number and source, and the points behind its score. The office, the studio's
    /// workstation and its leader.
    public static let getStudioReport = RPCMethod<StudioReportRequest, StudioReport>(
        "assessment.getStudioReport",
        summary: "A studio's checklist, numbers, sources and score breakdown.",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .teacher)
    )

    /// One line of a studio's result opened onto the records it counted, paged: each record with its owner, the
    /// owner's method and params that answer it, its date and what it contributed. For whoever may read the report.
    /// - Errors: `NOT_FOUND` (no such run or studio in it), `PERMISSION_DENIED` as for the report.
    public static let getLineRecords = RPCMethod<LineRecordsRequest, LineRecordsPage>(
        "assessment.getLineRecords",
        summary: "One line of a studio's result opened onto the records it counted.",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .teacher)
    )

    /// The flags a run raised (the year's frozen run, else its latest): the office's on every studio, a
    /// workstation's on its studios, a city admin's on its city's city and county studios, a leader's on their own.
    /// - Errors: `PERMISSION_DENIED` for a named studio outside the caller's; `NOT_FOUND` (no run).
    public static let listFlags = RPCMethod<ListFlagsRequest, FlagPage>(
        "assessment.listFlags",
        summary: "The anomaly flags a run raised on the studios the caller supervises or leads.",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .teacher)
    )

    /// The studio's supervisor (its workstation, the office, a city admin for its city's city and county studios)
    /// accepts a flag — excluding, if it says so, some of its records from the next runs' counts — or dismisses it,
    /// with a reason; not once the year is frozen.
    /// - Errors: `PERMISSION_DENIED` (not the studio's supervisor), `INVALID_ARGUMENT` (`reason`, `exclude[i]` not
    ///   among the flag's records), `FAILED_PRECONDITION` (already decided; R-MGT-2 frozen).
    public static let decideFlag = RPCMethod<DecideFlagRequest, AnomalyFlag>(
        "assessment.decideFlag",
        summary: "Accepts (excluding records, if named) or dismisses a flag, with a reason.",
        access: .only(.provinceOffice, .workstation, .cityAdmin),
        mutates: true,
        idempotent: true
    )

    /// The studio's leader answers a flag on their studio before it is decided.
    public static let answerFlag = RPCMethod<AnswerFlagRequest, AnomalyFlag>(
        "assessment.answerFlag",
        summary: "The studio's leader answers a flag before it is decided.",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// The signed-in teacher's own credits (R-MGT-6) and badges (R-MGT-4) across frozen years, as leader or
    /// subject leader of a passing provincial studio.
    public static let getMyRecord = RPCMethod<MyRecordRequest, TeacherRecord>(
        "assessment.getMyRecord",
        summary: "The signed-in teacher's credits and badges across years.",
        access: .only(.teacher)
    )

    /// A studio's checklist as it stands now, for its leader during the year (and its supervisors): what is missing
    /// to pass, with the records behind each line, read from the owners at the call.
    /// - Errors: `NOT_FOUND` (no such studio), `FAILED_PRECONDITION` (not assessed in the year), `PERMISSION_DENIED`
    ///   as for the report.
    public static let getLiveChecklist = RPCMethod<LiveChecklistRequest, LiveChecklist>(
        "assessment.getLiveChecklist",
        summary: "A studio's checklist as it stands now: what is missing, with its records.",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .teacher)
    )

    public static let getStudioAcrossYears = RPCMethod<StudioHistoryRequest, StudioAcrossYears>(
        "assessment.getStudioAcrossYears",
        summary: "A studio's results year by year.",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .teacher)
    )

    public static let listIdleStudios = RPCMethod<AssessmentYear, RankingPage>(
        "assessment.listIdleStudios",
        summary: "Studios set up but not built, built but not used (R-MGT-5).",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    public static let getTiers = RPCMethod<AssessmentYear, TierList>(
        "assessment.getTiers",
        summary: "The incentive tiers with their studios and amounts (R-MGT-3).",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    /// The studio's workstation scores a manual indicator (before the year is frozen).
    public static let setManualScore = RPCMethod<ManualScoreRequest, ManualScore>(
        "assessment.setManualScore",
        summary: "A workstation scores a manual indicator of its studio.",
        access: .only(.workstation, .provinceOffice),
        mutates: true,
        idempotent: true
    )

    public static let exportRanking = RPCMethod<AssessmentYear, CSVExport>(
        "assessment.exportRanking",
        summary: "The ranking as CSV (UTF-8 BOM).",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    public static let exportTiers = RPCMethod<AssessmentYear, CSVExport>(
        "assessment.exportTiers",
        summary: "The funded studios by tier as CSV (UTF-8 BOM).",
        access: .only(.provinceOffice, .workstation)
    )

    public static let exportCredits = RPCMethod<AssessmentYear, CSVExport>(
        "assessment.exportCredits",
        summary: "The year's credits as CSV (UTF-8 BOM).",
        access: .only(.provinceOffice)
    )

    /// The teacher-training system pulls new credit entries after its cursor (R-MGT-6).
    public static let pullCredits = RPCMethod<PullCreditsRequest, CreditPage>(
        "assessment.pullCredits",
        summary: "Credit entries after a cursor, for the training system (R-MGT-6).",
        access: .only(.service, .provinceOffice)
    )

    public static let all: [RPCMethodDescriptor] = [
        loadRuleSet.descriptor, getRuleSet.descriptor, setBureauFloor.descriptor, listBureauFloors.descriptor,
        runAssessment.descriptor, freezeRun.descriptor,
        applyOutcomes.descriptor, listRuns.descriptor, getRanking.descriptor, getStudioReport.descriptor,
        getStudioAcrossYears.descriptor, getLineRecords.descriptor, listFlags.descriptor, decideFlag.descriptor, answerFlag.descriptor,
        getMyRecord.descriptor, getLiveChecklist.descriptor, listIdleStudios.descriptor, getTiers.descriptor, setManualScore.descriptor,
        exportRanking.descriptor, exportTiers.descriptor, exportCredits.descriptor, pullCredits.descriptor,
    ]
}
