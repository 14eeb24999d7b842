import Foundation
import JSONRPC
import Programme

/// Methods of the activities service: research activities and attendance, cases, subject leaders' lectures and
/// awards, featured projects, electronic notices, and the metrics assessment pulls. Codes 4000–4999.
public enum Activities {
    // MARK: Activities and attendance

    /// Plans an activity. Caller: the studio's leader (hosting it or naming a subject leader as host) or a subject
    /// leader (hosting it, R-TASK-1).
    public static let scheduleActivity = RPCMethod<ScheduleActivityRequest, Activity>(
        "activities.scheduleActivity",
        summary: "Plans a research activity of a studio (R-TASK-1, R-TASK-6).",
        access: .only(.teacher),
        mutates: true
    )

    /// One activity. Caller: any signed-in account.
    public static let getActivity = RPCMethod<ActivityRef, Activity>(
        "activities.getActivity",
        summary: "One activity by id.",
        access: .signedIn
    )

    /// Activities by studio, year, kind and status, by start time.
    public static let listActivities = RPCMethod<ListActivitiesRequest, ActivityPage>(
        "activities.listActivities",
        summary: "Activities by studio, year, kind, status; paginated.",
        access: .signedIn
    )

    /// Announces a city or county studio's activity (a provincial studio's is announced by its published notice).
    public static let announceActivity = RPCMethod<ActivityRef, Activity>(
        "activities.announceActivity",
        summary: "Announces a city or county studio's activity (R-MGT-7 covers provincial ones).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// Marks an activity held, once it has started. Caller: its host or the studio's leader.
    public static let markHeld = RPCMethod<ActivityRef, Activity>(
        "activities.markHeld",
        summary: "Marks an activity held.",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// Cancels a planned or announced activity with a reason.
    public static let cancelActivity = RPCMethod<CancelActivityRequest, Activity>(
        "activities.cancelActivity",
        summary: "Cancels an activity with a reason.",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// Gives the host or leader the code participants check in with while the activity runs.
    public static let openCheckIn = RPCMethod<ActivityRef, CheckInCode>(
        "activities.openCheckIn",
        summary: "The check-in code of a running activity (host or leader).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// A teacher checks themselves in: only while the activity runs, with its code, once.
    public static let checkIn = RPCMethod<CheckInRequest, Participant>(
        "activities.checkIn",
        summary: "Checks the caller in to a running activity with its code, once.",
        access: .only(.teacher),
        mutates: true
    )

    /// The host or leader records who took part (members and outside teachers, by account).
    public static let recordAttendance = RPCMethod<RecordAttendanceRequest, ParticipantList>(
        "activities.recordAttendance",
        summary: "Records participants of an activity (host or leader).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    public static let listParticipants = RPCMethod<ActivityRef, ParticipantList>(
        "activities.listParticipants",
        summary: "Who took part in an activity.",
        access: .signedIn
    )

    /// Closes the records of a held activity: attendance is judged against the roster as of its start (asked of
    /// membership) and frozen (R-TASK-8, R-TASK-9).
    public static let closeRecords = RPCMethod<ActivityRef, Activity>(
        "activities.closeRecords",
        summary: "Closes an activity's records and judges its attendance (R-TASK-8).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    // MARK: Cases and subject leaders' records

    /// The studio's leader or the activity's host submits the case of a held activity (R-TASK-7).
    public static let submitCase = RPCMethod<SubmitCaseRequest, ActivityCase>(
        "activities.submitCase",
        summary: "Submits the case of a held activity (R-TASK-7).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// A subject leader's lecture (R-TASK-2) or award (R-TASK-3), with evidence; by them or the leader.
    public static let recordSubjectLeaderRecord = RPCMethod<RecordSubjectLeaderRecordRequest, SubjectLeaderRecord>(
        "activities.recordSubjectLeaderRecord",
        summary: "Records a subject leader's lecture or award (R-TASK-2, R-TASK-3).",
        access: .only(.teacher),
        mutates: true
    )

    public static let listRecords = RPCMethod<ListRecordsRequest, StudioRecords>(
        "activities.listRecords",
        summary: "A studio's cases and subject leaders' records.",
        access: .signedIn
    )

    /// Accepts or refuses a subject leader's lecture or award; only accepted ones count (R-TASK-2, R-TASK-3).
    /// Callers: the studio's workstation or the province office (provincial studios), the city admin of a city
    /// studio, the county admin of a county studio. A refusal needs a reason.
    public static let reviewSubjectLeaderRecord = RPCMethod<ReviewRecordRequest, SubjectLeaderRecord>(
        "activities.reviewSubjectLeaderRecord",
        summary: "Accepts or refuses a lecture or award a studio recorded (R-TASK-2, R-TASK-3).",
        access: .only(.workstation, .provinceOffice, .cityAdmin, .countyAdmin),
        mutates: true,
        idempotent: true
    )

    /// Lectures and awards waiting for the caller's review, within the caller's scope, oldest first.
    public static let listRecordsToReview = RPCMethod<ReviewQueueRequest, SubjectLeaderRecordPage>(
        "activities.listRecordsToReview",
        summary: "Lectures and awards awaiting the caller's review; paginated.",
        access: .only(.workstation, .provinceOffice, .cityAdmin, .countyAdmin)
    )

    /// Featured projects waiting for the caller's decision (the studio's workstation, or the office), oldest first.
    public static let listProjectsToDecide = RPCMethod<ReviewQueueRequest, FeaturedProjectPage>(
        "activities.listProjectsToDecide",
        summary: "Featured projects awaiting the caller's decision (R-FEAT-1); paginated.",
        access: .only(.workstation, .provinceOffice)
    )

    /// Electronic notices submitted for the office's review, oldest first.
    public static let listNoticesToReview = RPCMethod<ReviewQueueRequest, NoticePage>(
        "activities.listNoticesToReview",
        summary: "Notices awaiting the province office's review (R-MGT-7); paginated.",
        access: .only(.provinceOffice)
    )

    // MARK: Featured projects

    /// The studio's leader applies for the year's featured project (one per studio and year, R-FEAT-1).
    public static let applyFeaturedProject = RPCMethod<ApplyFeaturedProjectRequest, FeaturedProject>(
        "activities.applyFeaturedProject",
        summary: "Applies for the studio's featured project of a year (R-FEAT-1).",
        access: .only(.teacher),
        mutates: true
    )

    /// The studio's workstation approves live-stream, course-evaluation and research-outcome projects; the province
    /// office approves "other" (R-FEAT-1).
    public static let decideFeaturedProject = RPCMethod<DecideProjectRequest, FeaturedProject>(
        "activities.decideFeaturedProject",
        summary: "Approves or rejects a featured project (R-FEAT-1).",
        access: .only(.workstation, .provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// A studio's featured project of a year with its progress, as `getFeaturedProject`.
    /// - Errors: `NOT_FOUND` (the studio applied for none that year).
    public static let getStudioProject = RPCMethod<StudioProjectRequest, FeaturedProject>(
        "activities.getStudioProject",
        summary: "A studio's featured project of a year and its progress.",
        access: .signedIn
    )

    /// A project with its progress (R-FEAT-2…R-FEAT-4).
    public static let getFeaturedProject = RPCMethod<ProjectRef, FeaturedProject>(
        "activities.getFeaturedProject",
        summary: "A featured project and its progress (R-FEAT-2…R-FEAT-4).",
        access: .signedIn
    )

    // MARK: Electronic notices (R-MGT-7)

    /// The leader or host drafts the notice of a provincial studio's activity and submits it for review.
    public static let draftNotice = RPCMethod<DraftNoticeRequest, Notice>(
        "activities.draftNotice",
        summary: "Drafts and submits a provincial activity's notice (R-MGT-7).",
        access: .only(.teacher),
        mutates: true
    )

    /// The province office publishes (numbered, with a verification code) or rejects a submitted notice.
    public static let reviewNotice = RPCMethod<ReviewNoticeRequest, Notice>(
        "activities.reviewNotice",
        summary: "Publishes or rejects a notice (R-MGT-7).",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// The province office withdraws a published notice with a reason.
    public static let withdrawNotice = RPCMethod<WithdrawNoticeRequest, Notice>(
        "activities.withdrawNotice",
        summary: "Withdraws a published notice with a reason (R-MGT-7).",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    public static let getNotice = RPCMethod<NoticeRef, Notice>(
        "activities.getNotice",
        summary: "A notice, for its studio and the office.",
        access: .signedIn
    )

    /// A studio's notices, newest first, for those who read its notices one by one (`getNotice`): the office,
    /// workstations and the studio's leader.
    public static let listStudioNotices = RPCMethod<StudioNoticesRequest, NoticePage>(
        "activities.listStudioNotices",
        summary: "A studio's electronic notices, newest first (R-MGT-7); paginated.",
        access: .only(.provinceOffice, .workstation, .teacher)
    )

    /// Anyone verifies a notice by its number and code: who, what, when, where, who approved it.
    public static let verifyNotice = RPCMethod<VerifyNoticeRequest, NoticeVerification>(
        "activities.verifyNotice",
        summary: "Verifies a published notice by number and code; no account needed.",
        access: .anyone
    )

    // MARK: For assessment

    /// Per-studio activity metrics for a year, many studios per call.
    public static let studioMetrics = RPCMethod<ActivityMetricsRequest, ActivityMetricsPage>(
        "activities.studioMetrics",
        summary: "Per-studio activity metrics for a year, many studios per call.",
        access: .only(.provinceOffice, .workstation, .service)
    )

    /// Imports a year of activities with their participants, all-or-nothing (migration, demo data, benchmarks).
    public static let importActivities = RPCMethod<ImportActivitiesRequest, ImportActivitiesResult>(
        "activities.importActivities",
        summary: "Imports closed activities with participants, all-or-nothing.",
        access: .only(.provinceOffice, .service),
        mutates: true,
        idempotent: true
    )

    /// The year's record window and closure as this service keeps them (assessment sets them: on loading the
    /// year's rule set, and on freezing its run — after which nothing can be dated in the year, R-MGT-2).
    public static let setYearPolicy = RPCMethod<SetYearPolicyRequest, YearPolicy>(
        "activities.setYearPolicy",
        summary: "Sets a year's record window; closes the year when its ranking is frozen (R-MGT-2).",
        access: .only(.provinceOffice, .service),
        mutates: true,
        idempotent: true
    )

    /// The year's record window and whether it is closed.
    public static let getYearPolicy = RPCMethod<GetYearPolicyRequest, YearPolicy>(
        "activities.getYearPolicy",
        summary: "A year's record window and closure (R-MGT-2).",
        access: .signedIn
    )

    public static let all: [RPCMethodDescriptor] = [
        setYearPolicy.descriptor, getYearPolicy.descriptor,
        scheduleActivity.descriptor, getActivity.descriptor, listActivities.descriptor, announceActivity.descriptor,
        markHeld.descriptor, cancelActivity.descriptor, openCheckIn.descriptor, checkIn.descriptor,
        recordAttendance.descriptor, listParticipants.descriptor, closeRecords.descriptor, submitCase.descriptor,
        recordSubjectLeaderRecord.descriptor, listRecords.descriptor, reviewSubjectLeaderRecord.descriptor,
        listRecordsToReview.descriptor, listProjectsToDecide.descriptor, listNoticesToReview.descriptor,
        applyFeaturedProject.descriptor,
        decideFeaturedProject.descriptor, getFeaturedProject.descriptor, getStudioProject.descriptor, draftNotice.descriptor,
        reviewNotice.descriptor, withdrawNotice.descriptor, getNotice.descriptor, listStudioNotices.descriptor, verifyNotice.descriptor,
        studioMetrics.descriptor, importActivities.descriptor,
    ]
}
