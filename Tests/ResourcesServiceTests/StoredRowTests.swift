import Foundation
import GRDB
import JSONRPC
import RPCTesting
import ResourcesAPI
import Testing

/// A row this version cannot read (written by hand, or by a later version) is an error naming it, never a crash or
/// a value passed on unchecked.
@Suite("Resources: rows the service cannot read", .timeLimit(.minutes(10)))
struct StoredRowTests {
    @Test("a resource stored with a visibility that is none of the cases answers INTERNAL naming it; the rest is served")
    func unreadableVisibility() async throws {
        try await ResourcesFixture.run { fixture in
            let broken = try await fixture.publish("被改坏的资源")
            let intact = try await fixture.publish("完好的资源")
            let database = try DatabaseQueue(path: fixture.dataDirectory.appendingPathComponent("resources.sqlite").path)
            try await database.write { db in
                try db.execute(sql: "UPDATE resource SET visibility = 'everyone' WHERE id = ?", arguments: [broken.id])
            }
            try database.close()

            let anonymous = try fixture.resources.transport()
            let error = await failure { try await anonymous.call(Resources.getResource, .init(id: broken.id)) }
            #expect(error?.status == .internal)
            #expect(error?.message == "resource \(broken.id) is stored in a form this version cannot read")
            #expect(try await anonymous.call(Resources.getResource, .init(id: intact.id)) == intact)
            #expect(try await anonymous.call(Reserved.healthCheck) == HealthStatus(status: .serving))
        }
    }
}
