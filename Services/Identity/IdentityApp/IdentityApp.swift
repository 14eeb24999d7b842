import ArgumentParser
import Auth
import Foundation
import IdentityAPI
import IdentityService
import JSONRPC
import Programme
import ServiceKit
import Settings

/// The `identity` executable: serves by default; `identity mint-token` prints an access token for operators;
/// `identity bootstrap-admin` creates the first province-office admin.
@main
struct IdentityApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "The identity service.",
        subcommands: [Serve.self, MintToken.self, BootstrapAdmin.self],
        defaultSubcommand: Serve.self
    )

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the identity service (the default).")
        @OptionGroup var options: ServiceOptions
        @OptionGroup var training: TrainingOptions
        func run() async throws {
            try await ServiceHost.main(options: self.options, flags: self.training.flags) { source in
                IdentityService.definition(training: TrainingOptions.system(from: source))
            }
        }
    }

    /// Where the teacher-training system publishes its keys, and what its tokens must say.
    struct TrainingOptions: ParsableArguments {
        @Option(help: "The training system's JWKS file (TRAINING_JWKS_FILE).") var trainingJwksFile: String?
        @Option(help: "The training system's JWKS URL (TRAINING_JWKS_URL).") var trainingJwksUrl: String?
        @Option(help: "The issuer its tokens carry (TRAINING_ISSUER, default shixun.zjer.cn).") var trainingIssuer: String?
        @Option(help: "The audience its tokens carry for this platform (TRAINING_AUDIENCE, default mingshi).")
        var trainingAudience: String?

        var flags: [String: SettingsSource.Flag?] {
            [
                "training.jwks.file": self.trainingJwksFile.map { .string($0) },
                "training.jwks.url": self.trainingJwksUrl.map { .string($0) },
                "training.issuer": self.trainingIssuer.map { .string($0) },
                "training.audience": self.trainingAudience.map { .string($0) },
            ]
        }

        static func system(from source: SettingsSource) -> TrainingSystem {
            TrainingSystem(
                jwksFile: source.string("training.jwks.file"),
                jwksURL: source.string("training.jwks.url"),
                issuer: source.string("training.issuer") ?? "shixun.zjer.cn",
                audience: source.string("training.audience") ?? "mingshi"
            )
        }
    }

    struct BootstrapAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bootstrap-admin",
            abstract: "Create the first province-office admin on an empty database; refused once an admin exists.",
            discussion: "The password is read from BOOTSTRAP_PASSWORD, or from the first line of standard input."
        )
        @Option(help: "Directory of identity's database (DATA_DIR).") var dataDir: String = "./data"
        @Option var username: String
        @Option var name: String = "项目办管理员"

        func run() async throws {
            guard let password = ProcessInfo.processInfo.environment["BOOTSTRAP_PASSWORD"] ?? readLine(strippingNewline: true),
                !password.isEmpty
            else { throw ValidationError("no password: set BOOTSTRAP_PASSWORD or pipe it on standard input") }
            let admin = try await IdentityService.bootstrapAdmin(
                dataDirectory: self.dataDir,
                username: self.username,
                password: password,
                name: self.name
            )
            print("created province-office admin \(admin.username) (\(admin.id))")
        }
    }

    struct MintToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mint-token",
            abstract: "Print an access token signed with this identity database's key."
        )
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
            let principal = Principal(
                subject: self.subject,
                roles: Set(roles),
                city: self.city,
                county: self.county,
                workstation: self.workstation
            )
            print(
                try await IdentityService.mintToken(
                    dataDirectory: self.dataDir,
                    principal: principal,
                    lifetime: .seconds(self.lifetime)
                )
            )
        }
    }
}
