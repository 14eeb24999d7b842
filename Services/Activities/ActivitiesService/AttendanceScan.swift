import ActivitiesAPI
import Foundation
import GRDB
import MembershipAPI
import Programme
import ServiceKit

/// One pass over the participants of a year's held activities of the studios asked, for the rules of thumb on
/// attendance: near-identical participant lists, check-ins in a cluster or outside the activity's hours, a teacher
/// in two activities at overlapping times. Activities are held by position and accounts numbered as they come, so the
/// 288,000 participants of a province-scale year are read once and compared as integers.
struct AttendanceScan {
    struct Held {
        let id: String
        let studioID: String
        let startsAt: Date
        let endsAt: Date
    }

    /// The held activities, by position; `position` finds one by its rowid.
    private(set) var held: [Held] = []
    /// Participant lists (accounts as numbers) by activity position, for the studios with enough activities for the
    /// near-identical check (empty for the others).
    private(set) var lists: [Set<Int>] = []
    /// Each account's activities (positions), by account number, for the overlap check.
    private(set) var attended: [[Int]] = []
    /// Check-in instants by activity position (only `checkedIn` attendance; recorded and imported have no instant
    /// of arrival).
    private(set) var checkIns: [Int: [Date]] = [:]
    private(set) var accounts: [String] = []

    init(_ db: Database, year: Int, idList: String, thresholds: AnomalyThresholds) throws {
        let arguments: StatementArguments = ["year": year, "ids": idList]
        let heldInStudios = """
            a.year = :year AND a.status IN ('held', 'closed') AND a.studioID IN (SELECT value FROM json_each(:ids))
            """
        var position: [Int64: Int] = [:]
        var perStudio: [String: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT a.rowid, a.id, a.studioID, a.startsAt, a.endsAt FROM activity a WHERE \(heldInStudios)",
            arguments: arguments
        ) {
            let activity = Held(id: row[1], studioID: row[2], startsAt: row[3], endsAt: row[4])
            position[row[0]] = self.held.count
            self.held.append(activity)
            perStudio[activity.studioID, default: 0] += 1
        }
        guard !self.held.isEmpty else { return }
        // Per activity, whether its studio has enough activities for the near-identical check: read once, not per row.
        let crowd = self.held.map { (perStudio[$0.studioID] ?? 0) >= thresholds.sameCrowdActivities }
        self.lists = Array(repeating: [], count: self.held.count)
        let overlapping = thresholds.overlappingAttendance == true
        let clusters = thresholds.checkInClusterSize != nil
        var number: [String: Int] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.rowid, p.teacherID, CASE WHEN p.source = 'checkedIn' THEN p.at END
                FROM activity a JOIN participant p ON p.activityID = a.id WHERE \(heldInStudios)
                """,
            arguments: arguments
        )
        while let row = try rows.next() {
            guard let index = position[row[0]] else { continue }
            let teacherID: String = row[1]
            let account: Int
            if let known = number[teacherID] {
                account = known
            } else {
                account = self.accounts.count
                number[teacherID] = account
                self.accounts.append(teacherID)
                self.attended.append([])
            }
            if crowd[index] { self.lists[index].insert(account) }
            if overlapping { self.attended[account].append(index) }
            if clusters, let at: Date = row[2] { self.checkIns[index, default: []].append(at) }
        }
    }

    /// Near-identical attendance: the largest group of a studio's activities each at least `similarity` alike
    /// (shared accounts over all accounts of the two lists) to one of them, if it holds `sameCrowdActivities`.
    func sameCrowd(_ thresholds: AnomalyThresholds) -> [(String, ActivityAnomaly)] {
        let byStudio = Dictionary(grouping: self.lists.indices.filter { self.lists[$0].count >= 2 }) { self.held[$0].studioID }
        var found: [(String, ActivityAnomaly)] = []
        for (studioID, candidates) in byStudio.sorted(by: { $0.key < $1.key }) {
            var best: [Int] = []
            for key in candidates {
                let alike = candidates.filter { other in
                    other != key && AnomalyChecks.similarity(self.lists[key], self.lists[other]) >= thresholds.sameCrowdSimilarity
                }
                if alike.count + 1 > best.count { best = [key] + alike }
            }
            guard best.count >= thresholds.sameCrowdActivities, let first = best.first else { continue }
            let common = best.map { self.lists[$0] }.reduce(self.lists[first]) { $0.intersection($1) }
            found.append(
                (
                    studioID,
                    ActivityAnomaly(
                        kind: .sameCrowd,
                        detail:
                            "\(best.count) activities with near-identical participant lists (each at least \(Int(thresholds.sameCrowdSimilarity * 100)) % alike to another); \(common.count) accounts in all of them",
                        records: self.records(best)
                    )
                )
            )
        }
        return found
    }

    /// Check-ins in a cluster (`checkInClusterSize` or more within `checkInClusterSeconds`) or outside the
    /// activity's hours: one anomaly per studio naming its activities.
    func checkInClusters(_ thresholds: AnomalyThresholds) -> [(String, ActivityAnomaly)] {
        guard let size = thresholds.checkInClusterSize else { return [] }
        let window = Double(thresholds.checkInClusterSeconds ?? 0)
        var flagged: [String: [(key: Int, cluster: Int, outside: Int)]] = [:]
        for (key, instants) in self.checkIns {
            let activity = self.held[key]
            let times = instants.sorted()
            var largest = 0
            var first = 0
            for last in times.indices {
                while times[last].timeIntervalSince(times[first]) > window { first += 1 }
                largest = max(largest, last - first + 1)
            }
            let outside = times.filter { $0 < activity.startsAt || $0 > activity.endsAt }.count
            if largest >= size || outside > 0 {
                flagged[activity.studioID, default: []].append((key, largest >= size ? largest : 0, outside))
            }
        }
        return flagged.sorted { $0.key < $1.key }.map { studioID, entries in
            let clustered = entries.filter { $0.cluster > 0 }
            var parts: [String] = []
            if let widest = clustered.map(\.cluster).max() {
                parts.append("\(clustered.count) activities with \(size) or more check-ins within \(Int(window)) s (at most \(widest) at once)")
            }
            let outside = entries.reduce(0) { $0 + $1.outside }
            if outside > 0 { parts.append("\(outside) check-ins outside their activity's hours") }
            return (
                studioID,
                ActivityAnomaly(
                    kind: .checkInCluster,
                    detail: parts.joined(separator: "; "),
                    records: self.records(entries.map(\.key))
                )
            )
        }
    }

    /// A teacher counted in two activities at overlapping times (R-ACT-1 refuses it at every door; this finds what
    /// came in before, or around, the doors): one anomaly per studio naming its activities in such pairs.
    func overlapping(_ thresholds: AnomalyThresholds) -> [(String, ActivityAnomaly)] {
        guard thresholds.overlappingAttendance == true else { return [] }
        var involved: [String: Set<Int>] = [:]
        var teachers: [String: Set<Int>] = [:]
        var example: [String: String] = [:]
        for (account, keys) in self.attended.enumerated() where keys.count > 1 {
            let sorted = keys.map { ($0, self.held[$0]) }.sorted { ($0.1.startsAt, $0.0) < ($1.1.startsAt, $1.0) }
            var latest: (key: Int, activity: Held)?
            for (key, activity) in sorted {
                if let earlier = latest, activity.startsAt < earlier.activity.endsAt {
                    for (pairKey, pair) in [(earlier.key, earlier.activity), (key, activity)] {
                        involved[pair.studioID, default: []].insert(pairKey)
                        teachers[pair.studioID, default: []].insert(account)
                        if example[pair.studioID] == nil {
                            example[pair.studioID] = "\(self.accounts[account]) in \(earlier.activity.id) and \(activity.id)"
                        }
                    }
                }
                if latest == nil || activity.endsAt > (latest?.activity.endsAt ?? .distantPast) { latest = (key, activity) }
            }
        }
        return involved.sorted { $0.key < $1.key }.map { studioID, keys in
            (
                studioID,
                ActivityAnomaly(
                    kind: .overlappingAttendance,
                    detail:
                        "\(teachers[studioID]?.count ?? 0) teachers counted in two activities at overlapping times (e.g. \(example[studioID] ?? ""))",
                    records: self.records(Array(keys))
                )
            )
        }
    }

    /// The activities, by start then id, as records dated by their start.
    private func records(_ keys: [Int]) -> [CountedRecord] {
        keys.map { self.held[$0] }.sorted { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }
            .map { CountedRecord(id: $0.id, day: YearPolicies.day($0.startsAt)) }
    }
}
