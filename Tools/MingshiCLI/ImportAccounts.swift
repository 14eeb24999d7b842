import ArgumentParser
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient

/// `mingshi import-accounts FILE`: imports a roster exported by the teacher-training system into identity.
struct ImportAccounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-accounts",
        abstract: "Import a teacher-training system roster (CSV) into identity.",
        discussion: "Exit status 0 when every row was accepted, 3 when some rows were rejected, 1 on an error."
    )

    @Argument(help: "The CSV file (UTF-8, with or without BOM, header row first).") var file: String
    @Flag(help: "Write the good rows even when some are rejected (default: all or nothing).") var perRow = false
    @OptionGroup var endpoints: Endpoints

    func run() async throws {
        guard FileManager.default.isReadableFile(atPath: self.file) else {
            throw ValidationError("cannot read \(self.file)")
        }
        let identity = try await self.endpoints.transport("identity")
        let clock = ContinuousClock()
        let start = clock.now
        // The file streams to identity's import route (a roster is larger than the 1 MiB a JSON-RPC body may be).
        let mode = self.perRow ? ImportAccountsRequest.Mode.perRow : .allOrNothing
        let response = try await identity.send(
            "PUT",
            path: "/imports/accounts?mode=\(mode.rawValue)",
            headers: [("content-type", "text/csv")],
            body: FileBodySource(path: self.file),
            timeout: .seconds(300)
        )
        guard response.status == 200 else { throw Exit.report(Self.error(in: response)) }
        let report = try JSONCoding.decoder.decode(ImportReport.self, from: response.body)
        let elapsed = clock.now - start
        print(
            "new \(report.accepted), updated \(report.updated), unchanged \(report.unchanged), rejected \(report.rejected.count)"
                + (report.committed ? "" : " — nothing written (all or nothing)")
                + " in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds])))"
        )
        for rejection in report.rejected.prefix(50) {
            print("  line \(rejection.line)\(rejection.field.map { " [\($0)]" } ?? ""): \(rejection.reason)")
        }
        if report.rejected.count > 50 { print("  … and \(report.rejected.count - 50) more") }
        if !report.rejected.isEmpty { throw Exit.rowsRejected }
    }

    /// The error a streamed route answered (`{"error": {…}}`), or one saying what the status was.
    static func error(in response: HTTP2Transport.PlainResponse) -> RPCError {
        struct Answer: Decodable { var error: RPCError }
        if let answer = try? JSONCoding.decoder.decode(Answer.self, from: response.body) { return answer.error }
        return RPCError(.internal, "identity answered HTTP \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
    }
}

/// `mingshi generate-roster`: a realistic training-system roster for demos and benchmarks, the same for a seed.
struct GenerateRoster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-roster",
        abstract: "Print a generated teacher-training system roster as CSV."
    )

    @Option var rows = 60_000
    @Option var seed: UInt64 = 1

    func run() async throws {
        var random = SeededRandom(seed: self.seed)
        let stages = ["小学", "初中", "高中", "学前", "中职", "特殊教育"]
        let subjects = ["语文", "数学", "英语", "物理", "化学", "体育", "音乐", "信息技术", "班主任", "数控技术"]
        let titles = ["二级", "一级", "一级", "高级", "高级", "正高级"]
        var output = "\u{FEFF}师训编号,姓名,学校,设区市,县市区,乡村学校,对口援建地区,学段,学科,职称,荣誉\r\n"
        output.reserveCapacity(self.rows * 110)
        let cities = City.allCases.filter { $0 != .provinceDirect }
        for index in 0..<self.rows {
            let city = cities.randomElement(using: &random)!
            let county = DemoData.counties[city]?.randomElement(using: &random) ?? "\(city.chineseName)市区"
            let rural = random.chance(0.3)
            // The surname follows the row, as the demo studios' names do: row N is the leader of demo studio N.
            let surname = DemoData.surnames[index % DemoData.surnames.count]
            var honours: [String] = []
            if random.chance(0.2) { honours.append("\(city.chineseName)市学科带头人:\(Int.random(in: 2010...2018, using: &random))") }
            if random.chance(0.02) { honours.append("省特级教师") }
            let school = rural ? "\(county)乡村中心学校" : "\(city.chineseName)市第\(Int.random(in: 1...30, using: &random))中学"
            output +=
                "\(330_000_000 + index),\(surname)老师\(index),\(school),\(city.chineseName),\(county),\(rural ? "是" : "否"),否,"
                + "\(stages.randomElement(using: &random)!),\(subjects.randomElement(using: &random)!),"
                + "\(titles.randomElement(using: &random)!),\(honours.joined(separator: ";"))\r\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
