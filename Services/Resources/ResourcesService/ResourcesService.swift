import GRDB
import IdentityAPI
import Logging
import Programme
import RPCServer
import ResourcesAPI
import ServiceKit

/// The resources service: studio resources and their files, themed series, micro-courses, premium selection,
/// research outcomes.
public enum ResourcesService {
    /// How long an uploaded file may wait for the resource that names it before the start-up sweep removes it.
    static let orphanGraceSeconds: Double = 24 * 3600

    public static let definition = Self.definition(limits: .default)

    public static func definition(limits: FileLimits) -> ServiceDefinition {
        ServiceDefinition(
            name: "resources",
            migrator: .resources,
            keySetSource: { environment in { try await Identity.keySetJSON(over: environment.peer(.identity)) } },
            register: { environment, methods in
                let membership = environment.peer(.membership)
                let access = ResourceAccess(membership: membership)
                let store = FileStore(
                    dataDirectory: environment.settings.dataDirectory,
                    database: environment.database,
                    limits: limits
                )
                let removed = try await store.sweep(graceSeconds: Self.orphanGraceSeconds)
                if removed > 0 { environment.logger.notice("removed \(removed) orphaned files") }
                let resources = ResourceHandlers(database: environment.database, membership: membership, access: access)
                resources.register(in: &methods)
                SelectionHandlers(
                    database: environment.database,
                    membership: membership,
                    access: access,
                    resources: resources
                ).register(in: &methods)
                MetricsHandler(database: environment.database).register(in: &methods)
                ImportHandler(database: environment.database, membership: membership).register(in: &methods)
                YearPolicies.register(
                    set: Resources.setYearPolicy,
                    get: Resources.getYearPolicy,
                    database: environment.database,
                    in: &methods
                )
                methods.serve(FileRoutes(store: store, access: access).route)
            }
        )
    }
}
