import GRDB
import IdentityAPI
import RPCServer
import ServiceKit

/// The membership service: studios at three levels, rosters, levels.
public enum MembershipService {
    public static let definition = ServiceDefinition(
        name: "membership", migrator: .membership,
        keySetSource: { environment in { try await Identity.keySetJSON(over: environment.peer("identity")) } },
        register: { environment, methods in
            MembershipHandlers(database: environment.database, identity: environment.peer("identity"))
                .register(in: &methods)
        })
}
