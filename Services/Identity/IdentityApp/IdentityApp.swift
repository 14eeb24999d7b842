import ArgumentParser
import Auth
import IdentityService
import JSONRPC
import ServiceKit

/// The `identity` executable: serves by default; `identity mint-token` prints an access token for operators.
@main
struct IdentityApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity", abstract: "The identity service.", subcommands: [Serve.self, MintToken.self],
        defaultSubcommand: Serve.self)

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the identity service (the default).")
        @OptionGroup var options: ServiceOptions
        func run() async throws { try await ServiceHost.main(IdentityService.definition, options: self.options) }
    }

    struct MintToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mint-token", abstract: "Print an access token signed with this identity database's key.")
        @Option(help: "Directory of identity's database (DATA_DIR).") var dataDir: String = "./data"
        @Option(help: "The account id the token names.") var subject: String
        @Option(help: "A role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")); repeat for several.")
        var role: [String]
        @Option(help: "City scope (city and county admins).") var city: String?
        @Option(help: "County scope (county admins).") var county: String?
        @Option(help: "Workstation scope.") var workstation: String?
        @Option(help: "Lifetime in seconds.") var lifetime: Int = 3600

        func run() async throws {
            let roles = try self.role.map { name in
                guard let role = Role(rawValue: name) else { throw ValidationError("unknown role '\(name)'") }
                return role
            }
            let principal = Principal(subject: self.subject, roles: Set(roles), city: self.city, county: self.county,
                                      workstation: self.workstation)
            print(try await IdentityService.mintToken(
                dataDirectory: self.dataDir, principal: principal, lifetime: .seconds(self.lifetime)))
        }
    }
}
