import ActivitiesAPI
import Foundation
import GRDB
import MembershipAPI
import Programme
import ServiceKit

/// Rules of thumb over a year's activity records, asked by assessment with its rule set's thresholds: what a
/// workstation should look at, never a change to a count. The office's imports (ids `…-import-…`) are a year kept
/// elsewhere and are not judged by when they were entered.
enum AnomalyChecks {
    static func find(_ db: Database, year: Int, idList: String, thresholds: AnomalyThresholds) throws -> [String: [ActivityAnomaly]] {
        var found: [String: [ActivityAnomaly]] = [:]
        let attendance = try AttendanceScan(db, year: year, idList: idList, thresholds: thresholds)
        for (studioID, anomaly) in attendance.sameCrowd(thresholds) + attendance.checkInClusters(thresholds)
            + attendance.overlapping(thresholds)
        {
            found[studioID, default: []].append(anomaly)
        }
        for (studioID, anomaly) in try Self.lateBurst(db, year: year, idList: idList, thresholds: thresholds) {
            found[studioID, default: []].append(anomaly)
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
        guard let yearEnd = ChinaCalendar.startOfYear(after: year) else { return [] }
        let windowStart = yearEnd.addingTimeInterval(-Double(thresholds.lateBurstDays) * 86_400)
        let backdated = Double(thresholds.lateBurstBackdatedDays) * 86_400
        var late: [String: [CountedRecord]] = [:]
        let arguments: StatementArguments = ["year": year, "ids": idList, "from": windowStart, "to": yearEnd]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT studioID, id, startsAt, createdAt FROM activity
                WHERE year = :year AND studioID IN (SELECT value FROM json_each(:ids)) AND id NOT LIKE 'ac-import-%'
                  AND createdAt >= :from AND createdAt < :to AND status != 'cancelled'
                """,
            arguments: arguments
        ) {
            let (startsAt, createdAt): (Date, Date) = (row["startsAt"], row["createdAt"])
            if createdAt.timeIntervalSince(startsAt) >= backdated {
                late[row["studioID"], default: []].append(CountedRecord(id: row["id"], day: YearPolicies.day(startsAt)))
            }
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT studioID, id, date, recordedAt FROM subjectLeaderRecord
                WHERE year = :year AND studioID IN (SELECT value FROM json_each(:ids)) AND id NOT LIKE 'sr-import-%'
                  AND recordedAt >= :from AND recordedAt < :to
                """,
            arguments: arguments
        ) {
            let recordedAt: Date = row["recordedAt"]
            guard let day = RecordWindow.end(ofDay: row["date"]) else { continue }
            if recordedAt.timeIntervalSince(day) >= backdated {
                late[row["studioID"], default: []].append(CountedRecord(id: row["id"], day: row["date"]))
            }
        }
        return late.sorted { $0.key < $1.key }.compactMap { studioID, records in
            guard records.count >= thresholds.lateBurstRecords else { return nil }
            return (
                studioID,
                ActivityAnomaly(
                    kind: .lateBurst,
                    detail:
                        "\(records.count) records entered in the year's last \(thresholds.lateBurstDays) days, each \(thresholds.lateBurstBackdatedDays) or more days after its event",
                    records: records.sorted { ($0.day ?? "", $0.id) < ($1.day ?? "", $1.id) }
                )
            )
        }
    }
}
