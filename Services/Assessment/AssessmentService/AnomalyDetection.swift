import ActivitiesAPI
import AssessmentAPI
import Foundation
import MembershipAPI
import ResourcesAPI

/// The flags of a run: the rules of thumb of the year's rule set over the pulled records. Activities checks its
/// own records (near-identical attendance, late bursts) when asked with the thresholds; the run checks what needs
/// more than one owner or more than one studio (participants beyond a studio's network, the same content counted
/// as different resources). A flag names its records and the rule that raised it, and never changes a score.
enum AnomalyDetection {
    static func thresholds(_ rules: AnomalyRules) -> AnomalyThresholds {
        AnomalyThresholds(sameCrowdSimilarity: rules.sameCrowdSimilarity, sameCrowdActivities: rules.sameCrowdActivities,
                          lateBurstDays: rules.lateBurstDays, lateBurstBackdatedDays: rules.lateBurstBackdatedDays,
                          lateBurstRecords: rules.lateBurstRecords)
    }

    static func flags(_ snapshots: [StudioSnapshot], rules: AnomalyRules, runID: String, year: Int) -> [AnomalyFlag] {
        var flags: [AnomalyFlag] = []
        func flag(_ studioID: String, _ check: AnomalyCheck, _ rule: String, _ detail: String, _ records: [LineRecord]) {
            flags.append(AnomalyFlag(id: "fl-\(runID.dropFirst(4).prefix(8))-\(flags.count + 1)", runID: runID, year: year,
                                     studioID: studioID, check: check, rule: rule, detail: detail, records: records))
        }
        for snapshot in snapshots {
            let studioID = snapshot.membership.studioID
            for anomaly in snapshot.activities.anomalies ?? [] {
                switch anomaly.kind {
                case .sameCrowd:
                    flag(studioID, .sameCrowd,
                         "near-identical attendance: \(rules.sameCrowdActivities) or more activities whose participant lists are at least \(Int(rules.sameCrowdSimilarity * 100)) % alike",
                         anomaly.detail, anomaly.records.map { Self.activity($0) })
                case .lateBurst:
                    flag(studioID, .lateBurst,
                         "a burst of late records: \(rules.lateBurstRecords) or more entered in the year's last \(rules.lateBurstDays) days, each \(rules.lateBurstBackdatedDays) or more days after its event",
                         anomaly.detail, anomaly.records.map { record in
                             record.id.hasPrefix("sr-")
                                 ? LineRecord(service: "activities", method: "activities.listRecords",
                                              params: ["studioID": studioID], id: record.id, day: record.day, note: "lecture or award")
                                 : Self.activity(record)
                         })
                }
            }
            let roster = snapshot.membership
            let network = 1 + roster.subjectLeaders + roster.coreMembers + roster.networkMembers
            let beyond = snapshot.activities.activities.filter { Double($0.participants) > rules.beyondNetworkFactor * Double(network) }
            if !beyond.isEmpty {
                flag(studioID, .beyondNetwork,
                     "participants beyond the studio's network: an activity with more than \(rules.beyondNetworkFactor == 1 ? "" : "\(rules.beyondNetworkFactor) × ")the studio's leader, subject leaders, core and network members",
                     "\(beyond.count) activities with more participants than the studio's \(network) people",
                     beyond.map { Provenance.activity($0, note: "\($0.participants) participants") })
            }
        }
        if rules.duplicateContent { Self.duplicateContent(snapshots, into: &flags, runID: runID, year: year) }
        return flags
    }

    /// The same file (SHA-256) on two or more of the year's resources: one flag per studio with such resources,
    /// naming its own and saying how many others share the content.
    static func duplicateContent(_ snapshots: [StudioSnapshot], into flags: inout [AnomalyFlag], runID: String, year: Int) {
        var holders: [String: Set<String>] = [:]  // sha256 → resource ids
        var studioOf: [String: String] = [:]
        for snapshot in snapshots {
            for record in snapshot.resources.records?.published ?? [] {
                studioOf[record.id] = snapshot.membership.studioID
                for sha256 in Set(record.contents ?? []) { holders[sha256, default: []].insert(record.id) }
            }
        }
        var byStudio: [String: [(record: CountedRecord, others: Int, studios: Int)]] = [:]  // studios: other studios
        for snapshot in snapshots {
            for record in snapshot.resources.records?.published ?? [] {
                let sharing = Set((record.contents ?? []).flatMap { holders[$0] ?? [] }).subtracting([record.id])
                guard !sharing.isEmpty else { continue }
                let otherStudios = Set(sharing.compactMap { studioOf[$0] }).subtracting([snapshot.membership.studioID])
                byStudio[snapshot.membership.studioID, default: []].append((record, sharing.count, otherStudios.count))
            }
        }
        for (studioID, duplicates) in byStudio.sorted(by: { $0.key < $1.key }) {
            let elsewhere = duplicates.filter { $0.studios > 0 }.count
            flags.append(AnomalyFlag(
                id: "fl-\(runID.dropFirst(4).prefix(8))-\(flags.count + 1)", runID: runID, year: year, studioID: studioID,
                check: .duplicateContent, rule: "the same file content (SHA-256) counted as different resources, within a studio or across studios",
                detail: "\(duplicates.count) of the studio's resources share their file with other resources of the year\(elsewhere > 0 ? ", some in other studios" : "")",
                records: duplicates.map { entry in
                    Provenance.resource(entry.record, note: "content shared with \(entry.others) other resources, \(entry.studios) other studios among them")
                }))
        }
    }

    static func activity(_ record: CountedRecord) -> LineRecord {
        LineRecord(service: "activities", method: "activities.getActivity", params: ["id": record.id], id: record.id, day: record.day)
    }
}
