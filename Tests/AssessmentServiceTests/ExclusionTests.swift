import ActivitiesAPI
import AssessmentAPI
import Foundation
import MembershipAPI
import Programme
import ResourcesAPI
import Testing

@testable import AssessmentService

/// A record a supervisor excluded counts nowhere in the next run: an activity leaves its host's count and its featured
/// project's progress, an approved outcome leaves a research-outcome project's progress.
@Suite("Assessment: excluded records")
struct ExclusionTests {
    static func excluded(_ id: String) -> ExcludedRecord {
        ExcludedRecord(
            recordID: id,
            flagID: "fl-1",
            check: .sameCrowd,
            reason: "同一名单",
            decidedBy: "ws-1",
            decidedAt: Date(timeIntervalSince1970: 0)
        )
    }

    @Test("an excluded activity of the featured project takes its progress with it: the project is no longer complete")
    func projectActivity() {
        var snapshot = EvaluationTests.exact()
        snapshot.activities.project?.id = "fp-1"
        for index in 0..<4 { snapshot.activities.activities[index].projectID = "fp-1" }
        #expect(EvaluationTests().result(snapshot).metrics["featuredProjectComplete"] == 1)
        let after = Exclusions.apply([Self.excluded("ac-2")], to: snapshot)
        #expect(after.activities.project?.progress.counted == 3)
        #expect(EvaluationTests().result(after).metrics["featuredProjectComplete"] == 0)
        // An activity outside the project leaves the progress alone.
        #expect(Exclusions.apply([Self.excluded("ac-7")], to: snapshot).activities.project?.progress.counted == 4)
    }

    @Test("an excluded outcome leaves a research-outcome project's progress")
    func researchOutcome() {
        var snapshot = EvaluationTests.exact()
        snapshot.activities.project = ProjectMetrics(type: .researchOutcome, status: .approved, progress: ProjectProgress(counted: 2, required: 2))
        var records = ResourceRecords()
        records.researchOutcomesApproved = [CountedRecord(id: "rs-1"), CountedRecord(id: "rs-2")]
        snapshot.resources.records = records
        snapshot.resources.researchOutcomesApproved = 2
        let after = Exclusions.apply([Self.excluded("rs-2")], to: snapshot)
        #expect(after.resources.researchOutcomesApproved == 1 && after.activities.project?.progress.counted == 1)
    }
}
