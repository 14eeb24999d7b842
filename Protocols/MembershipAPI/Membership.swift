import JSONRPC
import Programme

/// Methods of the membership service: studios, quotas, rosters, levels. Rules are DOMAIN.md's `R-…` names, plus
/// R-MEMB-1 (a platform rule): a teacher is a subject leader or core member of at most one active provincial
/// studio at a time.
public enum Membership {
    // MARK: Studios

    /// Creates a studio: the province office at any level; a city admin city or county studios of their city; a
    /// county admin county studios of their county — always within the area's quota (R-LVL-3).
    /// A provincial studio is founded from its leader's shortlisted, unused application (R-APP-2).
    /// - Errors: `PERMISSION_DENIED` outside the caller's scope; `FAILED_PRECONDITION` R-LVL-3 past the quota, R-APP-2
    ///   for an application not shortlisted or used; `INVALID_ARGUMENT` naming the field (`leaderApplicationID`
    ///   missing for a provincial studio).
    public static let createStudio = RPCMethod<CreateStudioRequest, Studio>(
        "membership.createStudio",
        summary: "Creates a studio at a level, in a city and county, within quota (R-LVL-1, R-GEO-1, R-LVL-3).",
        access: .only(.provinceOffice, .cityAdmin, .countyAdmin),
        mutates: true
    )

    /// The office brings in a studio founded before the platform (a year kept elsewhere), with the day it was
    /// founded and the source it comes from, written in the studio's history. The one path for a provincial studio
    /// without a shortlisted application on the platform, and for a founding day in the past; quotas still hold.
    /// - Errors: `INVALID_ARGUMENT` naming the field (a founding day in the future); `FAILED_PRECONDITION` R-LVL-3.
    public static let importStudio = RPCMethod<ImportStudioRequest, Studio>(
        "membership.importStudio",
        summary: "Brings in a studio founded before the platform, with its founding day and source.",
        access: .only(.provinceOffice),
        mutates: true
    )

    /// One studio by id. - Errors: `NOT_FOUND`.
    public static let getStudio = RPCMethod<GetStudioRequest, Studio>(
        "membership.getStudio",
        summary: "One studio by id.",
        access: .signedIn
    )

    /// Studios matching filters, a page at a time (active ones unless `status` says otherwise).
    public static let listStudios = RPCMethod<ListStudiosRequest, StudioPage>(
        "membership.listStudios",
        summary: "Searches studios by city, county, level, stage, subject, kind, workstation, status; paginated.",
        access: .signedIn
    )

    /// The studio's creation, level changes and closure, with reasons and who decided. Callers: the studio's
    /// leader, admins over it, workstations, services.
    public static let getStudioHistory = RPCMethod<StudioRef, StudioHistory>(
        "membership.getStudioHistory",
        summary: "A studio's level changes and closure, with reasons and deciders (R-LVL-2).",
        access: .signedIn
    )

    /// Promotes or demotes a studio by one level, with a reason (R-LVL-2). Changes to or from the provincial level
    /// are the province office's; county↔city also a city admin's within their city. The target area's quota
    /// applies (R-LVL-3); roster and history carry over.
    public static let changeLevel = RPCMethod<ChangeLevelRequest, Studio>(
        "membership.changeLevel",
        summary: "Promotes or demotes a studio by one level with a reason (R-LVL-2).",
        access: .only(.provinceOffice, .cityAdmin),
        mutates: true
    )

    /// Closes a studio with a reason (R-MGT-5), freeing its quota (R-LVL-3). Roster and history are kept.
    public static let closeStudio = RPCMethod<CloseStudioRequest, Studio>(
        "membership.closeStudio",
        summary: "Closes a studio with a reason, freeing its quota (R-MGT-5, R-LVL-3).",
        access: .only(.provinceOffice, .cityAdmin, .countyAdmin),
        mutates: true
    )

    /// Assigns a provincial studio to the workstation supervising it (R-MGT-1).
    public static let assignWorkstation = RPCMethod<AssignWorkstationRequest, Studio>(
        "membership.assignWorkstation",
        summary: "Assigns a provincial studio to its supervising workstation (R-MGT-1).",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// Names the rural school the studio pairs with (R-COMP-7). Callers: the studio's leader, the province office.
    public static let setPairedSchool = RPCMethod<SetPairedSchoolRequest, Studio>(
        "membership.setPairedSchool",
        summary: "Names the studio's paired rural school (R-COMP-7).",
        access: .only(.teacher, .provinceOffice),
        mutates: true,
        idempotent: true
    )

    // MARK: Quotas and Attachment 1

    /// Sets the number of city or county studios an area may have (R-LVL-3). A limit below the studios already
    /// active is refused.
    public static let setQuota = RPCMethod<SetQuotaRequest, Quota>(
        "membership.setQuota",
        summary: "Sets an area's quota of city or county studios (R-LVL-3).",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// Moves unused quota from one area to another (调剂, R-LVL-3).
    public static let moveQuota = RPCMethod<MoveQuotaRequest, QuotaList>(
        "membership.moveQuota",
        summary: "Moves unused quota between areas (R-LVL-3).",
        access: .only(.provinceOffice),
        mutates: true
    )

    /// Quotas with the studios counting against them. City and county admins see their own city's.
    public static let listQuotas = RPCMethod<ListQuotasRequest, QuotaList>(
        "membership.listQuotas",
        summary: "Quotas and their use per area (R-LVL-3).",
        access: .only(.provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    /// Attachment 1 of the notice, live: active studios per city and level, with totals (R-STAT-1).
    public static let attachment1 = RPCMethod<Empty, Attachment1>(
        "membership.attachment1",
        summary: "Active studios per city and level, with totals (R-STAT-1).",
        access: .signedIn
    )

    /// Attachment 1 as CSV (UTF-8 with BOM, for Excel).
    public static let exportAttachment1 = RPCMethod<Empty, CSVExport>(
        "membership.exportAttachment1",
        summary: "Attachment 1 as CSV for Excel (R-STAT-1).",
        access: .signedIn
    )

    // MARK: Rosters

    /// Adds a subject leader (R-COMP-2: at most 15). Callers: the studio's leader, the province office, identity
    /// on approving an application (R-APP-7). A network or core member of the studio changes role.
    public static let addSubjectLeader = RPCMethod<AddSubjectLeaderRequest, Member>(
        "membership.addSubjectLeader",
        summary: "Adds a subject leader, at most 15 (R-COMP-2, R-MEMB-1).",
        access: .only(.teacher, .provinceOffice, .service),
        mutates: true
    )

    /// A member leaves: removed by the studio's leader or the province office, or leaving on their own. A
    /// leaving subject leader's mentees are reassigned (R-COMP-5).
    public static let removeMember = RPCMethod<RemoveMemberRequest, RemovalResult>(
        "membership.removeMember",
        summary: "Ends a membership, reassigning a subject leader's mentees (R-COMP-5).",
        access: .only(.teacher, .provinceOffice, .service),
        mutates: true
    )

    /// Assigns a core member to a mentoring subject leader (R-COMP-5: at most 10 each).
    public static let assignMentor = RPCMethod<AssignMentorRequest, Member>(
        "membership.assignMentor",
        summary: "Assigns a core member's mentoring subject leader, at most 10 each (R-COMP-5).",
        access: .only(.teacher, .provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// A teacher asks to become a core member, with their own account (R-APP-8).
    public static let requestToJoin = RPCMethod<JoinRequestParams, JoinRequest>(
        "membership.requestToJoin",
        summary: "A teacher asks to become a core member (R-APP-8).",
        access: .only(.teacher),
        mutates: true
    )

    /// The leader approves (within 100 core members, R-COMP-5; R-MEMB-1) or declines with a reason.
    public static let decideJoinRequest = RPCMethod<DecideJoinRequest, JoinRequest>(
        "membership.decideJoinRequest",
        summary: "Approves (at most 100 core members) or declines a join request (R-APP-8, R-COMP-5).",
        access: .only(.teacher, .provinceOffice),
        mutates: true
    )

    /// A studio's join requests, for its leader and the province office.
    public static let listJoinRequests = RPCMethod<ListJoinRequestsRequest, JoinRequestList>(
        "membership.listJoinRequests",
        summary: "A studio's join requests (R-APP-8).",
        access: .only(.teacher, .provinceOffice)
    )

    /// A teacher joins as a network member: unlimited (R-COMP-6).
    public static let joinAsNetworkMember = RPCMethod<JoinRequestParams, Member>(
        "membership.joinAsNetworkMember",
        summary: "A teacher joins as a network member, unlimited (R-COMP-6).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// A studio's roster now or as of a date, a page at a time. Callers: the studio's leader, admins over it,
    /// workstations, services.
    public static let getRoster = RPCMethod<GetRosterRequest, RosterPage>(
        "membership.getRoster",
        summary: "A studio's roster now or as of a date; paginated.",
        access: .signedIn
    )

    /// The caller's own memberships and join requests.
    public static let listMyMemberships = RPCMethod<Empty, MyMemberships>(
        "membership.listMyMemberships",
        summary: "The caller's own memberships and join requests.",
        access: .only(.teacher)
    )

    /// Whether the roster meets R-COMP-2…R-COMP-7, rule by rule.
    public static let getComposition = RPCMethod<GetCompositionRequest, CompositionReport>(
        "membership.getComposition",
        summary: "The studio's composition checked against R-COMP-2…R-COMP-7.",
        access: .signedIn
    )

    // MARK: For assessment and operators

    /// Roster metrics of many studios for a year, as of its end (R-COMP-2…R-COMP-7).
    public static let studioMetrics = RPCMethod<StudioMetricsRequest, StudioMetricsPage>(
        "membership.studioMetrics",
        summary: "Per-studio roster metrics for a year, many studios per call.",
        access: .only(.provinceOffice, .workstation, .service)
    )

    /// Adds many roster entries in one all-or-nothing call under the same rules; re-running changes nothing.
    public static let importMembers = RPCMethod<ImportMembersRequest, ImportMembersResult>(
        "membership.importMembers",
        summary: "Imports roster entries all-or-nothing under the roster rules.",
        access: .only(.provinceOffice, .service),
        mutates: true,
        idempotent: true
    )

    public static let all: [RPCMethodDescriptor] = [
        createStudio.descriptor, importStudio.descriptor, getStudio.descriptor, listStudios.descriptor, getStudioHistory.descriptor,
        changeLevel.descriptor, closeStudio.descriptor, assignWorkstation.descriptor, setPairedSchool.descriptor,
        setQuota.descriptor, moveQuota.descriptor, listQuotas.descriptor, attachment1.descriptor,
        exportAttachment1.descriptor, addSubjectLeader.descriptor, removeMember.descriptor, assignMentor.descriptor,
        requestToJoin.descriptor, decideJoinRequest.descriptor, listJoinRequests.descriptor,
        joinAsNetworkMember.descriptor, getRoster.descriptor, listMyMemberships.descriptor, getComposition.descriptor,
        studioMetrics.descriptor, importMembers.descriptor,
    ]
}
