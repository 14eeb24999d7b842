import JSONRPC
import Programme

/// Applications (申报): studio leaders (R-APP-1…R-APP-4) and subject leaders (R-APP-5…R-APP-7), their calendar,
/// decisions with an audit trail, and the exports of the paper chain (Attachments 2 and 3, R-APP-9).
extension Identity {
    public static let getCalendar = RPCMethod<YearRequest, ApplicationCalendar>(
        "identity.getCalendar",
        summary: "A year's application closing dates (R-APP-3, R-APP-7).",
        access: .signedIn
    )

    /// Sets (or extends) a year's closing dates. Province office.
    public static let setCalendar = RPCMethod<ApplicationCalendar, ApplicationCalendar>(
        "identity.setCalendar",
        summary: "Sets or extends a year's closing dates (R-APP-3, R-APP-7).",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// A teacher applies to lead a studio, with their mirrored title and honours checked (R-APP-1, R-APP-4).
    /// - Errors: `FAILED_PRECONDITION` naming the rule the applicant does not meet or the deadline passed.
    public static let applyAsLeader = RPCMethod<ApplyAsLeaderRequest, LeaderApplication>(
        "identity.applyAsLeader",
        summary: "Applies to lead a studio (R-APP-1, R-APP-3, R-APP-4).",
        access: .only(.teacher),
        mutates: true
    )

    /// The city recommends or returns (its own city's, until the city-list date); the province office shortlists or
    /// rejects recommended ones (R-APP-2).
    public static let decideLeaderApplication = RPCMethod<DecideLeaderApplicationRequest, LeaderApplication>(
        "identity.decideLeaderApplication",
        summary: "Recommends, returns, shortlists or rejects a leader application (R-APP-2).",
        access: .only(.cityAdmin, .provinceOffice),
        mutates: true
    )

    /// A year's leader applications: the office all, a city admin their city's, a teacher their own.
    public static let listLeaderApplications = RPCMethod<ListApplicationsRequest, LeaderApplicationList>(
        "identity.listLeaderApplications",
        summary: "A year's leader applications, within the caller's scope.",
        access: .only(.provinceOffice, .cityAdmin, .teacher)
    )

    /// One leader application: the office and services any, a city admin their city's, a teacher their own.
    /// Membership asks it when a provincial studio is created from a shortlisted application.
    public static let getLeaderApplication = RPCMethod<ApplicationRef, LeaderApplication>(
        "identity.getLeaderApplication",
        summary: "One leader application, within the caller's scope.",
        access: .only(.provinceOffice, .cityAdmin, .teacher, .service)
    )

    /// Shortlists, without applying, the leaders whose provincial studio passed the previous round (R-APP-2).
    public static let importPreviousRoundPasses = RPCMethod<PreviousRoundPassesRequest, LeaderApplicationList>(
        "identity.importPreviousRoundPasses",
        summary: "Shortlists leaders whose studio passed the previous round (R-APP-2).",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// A city's own rule for city-level leaders (R-APP-4): that city's admin only.
    public static let setLocalLeaderRule = RPCMethod<LocalLeaderRule, LocalLeaderRule>(
        "identity.setLocalLeaderRule",
        summary: "Sets a city's eligibility rule for city/county leaders (R-APP-4).",
        access: .only(.cityAdmin),
        mutates: true,
        idempotent: true
    )

    /// A city's rule for its city or county studios' leaders and subject leaders, if its bureau set one (R-APP-4).
    public static let getLocalLeaderRule = RPCMethod<LocalLeaderRuleRequest, LocalLeaderRuleAnswer>(
        "identity.getLocalLeaderRule",
        summary: "A city's rule for its city or county studios (R-APP-4).",
        access: .signedIn
    )

    /// A teacher applies to be a subject leader of a provincial studio, with the stamped form (R-APP-5…R-APP-7).
    public static let applyAsSubjectLeader = RPCMethod<ApplyAsSubjectLeaderRequest, SubjectLeaderApplication>(
        "identity.applyAsSubjectLeader",
        summary: "Applies to be a subject leader with the stamped form (R-APP-5…R-APP-7).",
        access: .only(.teacher),
        mutates: true
    )

    /// The studio's leader approves (membership adds the subject leader) or declines with a reason (R-APP-7).
    public static let reviewSubjectLeaderApplication = RPCMethod<ReviewSubjectLeaderRequest, SubjectLeaderApplication>(
        "identity.reviewSubjectLeaderApplication",
        summary: "The studio leader approves or declines a subject-leader application (R-APP-7).",
        access: .only(.teacher, .provinceOffice),
        mutates: true
    )

    public static let listSubjectLeaderApplications = RPCMethod<ListSubjectLeaderApplicationsRequest, SubjectLeaderApplicationList>(
        "identity.listSubjectLeaderApplications",
        summary: "Subject-leader applications of a studio or a city.",
        access: .only(.teacher, .provinceOffice, .cityAdmin)
    )

    /// The stamped form of a subject-leader application, for its reviewer, the office and the applicant.
    public static let getApplicationForm = RPCMethod<ApplicationRef, ApplicationForm>(
        "identity.getApplicationForm",
        summary: "The stamped form of a subject-leader application.",
        access: .only(.teacher, .provinceOffice, .cityAdmin)
    )

    /// Every decision on an application: who, when, what, why.
    public static let getApplicationHistory = RPCMethod<ApplicationRef, AuditTrail>(
        "identity.getApplicationHistory",
        summary: "The audit trail of an application.",
        access: .only(.teacher, .provinceOffice, .cityAdmin)
    )

    /// Attachment 2: a city's recommended provincial leaders, as CSV for Excel.
    public static let exportAttachment2 = RPCMethod<CityYearRequest, CSVExport>(
        "identity.exportAttachment2",
        summary: "A city's provincial leader recommendations (Attachment 2, R-APP-3).",
        access: .only(.provinceOffice, .cityAdmin)
    )

    /// Attachment 3: a city's subject-leader applications, as CSV for Excel.
    public static let exportAttachment3 = RPCMethod<CityYearRequest, CSVExport>(
        "identity.exportAttachment3",
        summary: "A city's subject-leader applications (Attachment 3, R-APP-3).",
        access: .only(.provinceOffice, .cityAdmin)
    )

    /// R-APP-9: the balance of a city's recommendations by stage and favoured subject.
    public static let cityBalance = RPCMethod<CityYearRequest, CityBalance>(
        "identity.cityBalance",
        summary: "A city's recommendations by stage and favoured subject (R-APP-9).",
        access: .only(.provinceOffice, .cityAdmin)
    )

    static let applicationMethods: [RPCMethodDescriptor] = [
        getCalendar.descriptor, setCalendar.descriptor, applyAsLeader.descriptor, decideLeaderApplication.descriptor,
        listLeaderApplications.descriptor, getLeaderApplication.descriptor, importPreviousRoundPasses.descriptor, setLocalLeaderRule.descriptor,
        getLocalLeaderRule.descriptor,
        applyAsSubjectLeader.descriptor, reviewSubjectLeaderApplication.descriptor,
        listSubjectLeaderApplications.descriptor, getApplicationForm.descriptor, getApplicationHistory.descriptor,
        exportAttachment2.descriptor, exportAttachment3.descriptor, cityBalance.descriptor,
    ]
}
