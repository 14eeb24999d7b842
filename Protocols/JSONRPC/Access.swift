/// Who may call a method: anyone, or a signed-in caller holding one of the named roles. The roles are the
/// application's vocabulary (the programme's are in its `Programme` module); JSON-RPC itself knows only their names.
public enum Access: Sendable, Equatable {
    /// Anyone, with or without a token (e.g. verifying a published notice).
    case anyone
    /// A signed-in caller holding at least one of these roles, by name.
    case roles(Set<String>)

    /// The role names, sorted, for documentation.
    public var roleNames: [String] {
        switch self {
        case .anyone: []
        case .roles(let roles): roles.sorted()
        }
    }
}
