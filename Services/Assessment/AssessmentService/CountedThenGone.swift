import ActivitiesAPI
import AssessmentAPI
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import ResourcesAPI

/// Records the year's previous run counted that the owners no longer count: resources withdrawn from a count
/// (re-dated out of the year, a premium mark withdrawn, a series or outcome undone) and activities no longer held,
/// around a run. The previous run never changes; this run's flag names what went, and since which run.
enum CountedThenGone {
    /// What a run counted of one studio, read from its stored snapshot without the rest of it: decoding whole
    /// snapshots of the province's 600 studios took half a second of the run.
    struct Counted: Decodable {
        struct Roster: Decodable { var studioID: String }
        struct Resources: Decodable { var records: ResourceRecords? }
        struct Activity: Decodable { var id: String }
        struct Activities: Decodable { var activities: [Activity] }
        var membership: Roster
        var resources: Resources
        var activities: Activities
    }

    /// The year's latest run, if any, with what it counted of each studio: what this one is compared with.
    static func previous(_ db: Database, year: Int) throws -> (run: RunRecord, counted: [Counted])? {
        guard let run = try RunRecord.filter(RunRecord.Columns.year == year).order(RunRecord.Columns.createdAt.desc).fetchOne(db) else { return nil }
        let rows = try Data.fetchAll(db, sql: "SELECT snapshot FROM result WHERE runID = ? AND snapshot IS NOT NULL", arguments: [run.id])
        return (run, try rows.map { try JSONCoding.decoder.decode(Counted.self, from: $0) })
    }

    /// The counted records of a studio in a run, by line (resources' lines and activities held).
    static func counted(_ snapshot: StudioSnapshot) -> [String: [CountedRecord]] {
        Self.lines(snapshot.resources.records, activities: snapshot.activities.activities.map(\.id))
    }

    static func lines(_ resources: ResourceRecords?, activities: [String]) -> [String: [CountedRecord]] {
        [
            "resourcesPublished": resources?.published ?? [],
            "premiumResources": resources?.premium ?? [],
            "themedSeriesCompleted": resources?.themedSeriesCompleted ?? [],
            "microCoursesEntered": resources?.microCoursesEntered ?? [],
            "researchOutcomesApproved": resources?.researchOutcomesApproved ?? [],
            "activitiesHeld": activities.map { CountedRecord(id: $0) },
        ]
    }

    /// One flag per studio with records the previous run counted and this pull does not.
    static func flags(
        previous: RunRecord,
        before: [Counted],
        now: [StudioSnapshot],
        flag: (_ studioID: String, _ detail: String, _ records: [LineRecord]) -> Void
    ) {
        let current = Dictionary(now.map { ($0.membership.studioID, $0) }, uniquingKeysWith: { first, _ in first })
        for earlier in before.sorted(by: { $0.membership.studioID < $1.membership.studioID }) {
            let studioID = earlier.membership.studioID
            guard let later = current[studioID] else { continue }  // a studio closed since is not a record gone
            let nowCounted = Self.counted(later).mapValues { Set($0.map(\.id)) }
            var gone: [LineRecord] = []
            var lines: [String] = []
            let then = Self.lines(earlier.resources.records, activities: earlier.activities.activities.map(\.id))
            for (line, records) in then.sorted(by: { $0.key < $1.key }) {
                let missing = records.filter { !(nowCounted[line]?.contains($0.id) ?? false) }
                guard !missing.isEmpty else { continue }
                lines.append("\(line) \(missing.count)")
                gone += missing.map { record in
                    let service = line == "activitiesHeld" ? "activities" : "resources"
                    return LineRecord(
                        service: service,
                        method: service == "activities" ? "activities.getActivity" : "resources.getResource",
                        params: ["id": record.id],
                        id: record.id,
                        day: record.day,
                        note: "counted in \(line) by run \(previous.id), no longer counted"
                    )
                }
            }
            guard !gone.isEmpty else { continue }
            flag(
                studioID,
                "\(gone.count) records counted by run \(previous.id) (\(ChinaCalendar.day(previous.createdAt))) are no longer counted: \(lines.joined(separator: ", "))",
                Array(gone.prefix(AnomalyDetection.maxRecords))
            )
        }
    }
}
