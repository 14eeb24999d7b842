import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import PlatformTesting
import Programme
import RPCTesting
import Testing

/// Studios: creation within scope and quota, search, level changes with history, closure, Attachment 1.
@Suite("Membership: studios, quotas, levels and Attachment 1", .timeLimit(.minutes(10)))
struct StudioTests {
    typealias Fixture = MembershipFixture

    @Test("R-APP-2: a provincial studio needs its leader's application; one founded before the platform is the office's import, dated and sourced")
    func createAndRead() async throws {
        try await Fixture.run { fixture in
            let bare = await failure { try await fixture.office.call(Membership.createStudio, Fixture.studioRequest()) }
            #expect(bare?.status == .invalidArgument)
            #expect(bare?.field == "leaderApplicationID")
            #expect(bare?.rule == "R-APP-2")
            #expect(try await fixture.office.call(Membership.listStudios, .init()).totalCount == 0)

            let founded = Fixture.attachment1Day
            let created = try await fixture.office.call(Membership.importStudio, Fixture.imported(at: founded))
            #expect(created.status == .active)
            #expect(created.level == .province)
            #expect(created.createdAt == founded)
            let teacher = try await fixture.teacher("t-1")
            #expect(try await teacher.call(Membership.getStudio, .init(id: created.id)) == created)
            let history = try await fixture.office.call(Membership.getStudioHistory, .init(studioID: created.id))
            #expect(history.events.map(\.kind) == [.created])
            #expect(history.events.first?.decidedBy == "office")
            #expect(history.events.first?.reason?.contains("2019年通知附件1") == true)
        }
    }

    @Test("an import is the office's alone, never dated in the future, and names no application")
    func importRefusals() async throws {
        try await Fixture.run { fixture in
            let admin = try await fixture.caller("admin-hz", .cityAdmin, city: "hangzhou")
            let teacher = try await fixture.teacher("t-1")
            let byAdmin = await failure { try await admin.call(Membership.importStudio, Fixture.imported()) }
            #expect(byAdmin?.status == .permissionDenied)
            let byTeacher = await failure { try await teacher.call(Membership.importStudio, Fixture.imported()) }
            #expect(byTeacher?.status == .permissionDenied)
            let future = await failure {
                try await fixture.office.call(Membership.importStudio, Fixture.imported(at: Date().addingTimeInterval(86_400)))
            }
            #expect(future?.field == "createdAt")
            var withApplication = Fixture.studioRequest()
            withApplication.leaderApplicationID = "la-1"
            let named = await failure { try await fixture.office.call(Membership.importStudio, Fixture.imported(withApplication)) }
            #expect(named?.field == "studio.leaderApplicationID")
            #expect(try await fixture.office.call(Membership.listStudios, .init()).totalCount == 0)
        }
    }

    @Test("studioMetrics leaves out a studio founded after the year it is asked for")
    func metricsOfAYearLeaveOutLaterStudios() async throws {
        try await Fixture.run { fixture in
            let old = try await fixture.studio()
            let recent = try await fixture.studio(foundedAt: Date())
            let service = try await fixture.caller("svc-assessment", .service)
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            let paged2019 = try await service.call(Membership.studioMetrics, .init(year: 2019))
            #expect(paged2019.metrics.map(\.studioID) == [old.id])
            let named2019 = try await service.call(Membership.studioMetrics, .init(year: 2019, studioIDs: [old.id, recent.id]))
            #expect(named2019.metrics.map(\.studioID) == [old.id])
            let now = try await service.call(Membership.studioMetrics, .init(year: year))
            #expect(Set(now.metrics.map(\.studioID)) == [old.id, recent.id])
        }
    }

    @Test("R-APP-2: one shortlisted application founds one provincial studio; a second studio from it is refused")
    func oneApplicationOneStudio() async throws {
        try await Fixture.run { fixture in
            try await fixture.accounts("t-founder")
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            let application = try await fixture.identity.shortlist("t-founder", year: year)
            var request = Fixture.studioRequest(leader: "t-founder")
            request.leaderApplicationID = application
            let studio = try await fixture.office.call(Membership.createStudio, request)
            #expect(studio.level == .province)
            request.name = "另一个工作室"
            let again = await failure { try await fixture.office.call(Membership.createStudio, request) }
            #expect(again?.rule == "R-APP-2")
            #expect(again?.field == "leaderApplicationID")
            let studios = try await fixture.office.call(Membership.listStudios, .init(level: .province))
            #expect(studios.studios.map(\.id) == [studio.id])
        }
    }

    @Test("R-APP-1: a city studio becomes provincial only under a leader the rule allows; otherwise nothing changes")
    func promotionNeedsAnEligibleLeader() async throws {
        try await Fixture.run { fixture in
            try await fixture.accounts("t-ordinary")
            try await fixture.identity.addAccounts(["t-special"], honours: "省特级教师")
            let ordinary = try await fixture.studio(level: .city, leader: "t-ordinary")
            let refused = await failure {
                try await fixture.office.call(Membership.changeLevel, .init(studioID: ordinary.id, level: .province, reason: "晋升"))
            }
            #expect(refused?.rule == "R-APP-1")
            #expect(refused?.field == "level")
            #expect(try await fixture.office.call(Membership.getStudio, .init(id: ordinary.id)).level == .city)
            let ghost = try await fixture.studio(level: .city, leader: "t-no-account")
            #expect(
                await failure { try await fixture.office.call(Membership.changeLevel, .init(studioID: ghost.id, level: .province, reason: "晋升")) }?
                    .rule == "R-APP-1"
            )
            let special = try await fixture.studio(level: .city, leader: "t-special")
            #expect(
                try await fixture.office.call(Membership.changeLevel, .init(studioID: special.id, level: .province, reason: "晋升")).level == .province
            )
        }
    }

    @Test("a city admin creates city and county studios in their city only, within quota")
    func cityAdminScope() async throws {
        try await Fixture.run { fixture in
            _ = try await fixture.office.call(Membership.setQuota, .init(city: .hangzhou, level: .city, limit: 5))
            _ = try await fixture.office.call(Membership.setQuota, .init(city: .hangzhou, county: "西湖区", level: .county, limit: 5))
            let admin = try await fixture.caller("hz-admin", .cityAdmin, city: "hangzhou")
            _ = try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .city))
            _ = try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .county, county: "西湖区"))
            let elsewhere = await failure { try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .city, city: .ningbo)) }
            #expect(elsewhere?.status == .permissionDenied)
            #expect(elsewhere?.rule == "R-LVL-3")
            let provincial = await failure { try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .province)) }
            #expect(provincial?.status == .permissionDenied)
        }
    }

    @Test("a county admin creates county studios of their own county only")
    func countyAdminScope() async throws {
        try await Fixture.run { fixture in
            _ = try await fixture.office.call(Membership.setQuota, .init(city: .hangzhou, county: "西湖区", level: .county, limit: 3))
            let admin = try await fixture.caller("xh-admin", .countyAdmin, city: "hangzhou", county: "西湖区")
            _ = try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .county, county: "西湖区"))
            let other = await failure { try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .county, county: "上城区")) }
            #expect(other?.status == .permissionDenied)
            let city = await failure { try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .city)) }
            #expect(city?.status == .permissionDenied)
        }
    }

    @Test("R-LVL-3: the quota is reached exactly, the next studio is refused, closing one frees its place")
    func quotaBoundary() async throws {
        try await Fixture.run { fixture in
            let admin = try await fixture.caller("hz-admin", .cityAdmin, city: "hangzhou")
            let unset = await failure { try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .city)) }
            #expect(unset?.status == .failedPrecondition)
            #expect(unset?.rule == "R-LVL-3")
            _ = try await fixture.office.call(Membership.setQuota, .init(city: .hangzhou, level: .city, limit: 2))
            let first = try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .city))
            _ = try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .city))
            let third = await failure { try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .city)) }
            #expect(third?.status == .failedPrecondition)
            #expect(third?.rule == "R-LVL-3")
            let lowered = await failure { try await fixture.office.call(Membership.setQuota, .init(city: .hangzhou, level: .city, limit: 1)) }
            #expect(lowered?.field == "limit")
            _ = try await admin.call(Membership.closeStudio, .init(studioID: first.id, reason: "设而不建"))
            _ = try await admin.call(Membership.createStudio, Fixture.studioRequest(level: .city))
            let quotas = try await admin.call(Membership.listQuotas, .init())
            #expect(quotas.quotas == [Quota(city: .hangzhou, county: nil, level: .city, limit: 2, used: 2)])
        }
    }

    @Test("the province office moves unused quota between cities, never more than is unused")
    func moveQuota() async throws {
        try await Fixture.run { fixture in
            _ = try await fixture.office.call(Membership.setQuota, .init(city: .quzhou, level: .city, limit: 3))
            _ = try await fixture.studio(level: .city, city: .quzhou)
            let moved = try await fixture.office.call(
                Membership.moveQuota,
                .init(
                    level: .city,
                    fromCity: .quzhou,
                    toCity: .zhoushan,
                    amount: 3,
                    reason: "调剂"
                )
            )
            #expect(moved.quotas.map(\.limit) == [1, 3])
            let tooMuch = await failure {
                try await fixture.office.call(
                    Membership.moveQuota,
                    .init(
                        level: .city,
                        fromCity: .quzhou,
                        toCity: .zhoushan,
                        amount: 1,
                        reason: "调剂"
                    )
                )
            }
            #expect(tooMuch?.status == .failedPrecondition)
            #expect(tooMuch?.field == "amount")
            let admin = try await fixture.caller("qz-admin", .cityAdmin, city: "quzhou")
            let denied = await failure {
                try await admin.call(
                    Membership.moveQuota,
                    .init(
                        level: .city,
                        fromCity: .zhoushan,
                        toCity: .quzhou,
                        amount: 1,
                        reason: "调剂"
                    )
                )
            }
            #expect(denied?.status == .permissionDenied)
            let provincial = await failure { try await fixture.office.call(Membership.setQuota, .init(city: .hangzhou, level: .province, limit: 1)) }
            #expect(provincial?.field == "level")
        }
    }

    @Test("R-LVL-2: promotion and demotion go one level at a time, keep the history, and respect the target's quota")
    func levelChanges() async throws {
        try await Fixture.run { fixture in
            // Its leader is a 省正高级教师, so it may reach the province (R-APP-1).
            try await fixture.identity.addAccounts(["t-leader"], honours: "省正高级教师")
            let studio = try await fixture.studio(level: .county, county: "西湖区", leader: "t-leader")
            try await fixture.fill(studio, role: .subjectLeader, count: 3, prefix: "sl")
            let skip = await failure {
                try await fixture.office.call(Membership.changeLevel, .init(studioID: studio.id, level: .province, reason: "优秀"))
            }
            #expect(skip?.rule == "R-LVL-2")
            let noQuota = await failure {
                try await fixture.office.call(Membership.changeLevel, .init(studioID: studio.id, level: .city, reason: "优秀"))
            }
            #expect(noQuota?.rule == "R-LVL-3")
            _ = try await fixture.office.call(Membership.setQuota, .init(city: .hangzhou, level: .city, limit: 1))
            let admin = try await fixture.caller("hz-admin", .cityAdmin, city: "hangzhou")
            let city = try await admin.call(Membership.changeLevel, .init(studioID: studio.id, level: .city, reason: "考核优秀"))
            #expect(city.level == .city)
            let adminToProvince = await failure {
                try await admin.call(Membership.changeLevel, .init(studioID: studio.id, level: .province, reason: "x"))
            }
            #expect(adminToProvince?.status == .permissionDenied)
            _ = try await fixture.office.call(Membership.changeLevel, .init(studioID: studio.id, level: .province, reason: "晋升省级"))
            let back = try await fixture.office.call(Membership.changeLevel, .init(studioID: studio.id, level: .city, reason: "考核不合格"))
            #expect(back.level == .city)
            let history = try await fixture.office.call(Membership.getStudioHistory, .init(studioID: studio.id))
            #expect(history.events.map(\.kind) == [.created, .promoted, .promoted, .demoted])
            #expect(history.events.last?.reason == "考核不合格")
            #expect(history.events.last?.fromLevel == .province)
            let roster = try await fixture.office.call(Membership.getRoster, .init(studioID: studio.id))
            #expect(roster.members.count == 3)
        }
    }

    @Test("closing keeps the studio and its history; a closed studio takes no roster changes")
    func closure() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            let admin = try await fixture.caller("hz-admin", .cityAdmin, city: "hangzhou")
            let outside = await failure { try await admin.call(Membership.closeStudio, .init(studioID: studio.id, reason: "x")) }
            #expect(outside?.status == .permissionDenied)
            let blank = await failure { try await fixture.office.call(Membership.closeStudio, .init(studioID: studio.id, reason: " ")) }
            #expect(blank?.field == "reason")
            let closed = try await fixture.office.call(Membership.closeStudio, .init(studioID: studio.id, reason: "建而不用"))
            #expect(closed.status == .closed)
            let again = await failure { try await fixture.office.call(Membership.closeStudio, .init(studioID: studio.id, reason: "again")) }
            #expect(again?.status == .failedPrecondition)
            try await fixture.accounts("t-9")
            let teacher = try await fixture.teacher("t-9")
            let join = await failure { try await teacher.call(Membership.joinAsNetworkMember, .init(studioID: studio.id)) }
            #expect(join?.rule == "R-MGT-5")
            let history = try await fixture.office.call(Membership.getStudioHistory, .init(studioID: studio.id))
            #expect(history.events.last?.kind == .closed)
            #expect(history.events.last?.reason == "建而不用")
        }
    }

    @Test("search filters combine and pages cover every match once")
    func search() async throws {
        try await Fixture.run { fixture in
            for index in 0..<7 {
                var request = Fixture.studioRequest()
                request.city = index < 5 ? .ningbo : .wenzhou
                request.kind = index % 2 == 0 ? .subject : .classTeacher
                _ = try await fixture.office.call(Membership.importStudio, Fixture.imported(request))
            }
            let teacher = try await fixture.teacher("t-1")
            var seen: [String] = []
            var token: String?
            repeat {
                let page = try await teacher.call(Membership.listStudios, .init(city: .ningbo, pageSize: 2, pageToken: token))
                #expect(page.totalCount == 5)
                seen += page.studios.map(\.id)
                token = page.nextPageToken
            } while token != nil
            #expect(seen.count == 5)
            #expect(Set(seen).count == 5)
            let both = try await teacher.call(Membership.listStudios, .init(city: .ningbo, kind: .classTeacher))
            #expect(both.totalCount == 2)
            let bad = await failure { try await teacher.call(Membership.listStudios, .init(pageSize: 0)) }
            #expect(bad?.field == "pageSize")
            let forged = await failure { try await teacher.call(Membership.listStudios, .init(pageToken: "%%%")) }
            #expect(forged?.field == "pageToken")
        }
    }

    @Test("workstations are assigned to provincial studios by the province office and searchable")
    func workstations() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            let cityStudio = try await fixture.studio(level: .city)
            _ = try await fixture.office.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-1"))
            let notProvincial = await failure {
                try await fixture.office.call(Membership.assignWorkstation, .init(studioID: cityStudio.id, workstation: "ws-1"))
            }
            #expect(notProvincial?.rule == "R-MGT-1")
            let workstation = try await fixture.caller("ws-1-admin", .workstation)
            #expect(
                await failure { try await workstation.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-2")) }?.status
                    == .permissionDenied
            )
            let supervised = try await workstation.call(Membership.listStudios, .init(workstation: "ws-1"))
            #expect(supervised.studios.map(\.id) == [studio.id])
        }
    }

    @Test("a studio read again after each change shows the change")
    func readsFollowWrites() async throws {
        try await Fixture.run { fixture in
            let studio = try await fixture.studio()
            let teacher = try await fixture.teacher("t-1")
            #expect(try await teacher.call(Membership.getStudio, .init(id: studio.id)).workstation == nil)
            _ = try await fixture.office.call(Membership.assignWorkstation, .init(studioID: studio.id, workstation: "ws-1"))
            #expect(try await teacher.call(Membership.getStudio, .init(id: studio.id)).workstation == "ws-1")
            _ = try await fixture.office.call(
                Membership.setPairedSchool,
                .init(studioID: studio.id, school: .init(name: "淳安县中心小学", city: .hangzhou, county: "淳安县", kind: .townSchool))
            )
            #expect(try await teacher.call(Membership.getStudio, .init(id: studio.id)).pairedSchool?.name == "淳安县中心小学")
            _ = try await fixture.office.call(Membership.setQuota, .init(city: .hangzhou, level: .city, limit: 1))
            _ = try await fixture.office.call(Membership.changeLevel, .init(studioID: studio.id, level: .city, reason: "降级"))
            #expect(try await teacher.call(Membership.getStudio, .init(id: studio.id)).level == .city)
            _ = try await fixture.office.call(Membership.closeStudio, .init(studioID: studio.id, reason: "建而不用"))
            #expect(try await teacher.call(Membership.getStudio, .init(id: studio.id)).status == .closed)
        }
    }

    @Test("R-STAT-1: Attachment 1 counts active studios per city and level, and its CSV parses back")
    func attachment1() async throws {
        try await Fixture.run { fixture in
            _ = try await fixture.studio()
            _ = try await fixture.studio(city: .ningbo)
            _ = try await fixture.studio(level: .city, city: .ningbo)
            let closed = try await fixture.studio(level: .county, city: .lishui, county: "龙泉市")
            _ = try await fixture.office.call(Membership.closeStudio, .init(studioID: closed.id, reason: "设而不建"))
            let teacher = try await fixture.teacher("t-1")
            let table = try await teacher.call(Membership.attachment1, .init())
            #expect(table.rows.count == City.allCases.count)
            #expect(table.rows.first { $0.city == .ningbo } == .init(city: .ningbo, province: 1, cityLevel: 1, county: 0))
            #expect(table.rows.first { $0.city == .lishui }?.total == 0)
            #expect(table.totals == .init(province: 2, cityLevel: 1, county: 0))
            let export = try await teacher.call(Membership.exportAttachment1, .init())
            #expect(export.csv.hasPrefix("\u{FEFF}设区市,省级,市级,县级,合计"))
            let lines = export.csv.dropFirst().split(separator: "\r\n").map { $0.split(separator: ",").map(String.init) }
            #expect(lines.count == City.allCases.count + 2)
            #expect(lines.first { $0.first == "宁波" } == ["宁波", "1", "1", "0", "2"])
            #expect(lines.last == ["合计", "2", "1", "0", "3"])
        }
    }

    @Test("teachers and anonymous callers cannot create studios")
    func refusals() async throws {
        try await Fixture.run { fixture in
            let teacher = try await fixture.teacher("t-1")
            #expect(await failure { try await teacher.call(Membership.createStudio, Fixture.studioRequest()) }?.status == .permissionDenied)
            #expect(
                await failure { try await teacher.call(Membership.setQuota, .init(city: .hangzhou, level: .city, limit: 1)) }?.status
                    == .permissionDenied
            )
            #expect(
                await failure { try await fixture.server.transport().call(Membership.createStudio, Fixture.studioRequest()) }?.status
                    == .unauthenticated
            )
            #expect(await failure { try await fixture.server.transport().call(Membership.getStudio, .init(id: "x")) }?.status == .unauthenticated)
        }
    }

    @Test("bad input names the field, and the rule where one applies")
    func badInput() async throws {
        try await Fixture.run { fixture in
            let noCounty = await failure { try await fixture.office.call(Membership.createStudio, Fixture.studioRequest(level: .county)) }
            #expect(noCounty?.field == "county")
            #expect(noCounty?.rule == "R-GEO-1")
            var blank = Fixture.studioRequest()
            blank.name = "  "
            #expect(await failure { try await fixture.office.call(Membership.createStudio, blank) }?.field == "name")
            let token = try await fixture.keys.token(subject: "office", roles: .provinceOffice)
            let response = try await HTTP1.post(
                port: fixture.server.port,
                body: """
                    {"jsonrpc":"2.0","method":"membership.createStudio","id":1,"params":{"name":"x","level":"galaxy","city":"hangzhou",
                     "stage":"primary","subject":"数学","kind":"subject","leaderID":"t"}}
                    """,
                headers: ["authorization": "Bearer \(token)"]
            )
            #expect(response.json?["error"]?["code"] == -32602)
            #expect(response.json?["error"]?["data"]?["field"] == "level")
            let missing = await failure { try await fixture.office.call(Membership.getStudio, .init(id: "st-none")) }
            #expect(missing?.status == .notFound)
            #expect(missing?.field == "id")
        }
    }

    @Test("a retried create with the same idempotency key returns the first studio and creates no second")
    func idempotency() async throws {
        try await Fixture.run { fixture in
            let plan = Fixture.imported(at: Date())
            let first = try await fixture.office.call(Membership.importStudio, plan, options: .init(idempotencyKey: "k-1"))
            let retry = try await fixture.office.call(Membership.importStudio, plan, options: .init(idempotencyKey: "k-1"))
            let other = try await fixture.office.call(Membership.importStudio, plan, options: .init(idempotencyKey: "k-2"))
            #expect(first == retry)
            #expect(other.id != first.id)
            #expect(try await fixture.office.call(Membership.listStudios, .init()).totalCount == 2)
        }
    }

    @Test("a studio stored with a paired school's city or a level that is none of the cases answers INTERNAL naming it")
    func unreadableStudio() async throws {
        try await Fixture.run { fixture in
            let broken = try await fixture.studio(leader: "leader-1")
            let intact = try await fixture.studio(leader: "leader-2")
            let database = try DatabaseQueue(path: fixture.directory.appendingPathComponent("membership.sqlite").path)
            try await database.write { db in
                // Before, a paired school in an unknown city read silently as no paired school at all.
                try db.execute(
                    sql: "UPDATE studio SET pairedSchoolName = '某校', pairedSchoolCity = 'atlantis' WHERE id = ?",
                    arguments: [broken.id]
                )
            }
            let listed = await failure { try await fixture.office.call(Membership.listStudios, .init()) }
            #expect(listed?.status == .internal)
            #expect(listed?.message == "studio \(broken.id) is stored in a form this version cannot read")
            try await database.write { db in
                try db.execute(
                    sql: "UPDATE studio SET pairedSchoolName = NULL, pairedSchoolCity = NULL, level = 'galaxy' WHERE id = ?",
                    arguments: [broken.id]
                )
            }
            try database.close()
            let read = await failure { try await fixture.office.call(Membership.listStudios, .init()) }
            #expect(read?.message == "studio \(broken.id) is stored in a form this version cannot read")
            #expect(try await fixture.office.call(Membership.getStudio, .init(id: intact.id)) == intact)
        }
    }
}
