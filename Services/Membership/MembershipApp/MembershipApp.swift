import ArgumentParser
import Foundation
import MembershipService
import ServiceKit
import Settings

/// The `membership` executable.
@main
struct MembershipApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "membership", abstract: "The membership service.")
    @OptionGroup var options: ServiceOptions
    @Option(help: "Studios kept in memory for reads; 0 reads every one from the database (STUDIO_CACHE_SIZE, default 20000).")
    var studioCacheSize: Int?

    func run() async throws {
        try await ServiceHost.main(options: self.options, flags: ["studio.cache.size": self.studioCacheSize.map { .int($0) }]) { source in
            MembershipService.definition(studioCacheSize: try source.int("studio.cache.size", default: StudioCache.defaultLimit))
        }
    }
}
