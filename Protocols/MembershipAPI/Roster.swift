import Foundation
import JSONRPC
import Programme

/// A teacher's role inside one studio (R-COMP-2, R-COMP-5, R-COMP-6). The leader is the studio's `leaderID`.
public enum MemberRole: String, Codable, Sendable, CaseIterable {
    case subjectLeader, coreMember, networkMember
}

/// What the roster rules need to know of a teacher's account, as identity mirrors it from the teacher-training
/// system: the school's city decides R-COMP-3, the rural flag R-COMP-4, the paired-region flag R-COMP-6 ordering.
public struct MemberProfile: Codable, Sendable, Equatable {
    /// The identity account id.
    public var teacherID: String
    /// The real name (R-APP-8).
    public var name: String
    public var school: String
    public var schoolCity: City
    /// The school is a rural (乡村/镇区) school.
    public var rural: Bool
    /// The teacher comes from a paired-assistance region outside the province (对口援建地区).
    public var pairedRegion: Bool

    public init(
        teacherID: String,
        name: String,
        school: String,
        schoolCity: City,
        rural: Bool = false,
        pairedRegion: Bool = false
    ) {
        self.teacherID = teacherID
        self.name = name
        self.school = school
        self.schoolCity = schoolCity
        self.rural = rural
        self.pairedRegion = pairedRegion
    }

}

/// One dated roster entry: a teacher held `role` in the studio from `joinedAt` until `leftAt` (absent while current).
public struct Member: Codable, Sendable, Equatable {
    public var studioID: String
    public var role: MemberRole
    public var profile: MemberProfile
    /// For a core member, the subject leader mentoring them (R-COMP-5).
    public var mentorID: String?
    public var joinedAt: Date
    public var leftAt: Date?
    public var leftReason: String?

    public init(
        studioID: String,
        role: MemberRole,
        profile: MemberProfile,
        mentorID: String?,
        joinedAt: Date,
        leftAt: Date?,
        leftReason: String?
    ) {
        self.studioID = studioID
        self.role = role
        self.profile = profile
        self.mentorID = mentorID
        self.joinedAt = joinedAt
        self.leftAt = leftAt
        self.leftReason = leftReason
    }
}

/// Params of `membership.addSubjectLeader`. The profile (school, city, rural…) is identity's record of the account,
/// never the caller's. A provincial studio's subject leaders come through an approved application (identity adds
/// them, R-APP-5/6/7) or continue in the same studio; city and county studios follow their bureau (R-APP-4).
public struct AddSubjectLeaderRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    /// The identity account of the teacher.
    public var teacherID: String

    public init(studioID: String, teacherID: String) {
        self.studioID = studioID
        self.teacherID = teacherID
    }

    public func validate() throws(RPCError) { try Field.text(self.teacherID, "teacherID", max: 100) }
}

/// Params of `membership.removeMember`: a member leaves the studio; a leaving subject leader's mentees are
/// reassigned (R-COMP-5).
public struct RemoveMemberRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var teacherID: String
    public var reason: String
    /// Where a leaving subject leader's mentees go; when absent, each goes to the subject leader mentoring the
    /// fewest, while any has room.
    public var reassignTo: String?

    public init(studioID: String, teacherID: String, reason: String, reassignTo: String? = nil) {
        self.studioID = studioID
        self.teacherID = teacherID
        self.reason = reason
        self.reassignTo = reassignTo
    }

    public func validate() throws(RPCError) { try Field.reason(self.reason) }
}

/// The result of `membership.removeMember`.
public struct RemovalResult: Codable, Sendable, Equatable {
    public var removed: Member
    /// Mentees moved to another subject leader: core member id → new mentor id.
    public var reassigned: [String: String]
    /// Mentees left without a mentor because no subject leader had room (R-COMP-5).
    public var unassigned: [String]

    public init(removed: Member, reassigned: [String: String], unassigned: [String]) {
        self.removed = removed
        self.reassigned = reassigned
        self.unassigned = unassigned
    }
}

/// Params of `membership.assignMentor` (R-COMP-5).
public struct AssignMentorRequest: Codable, Sendable, Equatable {
    public var studioID: String
    public var teacherID: String
    public var mentorID: String

    public init(studioID: String, teacherID: String, mentorID: String) {
        self.studioID = studioID
        self.teacherID = teacherID
        self.mentorID = mentorID
    }
}

/// Params of `membership.joinAsNetworkMember` and `membership.requestToJoin`: the caller joins with their own
/// account (R-APP-8), whose profile and real name identity records.
public struct JoinRequestParams: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var message: String?

    public init(studioID: String, message: String? = nil) {
        self.studioID = studioID
        self.message = message
    }

    public func validate() throws(RPCError) { try Field.optionalText(self.message, "message", max: 500) }
}

/// A teacher's request to become a core member (R-APP-8).
public struct JoinRequest: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable { case pending, approved, declined }
    public var id: String
    public var studioID: String
    public var profile: MemberProfile
    public var message: String?
    public var status: Status
    public var createdAt: Date
    public var decidedAt: Date?
    public var decidedBy: String?
    public var reason: String?

    public init(
        id: String,
        studioID: String,
        profile: MemberProfile,
        message: String?,
        status: Status,
        createdAt: Date,
        decidedAt: Date?,
        decidedBy: String?,
        reason: String?
    ) {
        self.id = id
        self.studioID = studioID
        self.profile = profile
        self.message = message
        self.status = status
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.reason = reason
    }
}

/// Params of `membership.decideJoinRequest`.
public struct DecideJoinRequest: Codable, Sendable, Equatable, Validatable {
    public var requestID: String
    public var approve: Bool
    /// Required when declining.
    public var reason: String?
    /// The mentoring subject leader; when absent on approval, the subject leader mentoring the fewest with room.
    public var mentorID: String?

    public init(requestID: String, approve: Bool, reason: String? = nil, mentorID: String? = nil) {
        self.requestID = requestID
        self.approve = approve
        self.reason = reason
        self.mentorID = mentorID
    }

    public func validate() throws(RPCError) {
        if !self.approve { try Field.reason(self.reason ?? "") }
        try Field.optionalText(self.reason, "reason", max: 500)
    }
}

/// Params of `membership.listJoinRequests`.
public struct ListJoinRequestsRequest: Codable, Sendable, Equatable {
    public var studioID: String
    /// Defaults to pending.
    public var status: JoinRequest.Status?

    public init(studioID: String, status: JoinRequest.Status? = nil) {
        self.studioID = studioID
        self.status = status
    }
}

/// The result of `membership.listJoinRequests`, oldest first.
public struct JoinRequestList: Codable, Sendable, Equatable {
    public var requests: [JoinRequest]
    public init(requests: [JoinRequest]) { self.requests = requests }
}

/// Params of `membership.getRoster`.
public struct GetRosterRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var role: MemberRole?
    /// The roster as it stood at this instant; defaults to now.
    public var asOf: Date?
    /// 1–1000, default 100.
    public var pageSize: Int?
    public var pageToken: String?

    public init(
        studioID: String,
        role: MemberRole? = nil,
        asOf: Date? = nil,
        pageSize: Int? = nil,
        pageToken: String? = nil
    ) {
        self.studioID = studioID
        self.role = role
        self.asOf = asOf
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public func validate() throws(RPCError) { try Field.pageSize(self.pageSize, max: 1000) }
}

/// One page of a roster: subject leaders, then core members, then network members; within a role, teachers from
/// paired-assistance regions first (R-COMP-6), then by joining order.
public struct RosterPage: Codable, Sendable, Equatable {
    public var members: [Member]
    public var nextPageToken: String?
    public init(members: [Member], nextPageToken: String?) {
        self.members = members
        self.nextPageToken = nextPageToken
    }
}

/// Params of `membership.listMyMemberships`: none; the caller's own.
public struct MyMemberships: Codable, Sendable, Equatable {
    public var memberships: [Member]
    public var requests: [JoinRequest]
    /// The active studios the caller leads (R-COMP-1).
    public var leads: [String]
    public init(memberships: [Member], requests: [JoinRequest], leads: [String] = []) {
        self.memberships = memberships
        self.requests = requests
        self.leads = leads
    }

    /// The studios the caller belongs to now: those they lead and those on whose roster they are.
    public var studioIDs: Set<String> { Set(self.leads).union(self.memberships.map(\.studioID)) }
}
