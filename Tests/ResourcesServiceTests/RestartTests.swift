import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import MembershipService
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI
import Testing

/// What survives a restart of the resources service, and what the start-up sweep removes.
@Suite("Resources: restart and orphaned files", .timeLimit(.minutes(10)))
struct RestartTests {
    @Test("after a restart, published files remain; a file without its row and a long-unused upload are removed")
    func sweep() async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            let jwks = try keys.writeJWKS(in: directory)
            try await withRunningService(MembershipService.definition, dataDirectory: directory, jwksFile: jwks) { membership in
                let office = try membership.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
                let studio = try await ResourcesFixture.makeStudio(office, leader: "leader", city: .ningbo)
                let kept = ResourcesFixture.pdf("kept")
                let unused = ResourcesFixture.pdf("unused")
                var resource: Resource?
                try await ResourcesFixture.runResources(directory: directory, jwks: jwks, membership: membership) { resources in
                    let leader = try resources.transport(token: try await keys.token(subject: "leader", roles: .teacher))
                    #expect(try await leader.send("PUT", path: "/files/\(ResourcesFixture.sha256(kept))", body: DataBodySource(kept)).status == 201)
                    #expect(
                        try await leader.send("PUT", path: "/files/\(ResourcesFixture.sha256(unused))", body: DataBodySource(unused)).status == 201
                    )
                    resource = try await leader.call(
                        Resources.createResource,
                        .init(
                            studioID: studio.id,
                            title: "保留的资源",
                            type: .document,
                            stage: .primary,
                            subject: "数学",
                            year: ResourcesFixture.year,
                            visibility: .public,
                            files: [.init(sha256: ResourcesFixture.sha256(kept), fileName: "kept.pdf")]
                        )
                    )
                }
                // While stopped: the unused upload is two days old, and a file sits without a row (a crash between
                // linking the file and writing its row).
                let database = try DatabaseQueue(path: directory.appendingPathComponent("resources.sqlite").path)
                try await database.write { db in
                    try db.execute(
                        sql: "UPDATE blob SET createdAt = ? WHERE sha256 = ?",
                        arguments: [Date().addingTimeInterval(-2 * 86_400), ResourcesFixture.sha256(unused)]
                    )
                }
                try database.close()
                let stray = ResourcesFixture.pdf("stray")
                let strayName = ResourcesFixture.sha256(stray)
                let strayDirectory = directory.appendingPathComponent("files/\(strayName.prefix(2))")
                try FileManager.default.createDirectory(at: strayDirectory, withIntermediateDirectories: true)
                try stray.write(to: strayDirectory.appendingPathComponent(strayName))

                try await ResourcesFixture.runResources(directory: directory, jwks: jwks, membership: membership) { resources in
                    let anonymous = try resources.transport()
                    #expect(try await anonymous.call(Resources.getResource, .init(id: resource!.id)) == resource!)
                    #expect(try await anonymous.send("GET", path: "/files/\(ResourcesFixture.sha256(kept))").body == kept)
                    let leader = try resources.transport(token: try await keys.token(subject: "leader", roles: .teacher))
                    #expect(try await leader.send("GET", path: "/files/\(ResourcesFixture.sha256(unused))").status == 404)
                    #expect(try await leader.send("HEAD", path: "/files/\(strayName)").status == 404)
                }
                let remaining = try FileManager.default.subpathsOfDirectory(atPath: directory.appendingPathComponent("files").path)
                    .filter { $0.split(separator: "/").count == 2 }
                #expect(remaining == ["\(ResourcesFixture.sha256(kept).prefix(2))/\(ResourcesFixture.sha256(kept))"])
            }
        }
    }
}
