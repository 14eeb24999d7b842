import ArgumentParser
import MembershipService
import ServiceKit

/// The `membership` executable.
@main
struct MembershipApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "membership", abstract: "The membership service.")
    @OptionGroup var options: ServiceOptions

    func run() async throws { try await ServiceHost.main(MembershipService.definition, options: self.options) }
}
