import ArgumentParser
import Programme

/// `mingshi`: the operators' command-line tool for the platform.
@main
struct Mingshi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mingshi",
        abstract: "Operate the Zhejiang master teacher network studio platform (浙江名师网).",
        subcommands: [
            Call.self, Describe.self, Discover.self, Login.self, Logout.self, ImportAccounts.self, SetCalendar.self,
            LoadRules.self, Assess.self, Export.self, Seed.self, LoadMembership.self, LoadResources.self, LoadActivities.self, GenerateRoster.self,
            DemoTrainingSystem.self,
            DemoTrainingToken.self,
            DemoTrainingSignIn.self,
        ]
    )
}

/// Where a service listens unless told otherwise (``PlatformService``: 8081–8085 in service order).
enum DefaultURL {
    static let services = PlatformService.allCases.map(\.rawValue)

    static func forService(_ name: String) -> String {
        (PlatformService(rawValue: name) ?? .identity).defaultURL
    }

    /// The service a method belongs to, from its `service.verbNoun` name.
    static func forMethod(_ method: String) -> String {
        Self.forService(String(method.split(separator: ".").first ?? ""))
    }
}
