import Auth
import Foundation
import JSONRPC
import MembershipAPI
import MembershipService
import RPCTesting
import Testing

/// membership.createStudio and membership.getStudio, on a real server and a real SQLite file.
@Suite("Membership: creating and reading studios", .timeLimit(.minutes(2)))
struct StudioTests {
    static func request(level: StudioLevel = .province, city: City = .hangzhou, county: String? = nil) -> CreateStudioRequest {
        CreateStudioRequest(name: "初中英语名师网络工作室", level: level, city: city, county: county,
                            stage: .juniorSecondary, subject: "英语", kind: .subject, leaderID: "t-100")
    }

    func withMembership(_ body: (RunningServer, TestKeys) async throws -> Void) async throws {
        let keys = try await TestKeys()
        try await withTemporaryDirectory { directory in
            try await withRunningService(MembershipService.definition, dataDirectory: directory,
                                         jwksFile: try keys.writeJWKS(in: directory)) { server in
                try await body(server, keys)
            }
        }
    }

    func status(_ call: () async throws -> some Any) async -> RPCError? {
        do { _ = try await call(); return nil } catch { return error as? RPCError }
    }

    @Test("the province office creates a provincial studio and anyone signed in reads it back")
    func createAndRead() async throws {
        try await self.withMembership { server, keys in
            let office = try server.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
            let created = try await office.call(Membership.createStudio, Self.request())
            #expect(created.status == .active)
            #expect(created.level == .province)
            let teacher = try server.transport(token: try await keys.token(subject: "t-1", roles: .teacher))
            #expect(try await teacher.call(Membership.getStudio, .init(id: created.id)) == created)
        }
    }

    @Test("a city admin creates city and county studios in their city only")
    func cityAdminScope() async throws {
        try await self.withMembership { server, keys in
            let admin = try server.transport(token: try await keys.token(subject: "hz-admin", roles: .cityAdmin, city: "hangzhou"))
            _ = try await admin.call(Membership.createStudio, Self.request(level: .city))
            _ = try await admin.call(Membership.createStudio, Self.request(level: .county, county: "西湖区"))
            let elsewhere = await self.status { try await admin.call(Membership.createStudio, Self.request(level: .city, city: .ningbo)) }
            #expect(elsewhere?.status == .permissionDenied)
            #expect(elsewhere?.rule == "R-LVL-3")
            let provincial = await self.status { try await admin.call(Membership.createStudio, Self.request(level: .province)) }
            #expect(provincial?.status == .permissionDenied)
        }
    }

    @Test("a county admin creates county studios of their own county only")
    func countyAdminScope() async throws {
        try await self.withMembership { server, keys in
            let token = try await keys.token(subject: "xh-admin", roles: .countyAdmin, city: "hangzhou", county: "西湖区")
            let admin = try server.transport(token: token)
            _ = try await admin.call(Membership.createStudio, Self.request(level: .county, county: "西湖区"))
            let other = await self.status { try await admin.call(Membership.createStudio, Self.request(level: .county, county: "上城区")) }
            #expect(other?.status == .permissionDenied)
            let city = await self.status { try await admin.call(Membership.createStudio, Self.request(level: .city)) }
            #expect(city?.status == .permissionDenied)
        }
    }

    @Test("teachers and anonymous callers cannot create studios")
    func refusals() async throws {
        try await self.withMembership { server, keys in
            let teacher = try server.transport(token: try await keys.token(subject: "t-1", roles: .teacher))
            #expect(await self.status { try await teacher.call(Membership.createStudio, Self.request()) }?.status == .permissionDenied)
            #expect(await self.status { try await server.transport().call(Membership.createStudio, Self.request()) }?.status == .unauthenticated)
            #expect(await self.status { try await server.transport().call(Membership.getStudio, .init(id: "x")) }?.status == .unauthenticated)
        }
    }

    @Test("bad input names the field, and the rule where one applies")
    func badInput() async throws {
        try await self.withMembership { server, keys in
            let office = try server.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
            let noCounty = await self.status { try await office.call(Membership.createStudio, Self.request(level: .county)) }
            #expect(noCounty?.field == "county")
            #expect(noCounty?.rule == "R-GEO-1")
            var blank = Self.request()
            blank.name = "  "
            #expect(await self.status { try await office.call(Membership.createStudio, blank) }?.field == "name")
            let response = try await HTTP1.post(port: server.port, body: """
                {"jsonrpc":"2.0","method":"membership.createStudio","id":1,"params":{"name":"x","level":"galaxy","city":"hangzhou",
                 "stage":"primary","subject":"数学","kind":"subject","leaderID":"t"}}
                """, headers: ["authorization": "Bearer \(try await keys.token(subject: "office", roles: .provinceOffice))"])
            #expect(response.json?["error"]?["code"] == -32602)
            #expect(response.json?["error"]?["data"]?["field"] == "level")
            let missing = await self.status { try await office.call(Membership.getStudio, .init(id: "st-none")) }
            #expect(missing?.status == .notFound)
            #expect(missing?.field == "id")
        }
    }

    @Test("a retried create with the same idempotency key returns the first studio and creates no second")
    func idempotency() async throws {
        try await self.withMembership { server, keys in
            let office = try server.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
            let first = try await office.call(Membership.createStudio, Self.request(), options: .init(idempotencyKey: "k-1"))
            let retry = try await office.call(Membership.createStudio, Self.request(), options: .init(idempotencyKey: "k-1"))
            let other = try await office.call(Membership.createStudio, Self.request(), options: .init(idempotencyKey: "k-2"))
            #expect(first == retry)
            #expect(other.id != first.id)
        }
    }
}
