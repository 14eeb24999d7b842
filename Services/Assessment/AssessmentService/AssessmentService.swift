import GRDB
import IdentityAPI
import Programme
import RPCServer
import ServiceKit

/// The assessment service: rule sets, runs over the other services' metrics, rankings, tiers, credits.
public enum AssessmentService {
    public static let definition = ServiceDefinition(
        name: "assessment",
        migrator: .assessment,
        keySetSource: { environment in { try await Identity.keySetJSON(over: environment.peer(.identity)) } },
        register: { environment, methods in
            let pull = MetricPull(
                membership: environment.peer(.membership),
                resources: environment.peer(.resources),
                activities: environment.peer(.activities)
            )
            let closing = YearClosing(resources: environment.peer(.resources), activities: environment.peer(.activities))
            RunHandlers(
                database: environment.database,
                pull: pull,
                closing: closing,
                membership: environment.peer(.membership),
                identity: environment.peer(.identity)
            )
            .register(in: &methods)
            QueryHandlers(database: environment.database).register(in: &methods)
            BureauFloorHandlers(database: environment.database).register(in: &methods)
            ProvenanceHandlers(
                database: environment.database,
                membership: environment.peer(.membership),
                pull: pull,
                serviceToken: { environment.credential.token() }
            )
            .register(in: &methods)
            FlagReviewHandlers(database: environment.database).register(in: &methods)
            LiveChecklistHandler(
                database: environment.database,
                pull: pull,
                membership: environment.peer(.membership),
                serviceToken: { environment.credential.token() }
            )
            .register(in: &methods)
        }
    )
}
