/// The platform's five services, in port order, and where each listens unless told otherwise (8081–8085; the
/// console on 8080). The one list the executables, the CLI and the console read; Package.swift keeps its own copy
/// of the names, since a manifest cannot import the package's modules.
public enum PlatformService: String, CaseIterable, Sendable {
    case identity, membership, resources, activities, assessment

    /// The console's port (it is not one of the five: it owns no programme data).
    public static let consolePort = 8080

    /// 8081 for identity … 8085 for assessment.
    public var defaultPort: Int { 8081 + (Self.allCases.firstIndex(of: self) ?? 0) }

    /// `http://127.0.0.1:<defaultPort>`, where a local platform (`deploy/local/run-all.sh`) has it.
    public var defaultURL: String { "http://127.0.0.1:\(self.defaultPort)" }
}
