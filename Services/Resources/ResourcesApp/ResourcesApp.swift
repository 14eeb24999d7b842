import ArgumentParser
import ResourcesService
import ServiceKit

/// The `resources` executable.
@main
struct ResourcesApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resources", abstract: "The resources service.")
    @OptionGroup var options: ServiceOptions

    func run() async throws { try await ServiceHost.main(ResourcesService.definition, options: self.options) }
}
