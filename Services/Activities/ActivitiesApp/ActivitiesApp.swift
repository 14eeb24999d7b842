import ActivitiesService
import ArgumentParser
import ServiceKit
import Settings

/// The `activities` executable.
@main
struct ActivitiesApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activities", abstract: "The activities service.")
    @OptionGroup var options: ServiceOptions

    func run() async throws { try await ServiceHost.main(options: self.options) { _ in ActivitiesService.definition } }
}
