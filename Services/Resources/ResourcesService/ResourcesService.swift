import GRDB
import IdentityAPI
import RPCServer
import ServiceKit

/// The resources service: studio resources and their files.
public enum ResourcesService {
    public static let definition = ServiceDefinition(
        name: "resources", migrator: .resources,
        keySetSource: { environment in { try await Identity.keySetJSON(over: environment.peer("identity")) } },
        register: { environment, methods in
            ResourcesHandlers(database: environment.database, membership: environment.peer("membership"))
                .register(in: &methods)
        })
}
