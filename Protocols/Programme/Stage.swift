/// R-TYPE-1 education stages.
public enum Stage: String, Codable, Sendable, CaseIterable {
    case preschool, primary, juniorSecondary, seniorSecondary, special, vocational, higher
}
