import GRDB
import IdentityAPI
import RPCServer
import ServiceKit

/// The assessment service: rule sets, metric pulls, rankings.
public enum AssessmentService {
    public static let definition = ServiceDefinition(
        name: "assessment", migrator: .assessment,
        keySetSource: { environment in { try await Identity.keySetJSON(over: environment.peer("identity")) } },
        register: { environment, methods in
            AssessmentHandlers(database: environment.database).register(in: &methods)
        })
}
