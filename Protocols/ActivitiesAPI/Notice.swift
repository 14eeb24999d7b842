import Foundation
import JSONRPC
import Programme

/// The electronic notice of a provincial studio's activity (R-MGT-7): drafted by the studio, reviewed by the province
/// office, published with a stable number and a verification code, withdrawable with a reason.
public struct Notice: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable { case submitted, published, rejected, withdrawn }
    public var id: String
    public var activityID: String
    public var studioID: String
    public var status: Status
    /// What the notice says, beyond the activity's own details.
    public var body: String
    /// Set on publication: e.g. `浙名师〔2026〕0007号`.
    public var number: String?
    /// Set on publication; shown to the studio and printed on the notice, never returned by verification.
    public var verificationCode: String?
    public var draftedBy: String
    public var draftedAt: Date
    public var reviewedBy: String?
    public var reviewedAt: Date?
    public var reviewNote: String?
    public var withdrawnAt: Date?
    public var withdrawReason: String?

    public init(
        id: String,
        activityID: String,
        studioID: String,
        status: Status,
        body: String,
        number: String?,
        verificationCode: String?,
        draftedBy: String,
        draftedAt: Date,
        reviewedBy: String? = nil,
        reviewedAt: Date? = nil,
        reviewNote: String? = nil,
        withdrawnAt: Date? = nil,
        withdrawReason: String? = nil
    ) {
        self.id = id
        self.activityID = activityID
        self.studioID = studioID
        self.status = status
        self.body = body
        self.number = number
        self.verificationCode = verificationCode
        self.draftedBy = draftedBy
        self.draftedAt = draftedAt
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.reviewNote = reviewNote
        self.withdrawnAt = withdrawnAt
        self.withdrawReason = withdrawReason
    }
}

public struct DraftNoticeRequest: Codable, Sendable, Equatable, Validatable {
    public var activityID: String
    public var body: String
    public init(activityID: String, body: String) {
        self.activityID = activityID
        self.body = body
    }
    public func validate() throws(RPCError) { try Field.text(self.body, "body", max: 5_000) }
}

public typealias ReviewNoticeRequest = ApprovalDecision

public struct WithdrawNoticeRequest: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var reason: String
    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
    public func validate() throws(RPCError) { try Field.reason(self.reason) }
}

public struct NoticeRef: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// Params of the public `activities.verifyNotice`: the number and code printed on the notice.
public struct VerifyNoticeRequest: Codable, Sendable, Equatable, Validatable {
    public var number: String
    public var code: String
    public init(number: String, code: String) {
        self.number = number
        self.code = code
    }
    public func validate() throws(RPCError) {
        try Field.text(self.number, "number", max: 50)
        try Field.text(self.code, "code", max: 50)
    }
}

/// What a school or finance office learns by verifying a notice: who, what, when, where, who approved it, and
/// whether it still stands — nothing else.
public struct NoticeVerification: Codable, Sendable, Equatable {
    public var number: String
    /// `valid`, or `withdrawn` (with the reason).
    public var status: Notice.Status
    public var studioName: String
    public var hostName: String?
    public var title: String
    public var startsAt: Date
    public var endsAt: Date
    public var place: String?
    public var link: String?
    public var approvedBy: String
    public var approvedAt: Date
    public var withdrawReason: String?

    public init(
        number: String,
        status: Notice.Status,
        studioName: String,
        hostName: String?,
        title: String,
        startsAt: Date,
        endsAt: Date,
        place: String?,
        link: String?,
        approvedBy: String,
        approvedAt: Date,
        withdrawReason: String?
    ) {
        self.number = number
        self.status = status
        self.studioName = studioName
        self.hostName = hostName
        self.title = title
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.link = link
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.withdrawReason = withdrawReason
    }
}

/// Params of `activities.listStudioNotices`.
public struct StudioNoticesRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    /// 1–200, default 50.
    public var pageSize: Int?
    public var pageToken: String?

    public init(studioID: String, pageSize: Int? = nil, pageToken: String? = nil) {
        self.studioID = studioID
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) {
        try Field.text(self.studioID, "studioID", max: 64)
        try Field.pageSize(self.pageSize, max: 200)
    }
}
