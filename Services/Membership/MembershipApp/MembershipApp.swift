import ArgumentParser
import Foundation
import MembershipService
import ServiceKit

/// The `membership` executable.
@main
struct MembershipApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "membership", abstract: "The membership service.")
    @OptionGroup var options: ServiceOptions
    @Option(help: "Studios kept in memory for reads; 0 reads every one from the database (STUDIO_CACHE_SIZE, default 20000).")
    var studioCacheSize: Int?

    func run() async throws {
        let size = self.studioCacheSize ?? ProcessInfo.processInfo.environment["STUDIO_CACHE_SIZE"].flatMap { Int($0) }
        try await ServiceHost.main(MembershipService.definition(studioCacheSize: size ?? StudioCache.defaultLimit), options: self.options)
    }
}
