import GRDB
import IdentityAPI
import Programme
import RPCServer
import ServiceKit

/// The membership service: studios at three levels, rosters, levels.
public enum MembershipService {
    public static let definition = Self.definition(studioCacheSize: StudioCache.defaultLimit)

    /// `studioCacheSize`: how many studios ``StudioCache`` keeps (0: every read goes to the database).
    public static func definition(studioCacheSize: Int) -> ServiceDefinition {
        ServiceDefinition(
            name: "membership",
            migrator: .membership,
            keySetSource: { environment in { try await Identity.keySetJSON(over: environment.peer(.identity)) } },
            register: { environment, methods in
                let accounts = AccountDirectory(
                    identity: environment.peer(.identity),
                    serviceToken: { environment.credential.token() }
                )
                MembershipHandlers(
                    database: environment.database,
                    inlineReader: environment.inlineReader,
                    identity: environment.peer(.identity),
                    accounts: accounts,
                    studioCache: StudioCache(limit: studioCacheSize)
                )
                .register(in: &methods)
            }
        )
    }
}
