import GRDB
import IdentityAPI
import RPCServer
import ServiceKit

/// The activities service: research activities, attendance, notices.
public enum ActivitiesService {
    public static let definition = ServiceDefinition(
        name: "activities", migrator: .activities,
        keySetSource: { environment in { try await Identity.keySetJSON(over: environment.peer("identity")) } },
        register: { environment, methods in
            ActivitiesHandlers(database: environment.database, membership: environment.peer("membership"))
                .register(in: &methods)
        })
}
