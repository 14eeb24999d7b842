import ActivitiesAPI
import AssessmentAPI
import Foundation
import MembershipAPI
import Programme
import ResourcesAPI

/// The flags of a run: the rules of thumb of the year's rule set over the pulled records. Activities checks its
/// own records (near-identical attendance, late bursts) when asked with the thresholds; the run checks what needs
/// more than one owner or more than one studio (participants beyond a studio's network, the same content counted
/// as different resources). A flag names its records and the rule that raised it, and never changes a score.
enum AnomalyDetection {
    static func thresholds(_ rules: AnomalyRules) -> AnomalyThresholds {
        AnomalyThresholds(
            sameCrowdSimilarity: rules.sameCrowdSimilarity,
            sameCrowdActivities: rules.sameCrowdActivities,
            lateBurstDays: rules.lateBurstDays,
            lateBurstBackdatedDays: rules.lateBurstBackdatedDays,
            lateBurstRecords: rules.lateBurstRecords,
            checkInClusterSize: rules.clusterSize,
            checkInClusterSeconds: rules.clusterSeconds,
            overlappingAttendance: rules.overlappingAttendance ?? true
        )
    }

    /// - Parameter previous: the year's previous run and its snapshots, for records counted then gone.
    static func flags(
        _ snapshots: [StudioSnapshot],
        rules: AnomalyRules,
        runID: String,
        year: Int,
        previous: (run: RunRecord, counted: [CountedThenGone.Counted])? = nil
    ) -> [AnomalyFlag] {
        var flags: [AnomalyFlag] = []
        func flag(_ studioID: String, _ check: AnomalyCheck, _ rule: String, _ detail: String, _ records: [LineRecord]) {
            flags.append(
                AnomalyFlag(
                    id: "fl-\(runID.dropFirst(4).prefix(8))-\(flags.count + 1)",
                    runID: runID,
                    year: year,
                    studioID: studioID,
                    check: check,
                    rule: rule,
                    detail: detail,
                    records: records
                )
            )
        }
        for snapshot in snapshots {
            let studioID = snapshot.membership.studioID
            for anomaly in snapshot.activities.anomalies ?? [] {
                switch anomaly.kind {
                case .sameCrowd:
                    flag(
                        studioID,
                        .sameCrowd,
                        "near-identical attendance: \(rules.sameCrowdActivities) or more activities whose participant lists are at least \(Int(rules.sameCrowdSimilarity * 100)) % alike",
                        anomaly.detail,
                        anomaly.records.map { Self.activity($0) }
                    )
                case .lateBurst:
                    flag(
                        studioID,
                        .lateBurst,
                        "a burst of late records: \(rules.lateBurstRecords) or more entered in the year's last \(rules.lateBurstDays) days, each \(rules.lateBurstBackdatedDays) or more days after its event",
                        anomaly.detail,
                        anomaly.records.map { record in
                            record.id.hasPrefix("sr-")
                                ? LineRecord(
                                    service: "activities",
                                    method: "activities.listRecords",
                                    params: ["studioID": studioID],
                                    id: record.id,
                                    day: record.day,
                                    note: "lecture or award"
                                )
                                : Self.activity(record)
                        }
                    )
                case .checkInCluster:
                    flag(
                        studioID,
                        .checkInCluster,
                        "check-ins in a cluster: \(rules.clusterSize) or more of an activity's check-ins within \(rules.clusterSeconds) s, or a check-in outside its hours",
                        anomaly.detail,
                        anomaly.records.map { Self.activity($0) }
                    )
                case .overlappingAttendance:
                    flag(
                        studioID,
                        .overlappingAttendance,
                        "overlapping attendance: a teacher counted in two activities at overlapping times (R-ACT-1)",
                        anomaly.detail,
                        anomaly.records.map { Self.activity($0) }
                    )
                }
            }
            let roster = snapshot.membership
            let network = 1 + roster.subjectLeaders + roster.coreMembers + roster.networkMembers
            let beyond = snapshot.activities.activities.filter { Double($0.participants) > rules.beyondNetworkFactor * Double(network) }
            if !beyond.isEmpty {
                flag(
                    studioID,
                    .beyondNetwork,
                    "participants beyond the studio's network: an activity with more than \(rules.beyondNetworkFactor == 1 ? "" : "\(rules.beyondNetworkFactor) × ")the studio's leader, subject leaders, core and network members",
                    "\(beyond.count) activities with more participants than the studio's \(network) people",
                    beyond.map { Provenance.activity($0, note: "\($0.participants) participants") }
                )
            }
        }
        if rules.duplicateContent { Self.duplicateContent(snapshots, into: &flags, runID: runID, year: year) }
        if let previous {
            CountedThenGone.flags(previous: previous.run, before: previous.counted, now: snapshots) { studioID, detail, records in
                flag(
                    studioID,
                    .countedThenGone,
                    "counted, then gone: records an earlier run of the year counted that the owners no longer count (withdrawn, re-dated or cancelled around a run)",
                    detail,
                    records
                )
            }
        }
        return flags
    }

    /// The same file (SHA-256) on two or more of the year's resources: one flag per studio with such resources,
    /// naming its own (up to ``maxRecords``) and saying how many others share the content. Linear in the records:
    /// each file's holders are counted once, never listed per record.
    static func duplicateContent(_ snapshots: [StudioSnapshot], into flags: inout [AnomalyFlag], runID: String, year: Int) {
        var holders: [String: (resources: Int, studios: Set<String>)] = [:]  // sha256 → how many resources, which studios
        for snapshot in snapshots {
            for record in snapshot.resources.records?.published ?? [] {
                for sha256 in Set(record.contents ?? []) {
                    holders[sha256, default: (0, [])].resources += 1
                    holders[sha256, default: (0, [])].studios.insert(snapshot.membership.studioID)
                }
            }
        }
        for snapshot in snapshots.sorted(by: { $0.membership.studioID < $1.membership.studioID }) {
            let studioID = snapshot.membership.studioID
            var duplicates: [LineRecord] = []
            var elsewhere = 0
            for record in snapshot.resources.records?.published ?? [] {
                let shared = Set(record.contents ?? []).compactMap { holders[$0] }.filter { $0.resources > 1 }
                guard let widest = shared.max(by: { $0.resources < $1.resources }) else { continue }
                let otherStudios = shared.map { $0.studios.subtracting([studioID]).count }.max() ?? 0
                if otherStudios > 0 { elsewhere += 1 }
                duplicates.append(
                    Provenance.resource(
                        record,
                        note: "content shared with \(widest.resources - 1) other resources, \(otherStudios) other studios among their holders"
                    )
                )
            }
            guard !duplicates.isEmpty else { continue }
            let listed = duplicates.prefix(Self.maxRecords)
            flags.append(
                AnomalyFlag(
                    id: "fl-\(runID.dropFirst(4).prefix(8))-\(flags.count + 1)",
                    runID: runID,
                    year: year,
                    studioID: studioID,
                    check: .duplicateContent,
                    rule: "the same file content (SHA-256) counted as different resources, within a studio or across studios",
                    detail: "\(duplicates.count) of the studio's resources share their file with other resources of the year"
                        + (elsewhere > 0 ? ", \(elsewhere) of them with other studios'" : "")
                        + (duplicates.count > listed.count ? " (the first \(listed.count) listed)" : ""),
                    records: Array(listed)
                )
            )
        }
    }

    /// Most records one flag lists: enough to review, bounded however a year was gamed.
    static let maxRecords = 1000

    static func activity(_ record: CountedRecord) -> LineRecord {
        LineRecord(service: "activities", method: "activities.getActivity", params: ["id": record.id], id: record.id, day: record.day)
    }
}
