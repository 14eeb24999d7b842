import ActivitiesAPI
import AssessmentAPI
import Foundation
import GRDB
import MembershipAPI
import ResourcesAPI

/// Records the year's previous run counted that the owners no longer count: resources withdrawn from a count
/// (re-dated out of the year, a premium mark withdrawn, a series or outcome undone) and activities no longer held,
/// around a run. The previous run never changes; this run's flag names what went, and since which run.
enum CountedThenGone {
    /// The year's latest run, if any: what this one is compared with.
    static func previousRun(_ db: Database, year: Int) throws -> RunRecord? {
        try RunRecord.filter(Column("year") == year).order(Column("createdAt").desc).fetchOne(db)
    }

    /// The counted record ids of each studio in a run, by line (resources' lines and activities held).
    static func counted(_ snapshot: StudioSnapshot) -> [String: [CountedRecord]] {
        let resources = snapshot.resources.records
        return [
            "resourcesPublished": resources?.published ?? [],
            "premiumResources": resources?.premium ?? [],
            "themedSeriesCompleted": resources?.themedSeriesCompleted ?? [],
            "microCoursesEntered": resources?.microCoursesEntered ?? [],
            "researchOutcomesApproved": resources?.researchOutcomesApproved ?? [],
            "activitiesHeld": snapshot.activities.activities.map { CountedRecord(id: $0.id, day: $0.startsAt.map(ChinaCalendar.day)) },
        ]
    }

    /// One flag per studio with records the previous run counted and this pull does not.
    static func flags(previous: RunRecord, before: [StudioSnapshot], now: [StudioSnapshot],
                      flag: (_ studioID: String, _ detail: String, _ records: [LineRecord]) -> Void)
    {
        let current = Dictionary(now.map { ($0.membership.studioID, $0) }, uniquingKeysWith: { first, _ in first })
        for earlier in before.sorted(by: { $0.membership.studioID < $1.membership.studioID }) {
            let studioID = earlier.membership.studioID
            guard let later = current[studioID] else { continue }  // a studio closed since is not a record gone
            let nowCounted = Self.counted(later).mapValues { Set($0.map(\.id)) }
            var gone: [LineRecord] = []
            var lines: [String] = []
            for (line, records) in Self.counted(earlier).sorted(by: { $0.key < $1.key }) {
                let missing = records.filter { !(nowCounted[line]?.contains($0.id) ?? false) }
                guard !missing.isEmpty else { continue }
                lines.append("\(line) \(missing.count)")
                gone += missing.map { record in
                    let service = line == "activitiesHeld" ? "activities" : "resources"
                    return LineRecord(service: service, method: service == "activities" ? "activities.getActivity" : "resources.getResource",
                                      params: ["id": record.id], id: record.id, day: record.day,
                                      note: "counted in \(line) by run \(previous.id), no longer counted")
                }
            }
            guard !gone.isEmpty else { continue }
            flag(studioID, "\(gone.count) records counted by run \(previous.id) (\(ChinaCalendar.day(previous.createdAt))) are no longer counted: \(lines.joined(separator: ", "))",
                 Array(gone.prefix(AnomalyDetection.maxRecords)))
        }
    }
}
