import ActivitiesAPI
import Foundation
import GRDB
import MembershipAPI
import ServiceKit

/// Rules of thumb over a year's activity records, asked by assessment with its rule set's thresholds: what a
/// workstation should look at, never a change to a count. The office's imports (ids `…-import-…`) are a year kept
/// elsewhere and are not judged by when they were entered.
enum AnomalyChecks {
    static func find(_ db: Database, year: Int, idList: String, thresholds: AnomalyThresholds) throws -> [String: [ActivityAnomaly]] {
        var found: [String: [ActivityAnomaly]] = [:]
        for (studioID, anomaly) in try Self.sameCrowd(db, year: year, idList: idList, thresholds: thresholds) {
            found[studioID, default: []].append(anomaly)
        }
        for (studioID, anomaly) in try Self.lateBurst(db, year: year, idList: idList, thresholds: thresholds) {
            found[studioID, default: []].append(anomaly)
        }
        return found
    }

    /// Near-identical attendance: the largest group of a studio's activities each at least `similarity` alike
    /// (shared accounts over all accounts of the two lists) to one of them, if it holds `sameCrowdActivities`.
    static func sameCrowd(_ db: Database, year: Int, idList: String, thresholds: AnomalyThresholds) throws -> [(String, ActivityAnomaly)] {
        var starts: [String: Date] = [:]
        var studioOf: [String: String] = [:]
        let arguments: StatementArguments = ["year": year, "ids": idList, "least": thresholds.sameCrowdActivities]
        // Only studios with enough held activities to make the pattern are read at all.
        let held = """
            a.year = :year AND a.status IN ('held', 'closed') AND a.studioID IN (
              SELECT studioID FROM activity WHERE year = :year AND status IN ('held', 'closed')
                AND studioID IN (SELECT value FROM json_each(:ids)) GROUP BY studioID HAVING COUNT(*) >= :least)
            """
        for row in try Row.fetchAll(db, sql: "SELECT a.id, a.studioID, a.startsAt FROM activity a WHERE \(held)", arguments: arguments) {
            let activityID: String = row["id"]
            studioOf[activityID] = row["studioID"]
            starts[activityID] = row["startsAt"]
        }
        guard !studioOf.isEmpty else { return [] }
        // Accounts as small integers: sets of them compare fast.
        var number: [String: Int] = [:]
        var lists: [String: [String: Set<Int>]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT p.activityID, p.teacherID FROM activity a JOIN participant p ON p.activityID = a.id WHERE \(held)
            """, arguments: arguments)
        while let row = try rows.next() {
            let activityID: String = row[0]
            guard let studioID = studioOf[activityID] else { continue }
            let teacherID: String = row[1]
            let id = number[teacherID] ?? { let next = number.count; number[teacherID] = next; return next }()
            lists[studioID, default: [:]][activityID, default: []].insert(id)
        }
        var found: [(String, ActivityAnomaly)] = []
        for (studioID, activities) in lists.sorted(by: { $0.key < $1.key }) {
            let ids = activities.keys.filter { (activities[$0]?.count ?? 0) >= 2 }.sorted()
            var best: [String] = []
            for id in ids {
                guard let list = activities[id] else { continue }
                let alike = ids.filter { other in
                    other != id && Self.similarity(list, activities[other] ?? []) >= thresholds.sameCrowdSimilarity
                }
                if alike.count + 1 > best.count { best = [id] + alike }
            }
            guard best.count >= thresholds.sameCrowdActivities else { continue }
            let common = best.compactMap { activities[$0] }.reduce(activities[best[0]] ?? []) { $0.intersection($1) }
            found.append((studioID, ActivityAnomaly(
                kind: .sameCrowd,
                detail: "\(best.count) activities with near-identical participant lists (each at least \(Int(thresholds.sameCrowdSimilarity * 100)) % alike to another); \(common.count) accounts in all of them",
                records: best.sorted { (starts[$0] ?? .distantPast, $0) < (starts[$1] ?? .distantPast, $1) }
                    .map { CountedRecord(id: $0, day: starts[$0].map(YearPolicies.day)) })))
        }
        return found
    }

    /// Shared accounts over all accounts of the two lists (Jaccard).
    static func similarity(_ a: Set<Int>, _ b: Set<Int>) -> Double {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        let shared = small.reduce(0) { large.contains($1) ? $0 + 1 : $0 }
        let union = a.count + b.count - shared
        return union == 0 ? 0 : Double(shared) / Double(union)
    }

    /// A burst of records entered in the year's last days for events well before: activities created after they
    /// started, lectures and awards recorded after their day.
    static func lateBurst(_ db: Database, year: Int, idList: String, thresholds: AnomalyThresholds) throws -> [(String, ActivityAnomaly)] {
        guard let yearEnd = ChinaTime.calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1)) else { return [] }
        let windowStart = yearEnd.addingTimeInterval(-Double(thresholds.lateBurstDays) * 86_400)
        let backdated = Double(thresholds.lateBurstBackdatedDays) * 86_400
        var late: [String: [CountedRecord]] = [:]
        let arguments: StatementArguments = ["year": year, "ids": idList, "from": windowStart, "to": yearEnd]
        for row in try Row.fetchAll(db, sql: """
            SELECT studioID, id, startsAt, createdAt FROM activity
            WHERE year = :year AND studioID IN (SELECT value FROM json_each(:ids)) AND id NOT LIKE 'ac-import-%'
              AND createdAt >= :from AND createdAt < :to AND status != 'cancelled'
            """, arguments: arguments)
        {
            let (startsAt, createdAt): (Date, Date) = (row["startsAt"], row["createdAt"])
            if createdAt.timeIntervalSince(startsAt) >= backdated {
                late[row["studioID"], default: []].append(CountedRecord(id: row["id"], day: YearPolicies.day(startsAt)))
            }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT studioID, id, date, recordedAt FROM subjectLeaderRecord
            WHERE year = :year AND studioID IN (SELECT value FROM json_each(:ids)) AND id NOT LIKE 'sr-import-%'
              AND recordedAt >= :from AND recordedAt < :to
            """, arguments: arguments)
        {
            let recordedAt: Date = row["recordedAt"]
            guard let day = RecordWindow.end(ofDay: row["date"]) else { continue }
            if recordedAt.timeIntervalSince(day) >= backdated {
                late[row["studioID"], default: []].append(CountedRecord(id: row["id"], day: row["date"]))
            }
        }
        return late.sorted { $0.key < $1.key }.compactMap { studioID, records in
            guard records.count >= thresholds.lateBurstRecords else { return nil }
            return (studioID, ActivityAnomaly(
                kind: .lateBurst,
                detail: "\(records.count) records entered in the year's last \(thresholds.lateBurstDays) days, each \(thresholds.lateBurstBackdatedDays) or more days after its event",
                records: records.sorted { ($0.day ?? "", $0.id) < ($1.day ?? "", $1.id) }))
        }
    }
}
