import Auth
import Foundation
import IdentityAPI
import IdentityService
import JSONRPC
import MembershipAPI
import Programme
import RPCTesting
import Testing

/// Admin accounts: bootstrap, password sign-in with its limits, scopes, Attachment 4, key rotation.
@Suite("Identity: admins, passwords, the city admin registry, key rotation", .timeLimit(.minutes(10)))
struct AdminTests {
    typealias Fixture = IdentityFixture

    @Test("bootstrap creates the first province-office admin once; it signs in with its password")
    func bootstrapAndPasswordSignIn() async throws {
        try await Fixture.run { fixture in
            let anonymous = try fixture.server.transport()
            let session = try await anonymous.call(Identity.signInWithPassword, .init(username: "office", password: Fixture.officePassword))
            #expect(session.roles == [.provinceOffice])
            let me = try await fixture.transport(session).call(Identity.whoAmI)
            #expect(me.name == "项目办")
            let wrong = await failure {
                try await anonymous.call(Identity.signInWithPassword, .init(username: "office", password: "wrong password!!"))
            }
            #expect(wrong?.status == .unauthenticated)
            let nobody = await failure {
                try await anonymous.call(Identity.signInWithPassword, .init(username: "nobody", password: "whatever password"))
            }
            #expect(nobody?.status == .unauthenticated)
            #expect(nobody?.message == wrong?.message)
        }
        try await withTemporaryDirectory { directory in
            _ = try await IdentityService.bootstrapAdmin(
                dataDirectory: directory.path,
                username: "first",
                password: "long enough password",
                name: "a"
            )
            let second = await failure {
                try await IdentityService.bootstrapAdmin(
                    dataDirectory: directory.path,
                    username: "second",
                    password: "long enough password",
                    name: "b"
                )
            }
            #expect(second?.status == .failedPrecondition)
        }
    }

    /// Signs in as `username` over HTTP/1.1 from the loopback address `source` (curl binds it), answering the
    /// JSON-RPC error's status, or "OK".
    static func signIn(_ port: Int, username: String, password: String, from source: String) async throws -> String {
        guard let curl = Interop.find("curl") else { throw InteropError("curl is not installed (.ci/run installs it)") }
        let body = #"{"jsonrpc":"2.0","method":"identity.signInWithPassword","id":1,"params":{"username":"\#(username)","password":"\#(password)"}}"#
        let output = try await Interop.run(
            curl,
            [
                "-s", "--interface", source, "-H", "content-type: application/json", "-d", body, "http://127.0.0.1:\(port)/rpc",
            ]
        )
        let answer = try JSONCoding.decoder.decode(JSONValue.self, from: Data(output.utf8))
        return answer["error"]?["data"]?["status"]?.stringValue ?? (answer["result"] != nil ? "OK" : "?")
    }

    @Test("wrong passwords from one address slow only that address: the office signs in from its own, and after an unlock from anywhere")
    func signInBackoff() async throws {
        try await Fixture.run { fixture in
            let port = fixture.server.port
            // An anonymous caller at 127.0.0.2 guesses: five failures are free, then that pair waits.
            for _ in 0..<5 {
                #expect(try await Self.signIn(port, username: "office", password: "not the password", from: "127.0.0.2") == "UNAUTHENTICATED")
            }
            #expect(try await Self.signIn(port, username: "office", password: "not the password", from: "127.0.0.2") == "RESOURCE_EXHAUSTED")
            // …even with the right password, from that address.
            #expect(try await Self.signIn(port, username: "office", password: Fixture.officePassword, from: "127.0.0.2") == "RESOURCE_EXHAUSTED")
            // The office at 127.0.0.1 is not held back at all.
            #expect(try await Self.signIn(port, username: "office", password: Fixture.officePassword, from: "127.0.0.1") == "OK")
            // Having signed in from 127.0.0.1, it always can from there, however many failures come from there too.
            for _ in 0..<8 {
                _ = try await Self.signIn(port, username: "office", password: "not the password", from: "127.0.0.1")
            }
            #expect(try await Self.signIn(port, username: "office", password: Fixture.officePassword, from: "127.0.0.1") == "OK")
            // A new address, never used, is slowed for others only: 127.0.0.3 signs in at once.
            #expect(try await Self.signIn(port, username: "office", password: Fixture.officePassword, from: "127.0.0.3") == "OK")
            // The operator's unlock forgets the counts: 127.0.0.2 may try again at once.
            let unlocked = try await fixture.office.call(Identity.unlockSignIn, .init(username: "office"))
            #expect(unlocked.forgotten >= 1)
            #expect(try await Self.signIn(port, username: "office", password: Fixture.officePassword, from: "127.0.0.2") == "OK")
            // Only the office may unlock.
            let teacher = try fixture.transport(try await fixture.signIn())
            #expect(await failure { try await teacher.call(Identity.unlockSignIn, .init(username: "office")) }?.status == .permissionDenied)
        }
    }

    @Test("the province office creates city admins; a city admin creates county admins of their city only")
    func adminScopes() async throws {
        try await Fixture.run { fixture in
            let hangzhou = try await fixture.office.call(
                Identity.createAdmin,
                .init(
                    username: "hz-admin",
                    password: "hangzhou admin password",
                    name: "李明",
                    role: .cityAdmin,
                    city: .hangzhou,
                    unit: "杭州市教育局",
                    phone: "13800000000",
                    contact: "hz@example.cn"
                )
            )
            #expect(hangzhou.role == .cityAdmin)
            let session = try await fixture.server.transport().call(
                Identity.signInWithPassword,
                .init(
                    username: "hz-admin",
                    password: "hangzhou admin password"
                )
            )
            let cityAdmin = try fixture.transport(session)
            #expect(try await cityAdmin.call(Identity.whoAmI).city == "hangzhou")
            _ = try await cityAdmin.call(
                Identity.createAdmin,
                .init(
                    username: "xh-admin",
                    password: "xihu admin password",
                    name: "张华",
                    role: .countyAdmin,
                    city: .hangzhou,
                    county: "西湖区"
                )
            )
            let otherCity = await failure {
                try await cityAdmin.call(
                    Identity.createAdmin,
                    .init(
                        username: "nb-county",
                        password: "ningbo county password",
                        name: "x",
                        role: .countyAdmin,
                        city: .ningbo,
                        county: "海曙区"
                    )
                )
            }
            #expect(otherCity?.status == .permissionDenied)
            let peer = await failure {
                try await cityAdmin.call(
                    Identity.createAdmin,
                    .init(
                        username: "hz-admin-2",
                        password: "another admin password",
                        name: "x",
                        role: .cityAdmin,
                        city: .hangzhou
                    )
                )
            }
            #expect(peer?.status == .permissionDenied)
            let taken = await failure {
                try await fixture.office.call(
                    Identity.createAdmin,
                    .init(
                        username: "hz-admin",
                        password: "hangzhou admin password",
                        name: "x",
                        role: .cityAdmin,
                        city: .hangzhou
                    )
                )
            }
            #expect(taken?.status == .alreadyExists)
            #expect(taken?.field == "username")
            let short = await failure {
                try await fixture.office.call(
                    Identity.createAdmin,
                    .init(
                        username: "short",
                        password: "short",
                        name: "x",
                        role: .cityAdmin,
                        city: .hangzhou
                    )
                )
            }
            #expect(short?.field == "password")
            let noCity = await failure {
                try await fixture.office.call(
                    Identity.createAdmin,
                    .init(
                        username: "nocity",
                        password: "long enough password",
                        name: "x",
                        role: .cityAdmin
                    )
                )
            }
            #expect(noCity?.field == "city")
            #expect(noCity?.rule == "R-MGT-8")

            let listed = try await cityAdmin.call(Identity.listAdmins, .init())
            #expect(Set(listed.admins.map(\.username)) == ["hz-admin", "xh-admin"])
            #expect(await failure { try await cityAdmin.call(Identity.listAdmins, .init(city: .ningbo)) }?.status == .permissionDenied)
            let teacher = try fixture.transport(try await fixture.signIn())
            #expect(await failure { try await teacher.call(Identity.listAdmins, .init()) }?.status == .permissionDenied)
        }
    }

    @Test("an admin who has a training-system account signs in through it as that admin")
    func adminThroughTrainingSystem() async throws {
        try await Fixture.run { fixture in
            var record = TrainingSystemStandIn.Teacher()
            record.trainingID = "330100197001019999"
            _ = try await fixture.office.call(
                Identity.createAdmin,
                .init(
                    username: "lz-admin",
                    password: "lishui admin password",
                    name: "刘洋",
                    role: .cityAdmin,
                    city: .lishui,
                    trainingID: record.trainingID
                )
            )
            let session = try await fixture.signIn(record)
            #expect(session.roles == [.cityAdmin])
            #expect(try await fixture.transport(session).call(Identity.whoAmI).city == "lishui")
        }
    }

    @Test("R-MGT-8: Attachment 4 lists a city's admins with unit, phone and contact, and parses back")
    func attachment4() async throws {
        try await Fixture.run { fixture in
            _ = try await fixture.office.call(
                Identity.createAdmin,
                .init(
                    username: "sx-admin",
                    password: "shaoxing admin password",
                    name: "陈静",
                    role: .cityAdmin,
                    city: .shaoxing,
                    unit: "绍兴市教育局, 电教馆",
                    phone: "13900000000",
                    contact: "12345678"
                )
            )
            let export = try await fixture.office.call(Identity.exportAttachment4, .init(city: .shaoxing))
            #expect(export.csv.hasPrefix("\u{FEFF}设区市,姓名,所在单位,联系手机,QQ号或邮箱\r\n"))
            #expect(export.csv.contains("绍兴,陈静,\"绍兴市教育局, 电教馆\",13900000000,12345678\r\n"))
            let lines = export.csv.split(separator: "\r\n")
            #expect(lines.count == 2)
        }
    }

    @Test("rotating the signing key keeps earlier tokens valid and publishes both keys")
    func keyRotation() async throws {
        try await Fixture.run { fixture in
            let before = try await fixture.signIn()
            let rotation = try await fixture.office.call(Identity.rotateSigningKey)
            #expect(rotation.publishedKeyIDs.count == 2)
            #expect(rotation.publishedKeyIDs.first == rotation.keyID)
            #expect(try await fixture.transport(before).call(Identity.whoAmI).subject == before.subject)
            let after = try await fixture.signIn()
            #expect(try await fixture.transport(after).call(Identity.whoAmI).subject == after.subject)
            let wellKnown = try await HTTP1.get(port: fixture.server.port, path: "/.well-known/jwks.json")
            #expect(wellKnown.status == 200)
            guard case .array(let published)? = wellKnown.json?["keys"] else {
                Issue.record("no keys")
                return
            }
            let kids = published.compactMap { $0["kid"]?.stringValue }
            #expect(Set(kids) == Set(rotation.publishedKeyIDs))
            let teacher = try fixture.transport(after)
            #expect(await failure { try await teacher.call(Identity.rotateSigningKey) }?.status == .permissionDenied)
        }
    }
}
