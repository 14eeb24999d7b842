import JSONRPC

/// An approval or a rejection of something by id; a rejection says why. The params of every such decision on the
/// platform: research outcomes (R-FEAT-4), featured projects (R-FEAT-1), electronic notices (R-MGT-7).
public struct ApprovalDecision: Codable, Sendable, Equatable, Validatable {
    public var id: String
    public var approve: Bool
    public var note: String?

    public init(id: String, approve: Bool, note: String? = nil) {
        self.id = id
        self.approve = approve
        self.note = note
    }

    public func validate() throws(RPCError) {
        try Field.optionalText(self.note, "note", max: 500)
        if !self.approve, self.note == nil { throw .invalidArgument("a rejection says why", field: "note") }
    }
}
