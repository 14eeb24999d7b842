import AssessmentAPI
import Foundation
import MembershipAPI

/// Who earns the year's training credits (R-MGT-6): the leader and each subject leader of a passing provincial
/// studio, once per person per year — the notice says 每人每年计30学分 (30 credits per person per year), so a
/// teacher who leads one passing studio and is a subject leader of another earns 30, not 60. The credit is booked
/// to the studio where they lead, else the first passing studio by id.
enum CreditAward {
    struct Entry: Equatable {
        let teacherID: String
        let studioID: String
        let role: String
    }

    /// One entry per teacher across `passing` (the snapshots of passing provincial studios), leaders first.
    static func entries(passing: [StudioSnapshot]) -> [Entry] {
        let studios = passing.map(\.membership).sorted { $0.studioID < $1.studioID }
        var seen = Set<String>()
        var entries: [Entry] = []
        for studio in studios where seen.insert(studio.leaderID).inserted {
            entries.append(Entry(teacherID: studio.leaderID, studioID: studio.studioID, role: "leader"))
        }
        for studio in studios {
            for teacherID in studio.subjectLeaderIDs where seen.insert(teacherID).inserted {
                entries.append(Entry(teacherID: teacherID, studioID: studio.studioID, role: "subjectLeader"))
            }
        }
        return entries
    }
}
