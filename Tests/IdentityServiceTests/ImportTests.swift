import Auth
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import RPCTesting
import Testing

/// Roster import from the teacher-training system's CSV export.
@Suite("Identity: roster import from the teacher-training system", .timeLimit(.minutes(10)))
struct ImportTests {
    typealias Fixture = IdentityFixture

    static let header = "师训编号,姓名,学校,设区市,县市区,乡村学校,对口援建地区,学段,学科,职称,荣誉"
    static let rows = [
        "1001,王芳,杭州市文三街小学,杭州,西湖区,否,否,小学,数学,高级教师,杭州市学科带头人:2018",
        "1002,李强,\"淳安县千岛湖镇中心学校, 初中部\",杭州市,淳安县,是,否,初中,英语,中学一级,",
        "1003,赵敏,宁波市实验学校,宁波,海曙区,否,否,高中,物理,正高级教师,省特级教师；宁波市名师:2016",
    ]

    static func file(_ rows: [String], bom: Bool = true, lineEnd: String = "\r\n") -> String {
        (bom ? "\u{FEFF}" : "") + ([Self.header] + rows).joined(separator: lineEnd) + lineEnd
    }

    @Test("a good file imports every row; re-running it changes nothing; a changed row is an update")
    func goodFile() async throws {
        try await Fixture.run { fixture in
            let first = try await fixture.office.call(Identity.importAccounts, .init(csv: Self.file(Self.rows), mode: .allOrNothing))
            #expect(first == ImportReport(accepted: 3, updated: 0, unchanged: 0, rejected: [], committed: true))
            let again = try await fixture.office.call(
                Identity.importAccounts,
                .init(csv: Self.file(Self.rows, bom: false, lineEnd: "\n"), mode: .allOrNothing)
            )
            #expect(again == ImportReport(accepted: 0, updated: 0, unchanged: 3, rejected: [], committed: true))
            var changed = Self.rows
            changed[0] = changed[0].replacingOccurrences(of: "高级教师", with: "正高级教师")
            let update = try await fixture.office.call(Identity.importAccounts, .init(csv: Self.file(changed), mode: .perRow))
            #expect(update.updated == 1)
            #expect(update.unchanged == 2)
            let li = try await fixture.office.call(Identity.getAccount, .init(id: "t-1002"))
            #expect(li.school == "淳安县千岛湖镇中心学校, 初中部")
            #expect(li.rural)
            #expect(li.title == .first)
            let zhao = try await fixture.office.call(Identity.getAccount, .init(id: "t-1003"))
            #expect(Set(zhao.honours) == [Honour(kind: .provincialSpecialGrade), Honour(kind: .cityLevel, name: "宁波市名师", year: 2016)])
        }
    }

    @Test("bad rows are reported with their line and column; all-or-nothing then writes nothing, per-row writes the rest")
    func badRows() async throws {
        try await Fixture.run { fixture in
            let rows =
                Self.rows + [
                    "1004,孙丽,温州市实验小学,上海,浦东新区,否,否,小学,语文,一级,",
                    "1005,周杰,温州市实验小学,温州,鹿城区,也许,否,小学,语文,一级,",
                    "1001,王芳,杭州市文三街小学,杭州,西湖区,否,否,小学,数学,高级教师,",
                    "1006,,温州市实验小学,温州,鹿城区,否,否,小学,语文,一级,",
                    "1007,吴昊,温州市实验小学,温州,鹿城区,否,否,小学,语文,一级,市优秀教师",
                ]
            let strict = try await fixture.office.call(Identity.importAccounts, .init(csv: Self.file(rows), mode: .allOrNothing))
            #expect(!strict.committed)
            #expect(strict.accepted == 0)
            #expect(strict.rejected.map(\.line) == [5, 6, 7, 8, 9])
            #expect(strict.rejected.map(\.field) == ["设区市", "乡村学校", "师训编号", "姓名", "荣誉"])
            #expect(strict.rejected[0].reason.contains("R-GEO-1"))
            #expect(await failure { try await fixture.office.call(Identity.getAccount, .init(id: "t-1001")) }?.status == .notFound)

            let lenient = try await fixture.office.call(Identity.importAccounts, .init(csv: Self.file(rows), mode: .perRow))
            #expect(lenient.committed)
            #expect(lenient.accepted == 3)
            #expect(lenient.rejected.count == 5)
        }
    }

    @Test("a file without a required column or with an open quote is refused whole, naming the problem")
    func badFiles() async throws {
        try await Fixture.run { fixture in
            let noName = "师训编号,学校,设区市,县市区,学段,学科,职称\r\n1,学校,杭州,西湖区,小学,数学,一级\r\n"
            let missing = await failure { try await fixture.office.call(Identity.importAccounts, .init(csv: noName, mode: .perRow)) }
            #expect(missing?.field == "csv")
            #expect(missing?.message.contains("name") == true)
            let open = await failure {
                try await fixture.office.call(Identity.importAccounts, .init(csv: Self.file(["1,\"unterminated"]), mode: .perRow))
            }
            #expect(open?.message.contains("line 2") == true)
            let teacher = try fixture.transport(try await fixture.signIn())
            #expect(
                await failure { try await teacher.call(Identity.importAccounts, .init(csv: Self.file(Self.rows), mode: .perRow)) }?.status
                    == .permissionDenied
            )
        }
    }
}
