import Foundation
import JSONRPC
import Programme

/// A master teacher network studio.
public struct Studio: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var level: StudioLevel
    public var city: City
    public var county: String?
    /// Education stage and subject or vocational major, e.g. "初中英语" (R-TYPE-1).
    public var stage: Stage
    public var subject: String
    public var kind: StudioKind
    /// The identity account of the leader (R-COMP-1).
    public var leaderID: String
    public var status: StudioStatus
    public var createdAt: Date
    /// The workstation supervising a provincial studio (R-MGT-1); nil until the province office assigns one.
    public var workstation: String?
    /// The rural school the studio pairs with and supports (R-COMP-7); nil until the leader names it.
    public var pairedSchool: PairedSchool?

    public init(
        id: String,
        name: String,
        level: StudioLevel,
        city: City,
        county: String?,
        stage: Stage,
        subject: String,
        kind: StudioKind,
        leaderID: String,
        status: StudioStatus,
        createdAt: Date,
        workstation: String? = nil,
        pairedSchool: PairedSchool? = nil
    ) {
        self.workstation = workstation
        self.pairedSchool = pairedSchool
        self.id = id
        self.name = name
        self.level = level
        self.city = city
        self.county = county
        self.stage = stage
        self.subject = subject
        self.kind = kind
        self.leaderID = leaderID
        self.status = status
        self.createdAt = createdAt
    }
}

public enum StudioStatus: String, Codable, Sendable, CaseIterable { case active, closed }

/// The rural school a studio pairs with (R-COMP-7): a town or village school, or a weak county vocational school.
public struct PairedSchool: Codable, Sendable, Equatable {
    /// What kind of school it is: R-COMP-7 pairs a studio with a rural school — a town or village school, or a weak
    /// county vocational school (乡镇或农村学校、县域薄弱职业学校).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case townSchool, villageSchool, weakCountyVocational, urbanSchool

        /// Whether a school of this kind satisfies R-COMP-7.
        public var isRural: Bool { self != .urbanSchool }
    }

    public var name: String
    public var city: City
    public var county: String
    /// Required when a school is named; absent only on schools named before kinds were recorded, which satisfy
    /// R-COMP-7 no more.
    public var kind: Kind?

    public init(name: String, city: City, county: String, kind: Kind?) {
        self.name = name
        self.city = city
        self.county = county
        self.kind = kind
    }

    /// Whether the school satisfies R-COMP-7.
    public var isRural: Bool { self.kind?.isRural == true }

    /// - Parameter member: the params member holding the school, as the caller wrote it.
    func validate(as member: String = "pairedSchool") throws(RPCError) {
        try Field.text(self.name, "\(member).name", max: 100)
        try Field.text(self.county, "\(member).county", max: 50)
        guard self.kind != nil else {
            throw .invalidArgument(
                "\(member).kind names the school's kind (townSchool, villageSchool, weakCountyVocational, urbanSchool)",
                field: "\(member).kind",
                rule: .comp7
            )
        }
    }
}

/// Params of `membership.createStudio`.
public struct CreateStudioRequest: Codable, Sendable, Equatable, Validatable {
    public var name: String
    public var level: StudioLevel
    public var city: City
    public var county: String?
    public var stage: Stage
    public var subject: String
    public var kind: StudioKind
    public var leaderID: String
    /// For a provincial studio, required: the leader's shortlisted application in identity (R-APP-2). Studios that
    /// predate the platform come in through `membership.importStudio` instead.
    public var leaderApplicationID: String?

    public init(
        name: String,
        level: StudioLevel,
        city: City,
        county: String? = nil,
        stage: Stage,
        subject: String,
        kind: StudioKind,
        leaderID: String,
        leaderApplicationID: String? = nil
    ) {
        self.leaderApplicationID = leaderApplicationID
        self.name = name
        self.level = level
        self.city = city
        self.county = county
        self.stage = stage
        self.subject = subject
        self.kind = kind
        self.leaderID = leaderID
    }

    public func validate() throws(RPCError) { try self.validate(prefix: "") }

    /// The checks, with `prefix` before each field's name (`studio.` inside an import).
    func validate(prefix: String) throws(RPCError) {
        try Field.text(self.name, prefix + "name", max: 100)
        try Field.text(self.subject, prefix + "subject", max: 50)
        try Field.text(self.leaderID, prefix + "leaderID", max: 100)
        if self.level == .county, (self.county ?? "").isEmpty {
            throw MembershipError.countyStudioWithoutCounty(field: prefix + "county").rpcError
        }
        if self.city == .provinceDirect, self.level != .province {
            throw MembershipError.provinceDirectBelowProvince(field: prefix + "city").rpcError
        }
    }
}

/// Params of `membership.importStudio`: a studio founded before the platform, as another record keeps it.
public struct ImportStudioRequest: Codable, Sendable, Equatable, Validatable {
    public var studio: CreateStudioRequest
    /// The day it was founded; not in the future.
    public var createdAt: Date
    /// Where the record comes from (a file, a notice, a former system), kept in the studio's history.
    public var source: String

    public init(studio: CreateStudioRequest, createdAt: Date, source: String) {
        self.studio = studio
        self.createdAt = createdAt
        self.source = source
    }

    public func validate() throws(RPCError) {
        try self.studio.validate(prefix: "studio.")
        guard self.studio.leaderApplicationID == nil else {
            throw .invalidArgument(
                "an imported studio names no application: it was founded before the platform",
                field: "studio.leaderApplicationID"
            )
        }
        try Field.text(self.source, "source", max: 200)
        guard self.createdAt.timeIntervalSince1970 >= 946_684_800 else {
            throw .invalidArgument("a studio founded before 2000 is not part of the programme", field: "createdAt")
        }
    }
}

/// Params of `membership.getStudio`.
public struct GetStudioRequest: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}
