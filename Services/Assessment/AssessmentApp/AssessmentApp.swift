import ArgumentParser
import AssessmentService
import ServiceKit
import Settings

/// The `assessment` executable.
@main
struct AssessmentApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assessment", abstract: "The assessment service.")
    @OptionGroup var options: ServiceOptions

    func run() async throws { try await ServiceHost.main(options: self.options) { _ in AssessmentService.definition } }
}
