import Foundation
import MembershipAPI

/// Generated rosters for studios: subject leaders, core members and network members with school cities, rural
/// and paired-region flags in realistic proportions, deterministic for a seed.
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

    /// The roster entries of `studio` (its index keeps teacher ids unique across studios).
    func entries(for studio: Studio, index: Int, random: inout SeededRandom) -> [ImportMembersRequest.Entry] {
        var entries: [ImportMembersRequest.Entry] = []
        func joined(_ role: MemberRole) -> Date? {
            guard let from = self.joinedFrom, role != .subjectLeader else { return self.joinedFrom }
            return from.addingTimeInterval(Double(Int.random(in: 1...120, using: &random)) * 86_400)
        }
        func profile(_ role: String, _ serial: Int, rural: Bool, otherCity: Bool, paired: Bool = false) -> MemberProfile {
            let city = otherCity ? City.allCases.filter { $0 != studio.city && $0 != .provinceDirect }.randomElement(using: &random)!
                : (studio.city == .provinceDirect ? .hangzhou : studio.city)
            let surname = DemoData.surnames[Int(random.next() % UInt64(DemoData.surnames.count))]
            let school = rural ? "\(city.chineseName)乡村中心学校" : "\(city.chineseName)实验学校"
            return MemberProfile(teacherID: "t-\(index)-\(role)-\(serial)", name: "\(surname)\(role == "n" ? "学员" : "老师")\(serial)",
                                 school: school, schoolCity: city, rural: rural, pairedRegion: paired)
        }
        for serial in 0..<Int.random(in: self.subjectLeaders, using: &random) {
            let rural = serial < self.guaranteedRural || random.chance(self.ruralShare)
            let otherCity = (serial >= self.guaranteedRural && serial < self.guaranteedRural + self.guaranteedOtherCity)
                || random.chance(self.otherCityShare)
            entries.append(.init(studioID: studio.id, role: .subjectLeader, profile: profile(
                "s", serial, rural: rural, otherCity: otherCity), joinedAt: joined(.subjectLeader)))
        }
        for serial in 0..<Int.random(in: self.coreMembers, using: &random) {
            entries.append(.init(studioID: studio.id, role: .coreMember, profile: profile(
                "c", serial, rural: random.chance(0.3), otherCity: random.chance(0.2)), joinedAt: joined(.coreMember)))
        }
        for serial in 0..<Int.random(in: self.networkMembers, using: &random) {
            entries.append(.init(studioID: studio.id, role: .networkMember, profile: profile(
                "n", serial, rural: random.chance(0.3), otherCity: random.chance(0.3),
                paired: random.chance(self.pairedRegionShare)), joinedAt: joined(.networkMember)))
        }
        return entries
    }
}
