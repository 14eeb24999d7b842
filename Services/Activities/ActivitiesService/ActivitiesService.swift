import ActivitiesAPI
import GRDB
import IdentityAPI
import Logging
import Programme
import RPCServer
import ServiceKit

/// The activities service: research activities and attendance, cases, subject leaders' records, featured
/// projects, electronic notices.
public enum ActivitiesService {
    public static let definition = ServiceDefinition(
        name: "activities",
        migrator: .activities,
        keySetSource: { environment in { try await Identity.keySetJSON(over: environment.peer(.identity)) } },
        register: { environment, methods in
            let database = environment.database
            let resources = environment.peer(.resources)
            let access = ActivityAccess(membership: environment.peer(.membership))
            let activities = ActivityHandlers(store: ActivityStore(database: database), access: access)
            let accounts = AccountDirectory(
                identity: environment.peer(.identity),
                serviceToken: { environment.credential.token() }
            )
            activities.register(in: &methods)
            AttendanceHandlers(database: database, access: access, activities: activities, accounts: accounts)
                .register(in: &methods)
            RecordHandlers(database: database, access: access, activities: activities, resources: resources)
                .register(in: &methods)
            ProjectHandlers(database: database, access: access, resources: resources).register(in: &methods)
            NoticeHandlers(database: database, access: access, activities: activities).register(in: &methods)
            ReviewHandlers(database: database, access: access).register(in: &methods)
            MetricsHandler(database: database, resources: resources).register(in: &methods)
            ImportHandler(database: database, access: access, accounts: accounts).register(in: &methods)
            YearPolicies.register(
                set: Activities.setYearPolicy,
                get: Activities.getYearPolicy,
                database: database,
                in: &methods
            )
            let logger = environment.logger
            environment.jobs.every(LapsedRecords.interval, "closing lapsed records") {
                let closed = try await LapsedRecords.close(database)
                if closed > 0 { logger.notice("closed the records of \(closed) activities whose window passed") }
            }
        }
    )
}
