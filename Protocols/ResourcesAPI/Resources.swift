import Foundation
import JSONRPC
import Programme

/// Methods of the resources service: resources and their files, themed series, micro-courses, premium selection,
/// research outcomes, and the metrics assessment pulls. Codes 3000–3999.
///
/// Files travel beside the methods, on the same port and with the same bearer token, over HTTP/2:
/// `PUT /files/{sha256}` uploads (content type checked from the bytes, size limited per type, stored once per
/// content), `HEAD`/`GET /files/{sha256}` answer for a file of a resource the caller may see (ranges allowed).
public enum Resources {
    /// Publishes a resource in a studio. Caller: its leader, a subject leader or a core member; the files must have
    /// been uploaded; a themed series' items must be the studio's resources; one branded series per studio and year.
    /// - Errors: `NOT_FOUND` (studio, file, item), `PERMISSION_DENIED`, `ALREADY_EXISTS` (branded series, R-TASK-4),
    ///   `INVALID_ARGUMENT` naming the field.
    public static let createResource = RPCMethod<CreateResourceRequest, Resource>(
        "resources.createResource",
        summary: "Publishes a resource of a studio with its files.",
        access: .only(.teacher),
        mutates: true
    )

    /// Changes a resource's title, description, tags, visibility, files or series order. Caller: its author or the
    /// studio's leader.
    public static let updateResource = RPCMethod<UpdateResourceRequest, Resource>(
        "resources.updateResource",
        summary: "Edits a resource (its author or the studio's leader).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// One resource, if the caller may see it (anyone for a public one).
    public static let getResource = RPCMethod<ResourceRef, Resource>(
        "resources.getResource",
        summary: "One resource by id, within its visibility.",
        access: .anyone
    )

    /// Resources by studio, type, stage/subject, tag, premium, year and text, newest first, within visibility.
    public static let searchResources = RPCMethod<SearchResourcesRequest, ResourcePage>(
        "resources.searchResources",
        summary: "Searches resources by filters and text (FTS5, Chinese).",
        access: .anyone
    )

    /// Premium marks, micro-course and outcome decisions, series completion, in order.
    public static let getResourceHistory = RPCMethod<ResourceRef, ResourceHistory>(
        "resources.getResourceHistory",
        summary: "A resource's decisions and their history.",
        access: .signedIn
    )

    /// The studio's leader marks a themed series complete (R-TASK-4).
    public static let completeSeries = RPCMethod<ResourceRef, Resource>(
        "resources.completeSeries",
        summary: "Marks a themed series complete (R-TASK-4).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// The studio's leader enters a micro-course in the year's provincial collection (R-TASK-4).
    public static let enterMicroCourse = RPCMethod<EnterMicroCourseRequest, Resource>(
        "resources.enterMicroCourse",
        summary: "Enters a micro-course in the provincial collection (R-TASK-4).",
        access: .only(.teacher),
        mutates: true,
        idempotent: true
    )

    /// The province office records whether an entered micro-course was selected; a selected one counts as premium.
    public static let decideMicroCourse = RPCMethod<DecideMicroCourseRequest, Resource>(
        "resources.decideMicroCourse",
        summary: "Records the provincial collection's outcome (R-TASK-4).",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// The studio's workstation or the province office marks a resource premium for a year (R-TASK-5).
    public static let markPremium = RPCMethod<ResourceYearDecision, Resource>(
        "resources.markPremium",
        summary: "Marks a resource premium for a year with a reason (R-TASK-5).",
        access: .only(.workstation, .provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// Withdraws a premium mark with a reason; the history keeps both.
    public static let withdrawPremium = RPCMethod<ResourceYearDecision, Resource>(
        "resources.withdrawPremium",
        summary: "Withdraws a premium mark with a reason (R-TASK-5).",
        access: .only(.workstation, .provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// The studio's workstation (or the province office) approves or rejects a research outcome; approved ones carry
    /// the label "浙江省名师网络工作室项目研究成果" (R-FEAT-4).
    public static let decideResearchOutcome = RPCMethod<DecideOutcomeRequest, Resource>(
        "resources.decideResearchOutcome",
        summary: "Approves or rejects a research outcome (R-FEAT-4).",
        access: .only(.workstation, .provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// Research outcomes waiting for the caller's decision, oldest first: the office's every studio's, a workstation's
    /// those of the studios assigned to it (R-FEAT-4). Only the decider's own queue: nobody else's pending outcomes.
    public static let listOutcomesToDecide = RPCMethod<OutcomeQueueRequest, ResourcePage>(
        "resources.listOutcomesToDecide",
        summary: "Research outcomes awaiting the caller's decision (R-FEAT-4); paginated.",
        access: .only(.workstation, .provinceOffice)
    )

    // MARK: For assessment

    /// Per-studio resource metrics for a year, many studios per call (R-TASK-4, R-TASK-5, R-FEAT-4).
    public static let studioMetrics = RPCMethod<ResourceMetricsRequest, ResourceMetricsPage>(
        "resources.studioMetrics",
        summary: "Per-studio resource metrics for a year, many studios per call.",
        access: .only(.provinceOffice, .workstation, .service)
    )

    /// Imports many resources with their recorded decisions, all-or-nothing; files must be uploaded first.
    public static let importResources = RPCMethod<ImportResourcesRequest, ImportResourcesResult>(
        "resources.importResources",
        summary: "Imports resources with their decisions, all-or-nothing.",
        access: .only(.provinceOffice, .service),
        mutates: true,
        idempotent: true
    )

    /// The year's record window and closure as this service keeps them (assessment sets them: on loading the
    /// year's rule set, and on freezing its run — after which nothing can be dated in the year, R-MGT-2).
    public static let setYearPolicy = RPCMethod<SetYearPolicyRequest, YearPolicy>(
        "resources.setYearPolicy",
        summary: "Sets a year's record window; closes the year when its ranking is frozen (R-MGT-2).",
        access: .only(.provinceOffice, .service),
        mutates: true,
        idempotent: true
    )

    /// The year's record window and whether it is closed.
    public static let getYearPolicy = RPCMethod<GetYearPolicyRequest, YearPolicy>(
        "resources.getYearPolicy",
        summary: "A year's record window and closure (R-MGT-2).",
        access: .signedIn
    )

    public static let all: [RPCMethodDescriptor] = [
        setYearPolicy.descriptor, getYearPolicy.descriptor,
        createResource.descriptor, updateResource.descriptor, getResource.descriptor, searchResources.descriptor,
        getResourceHistory.descriptor, completeSeries.descriptor, enterMicroCourse.descriptor,
        decideMicroCourse.descriptor, markPremium.descriptor, withdrawPremium.descriptor,
        decideResearchOutcome.descriptor, listOutcomesToDecide.descriptor, studioMetrics.descriptor, importResources.descriptor,
    ]
}

/// Params of `resources.studioMetrics`.
public struct ResourceMetricsRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    /// 1–1000 studio ids.
    public var studioIDs: [String]
    /// Whether the records behind each count come with it (default true); a caller that needs only the counts
    /// (activities, for research-outcome projects) says false.
    public var withRecords: Bool?

    public init(year: Int, studioIDs: [String], withRecords: Bool? = nil) {
        self.year = year
        self.studioIDs = studioIDs
        self.withRecords = withRecords
    }

    public func validate() throws(RPCError) {
        try ResourceFields.year(self.year)
        guard (1...1000).contains(self.studioIDs.count) else {
            throw .invalidArgument("1–1000 studioIDs per call", field: "studioIDs")
        }
    }
}

/// What assessment needs of one studio's resources in a year.
public struct ResourceMetrics: Codable, Sendable, Equatable {
    public var studioID: String
    /// Resources of the year (every type).
    public var published: Int
    /// Resources premium in the year: marked (R-TASK-5) or micro-courses selected (R-TASK-4), each counted once.
    public var premium: Int
    /// Branded themed series of the year marked complete (R-TASK-4).
    public var themedSeriesCompleted: Int
    /// Micro-courses entered in the year's provincial collection, and those selected (R-TASK-4).
    public var microCoursesEntered: Int
    public var microCoursesSelected: Int
    /// Research outcomes of the year approved by the workstation (R-FEAT-4).
    public var researchOutcomesApproved: Int
    /// The resources behind each count, read with them.
    public var records: ResourceRecords?

    public init(
        studioID: String,
        published: Int = 0,
        premium: Int = 0,
        themedSeriesCompleted: Int = 0,
        microCoursesEntered: Int = 0,
        microCoursesSelected: Int = 0,
        researchOutcomesApproved: Int = 0
    ) {
        self.studioID = studioID
        self.published = published
        self.premium = premium
        self.themedSeriesCompleted = themedSeriesCompleted
        self.microCoursesEntered = microCoursesEntered
        self.microCoursesSelected = microCoursesSelected
        self.researchOutcomesApproved = researchOutcomesApproved
    }
}

/// The resources each count of ``ResourceMetrics`` counted, with the day each counts by (created, marked, entered,
/// completed or decided).
public struct ResourceRecords: Codable, Sendable, Equatable {
    public var published: [CountedRecord]
    public var premium: [CountedRecord]
    public var themedSeriesCompleted: [CountedRecord]
    public var microCoursesEntered: [CountedRecord]
    public var researchOutcomesApproved: [CountedRecord]

    public init(
        published: [CountedRecord] = [],
        premium: [CountedRecord] = [],
        themedSeriesCompleted: [CountedRecord] = [],
        microCoursesEntered: [CountedRecord] = [],
        researchOutcomesApproved: [CountedRecord] = []
    ) {
        self.published = published
        self.premium = premium
        self.themedSeriesCompleted = themedSeriesCompleted
        self.microCoursesEntered = microCoursesEntered
        self.researchOutcomesApproved = researchOutcomesApproved
    }
}

public struct ResourceMetricsPage: Codable, Sendable, Equatable {
    public var year: Int
    public var metrics: [ResourceMetrics]
    public init(year: Int, metrics: [ResourceMetrics]) {
        self.year = year
        self.metrics = metrics
    }
}
