import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient

/// Generated rosters for studios: subject leaders, core members and network members with school cities, rural
/// and paired-region flags in realistic proportions, deterministic for a seed. Every person is a teacher-training
/// account first (``RosterPlan/Person/csvRow``): membership takes their profile from identity, never from the plan.
struct RosterPlan {
    var subjectLeaders: ClosedRange<Int>
    var coreMembers: ClosedRange<Int>
    var networkMembers: ClosedRange<Int>
    /// Share of subject leaders from rural schools, and from other cities (R-COMP-3, R-COMP-4).
    var ruralShare = 0.2
    var otherCityShare = 0.25
    var pairedRegionShare = 0.05
    /// The first subject leaders are from rural schools, the next from other cities, whatever the shares.
    var guaranteedRural = 0
    var guaranteedOtherCity = 0
    /// When the roster was built: subject leaders join on this day, others over the following 120 days. Nil: now.
    var joinedFrom: Date?

    /// One planned person: their training-system record and their roster entry.
    struct Person {
        var entry: ImportMembersRequest.Entry
        var trainingID: String
        var name: String
        var school: String
        var city: City
        var rural: Bool
        var pairedRegion: Bool
        var stage: Stage
        var subject: String

        /// The row of the training system's roster export (``ImportAccounts``'s columns).
        var csvRow: String {
            let county = DemoData.counties[self.city]?.first ?? "\(self.city.chineseName)市区"
            // Subject leaders hold the title and honour R-APP-5 asks for; others a first or second grade.
            let leader = self.entry.role == .subjectLeader
            return [
                self.trainingID, self.name, self.school, self.city.chineseName, county, self.rural ? "是" : "否",
                self.pairedRegion ? "是" : "否", self.stage.rawValue, self.subject, leader ? "一级" : "二级",
                leader ? "\(self.city.chineseName)市教坛新秀:2017" : "",
            ].joined(separator: ",")
        }

        static let csvHeader = "\u{FEFF}师训编号,姓名,学校,设区市,县市区,乡村学校,对口援建地区,学段,学科,职称,荣誉"
    }

    /// The people of `studio`'s roster (its index keeps teacher ids unique across studios).
    func people(for studio: Studio, index: Int, random: inout SeededRandom) -> [Person] {
        var people: [Person] = []
        func joined(_ role: MemberRole) -> Date? {
            guard let from = self.joinedFrom, role != .subjectLeader else { return self.joinedFrom }
            return from.addingTimeInterval(Double(Int.random(in: 1...120, using: &random)) * 86_400)
        }
        func person(
            _ role: MemberRole,
            _ letter: String,
            _ serial: Int,
            rural: Bool,
            otherCity: Bool,
            paired: Bool = false
        ) -> Person {
            let others = City.allCases.filter { $0 != studio.city && $0 != .provinceDirect }
            let city =
                otherCity
                ? others[Int(random.next() % UInt64(others.count))]
                : (studio.city == .provinceDirect ? .hangzhou : studio.city)
            let surname = DemoData.surnames[Int(random.next() % UInt64(DemoData.surnames.count))]
            let trainingID = "\(index)-\(letter)-\(serial)"
            return Person(
                entry: .init(studioID: studio.id, role: role, teacherID: "t-" + trainingID, joinedAt: joined(role)),
                trainingID: trainingID,
                name: "\(surname)\(letter == "n" ? "学员" : "老师")\(serial)",
                school: rural ? "\(city.chineseName)乡村中心学校" : "\(city.chineseName)实验学校",
                city: city,
                rural: rural,
                pairedRegion: paired,
                stage: studio.stage,
                subject: studio.subject
            )
        }
        for serial in 0..<Int.random(in: self.subjectLeaders, using: &random) {
            let rural = serial < self.guaranteedRural || random.chance(self.ruralShare)
            let otherCity =
                (serial >= self.guaranteedRural && serial < self.guaranteedRural + self.guaranteedOtherCity)
                || random.chance(self.otherCityShare)
            people.append(person(.subjectLeader, "s", serial, rural: rural, otherCity: otherCity))
        }
        for serial in 0..<Int.random(in: self.coreMembers, using: &random) {
            people.append(person(.coreMember, "c", serial, rural: random.chance(0.3), otherCity: random.chance(0.2)))
        }
        for serial in 0..<Int.random(in: self.networkMembers, using: &random) {
            people.append(
                person(
                    .networkMember,
                    "n",
                    serial,
                    rural: random.chance(0.3),
                    otherCity: random.chance(0.3),
                    paired: random.chance(self.pairedRegionShare)
                )
            )
        }
        return people
    }
}

extension RosterPlan {
    /// Imports the leaders of `studios` whom identity does not know yet (``leaderRow(_:)``); answers how many.
    static func ensureLeaderAccounts(_ studios: [Studio], identity: HTTP2Transport) async throws -> Int {
        var known = Set<String>()
        let leaderIDs = Array(Set(studios.map(\.leaderID))).sorted()
        for start in stride(from: 0, to: leaderIDs.count, by: 1000) {
            let batch = Array(leaderIDs[start..<min(start + 1000, leaderIDs.count)])
            known.formUnion(try await identity.call(Identity.getAccounts, .init(ids: batch)).accounts.map(\.id))
        }
        var seen = known
        let missing = studios.filter { seen.insert($0.leaderID).inserted }
        guard !missing.isEmpty else { return 0 }
        var csv = Person.csvHeader + "\r\n"
        for studio in missing { csv += Self.leaderRow(studio) + "\r\n" }
        let response = try await identity.send(
            "PUT",
            path: "/imports/accounts?mode=allOrNothing",
            headers: [("content-type", "text/csv")],
            body: DataBodySource(Data(csv.utf8)),
            timeout: .seconds(120)
        )
        guard response.status == 200 else { throw ImportAccounts.error(in: response) }
        return missing.count
    }

    /// A studio leader's training-system row, as `generate-roster` writes row N for demo studio N's leader: a
    /// provincial special-grade teacher (R-APP-1).
    static func leaderRow(_ studio: Studio) -> String {
        let serial = Int(studio.leaderID.dropFirst(2)).map { $0 - 330_000_000 } ?? 0
        let surname = DemoData.surnames[abs(serial) % DemoData.surnames.count]
        let city = studio.city == .provinceDirect ? City.hangzhou : studio.city
        let county = studio.county ?? DemoData.counties[city]?.first ?? "\(city.chineseName)市区"
        return [
            String(studio.leaderID.dropFirst(2)), "\(surname)老师\(serial)", "\(city.chineseName)市实验学校",
            city.chineseName, county, "否", "否", studio.stage.rawValue, studio.subject, "正高级", "省特级教师",
        ]
        .joined(separator: ",")
    }

    /// Imports `people` into identity as the training system's roster export would (all or nothing), streamed to
    /// its import route in files under its 64 MiB limit.
    static func importAccounts(_ people: [Person], into identity: HTTP2Transport) async throws -> ImportReport {
        var total = ImportReport(accepted: 0, updated: 0, unchanged: 0, rejected: [], committed: true)
        for start in stride(from: 0, to: people.count, by: 100_000) {
            let batch = people[start..<min(start + 100_000, people.count)]
            var csv = Person.csvHeader + "\r\n"
            csv.reserveCapacity(batch.count * 120)
            for person in batch { csv += person.csvRow + "\r\n" }
            let response = try await identity.send(
                "PUT",
                path: "/imports/accounts?mode=allOrNothing",
                headers: [("content-type", "text/csv")],
                body: DataBodySource(Data(csv.utf8)),
                timeout: .seconds(600)
            )
            guard response.status == 200 else { throw ImportAccounts.error(in: response) }
            let report = try JSONCoding.decoder.decode(ImportReport.self, from: response.body)
            if let first = report.rejected.first {
                throw RPCError(.internal, "identity rejected \(report.rejected.count) roster rows, the first (line \(first.line)): \(first.reason)")
            }
            total.accepted += report.accepted
            total.updated += report.updated
            total.unchanged += report.unchanged
        }
        return total
    }
}
