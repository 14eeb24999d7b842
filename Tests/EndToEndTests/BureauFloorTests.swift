import AssessmentAPI
import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import Testing

/// R-APP-4 on the five processes: city and county studios are judged by their own level's floor, which their bureau
/// sets within the office's ranges; a provincial studio keeps the office's floor.
@Suite("End to end: city and county floors set by their bureaus", .timeLimit(.minutes(10)))
struct BureauFloorTests {
    @Test("a bureau sets its own level's floor within the office's range, the run judges each studio by it, and nobody else's floor moves")
    func bureauFloors() async throws {
        try await withTemporaryDirectory { directory in
            try await Platform.with(in: directory) { platform in try await Self.check(platform) }
        }
    }

    static func check(_ platform: Platform) async throws {
        let office = try await platform.mint("office-1", "provinceOffice")
        let membership = try platform.membership.transport(token: office)
        let assessment = try platform.assessment.transport(token: office)
        let hangzhou = try platform.assessment.transport(token: try await platform.mint("admin-hz", "cityAdmin", city: "hangzhou"))
        let xihu = try platform.assessment.transport(
            token: try await platform.mint("admin-xh", "countyAdmin", city: "hangzhou", county: "西湖区")
        )
        let teacher = try platform.assessment.transport(token: try await platform.mint("t-1", "teacher"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let year = calendar.component(.year, from: Date())

        _ = try await membership.call(Membership.setQuota, .init(city: .hangzhou, level: .city, limit: 1))
        _ = try await membership.call(Membership.setQuota, .init(city: .ningbo, level: .city, limit: 1))
        _ = try await membership.call(Membership.setQuota, .init(city: .hangzhou, county: "西湖区", level: .county, limit: 1))
        func studio(_ name: String, _ level: StudioLevel, _ city: City, _ county: String? = nil) async throws -> Studio {
            try await membership.call(
                Membership.createStudio,
                .init(
                    name: name,
                    level: level,
                    city: city,
                    county: county,
                    stage: .primary,
                    subject: "数学",
                    kind: .subject,
                    leaderID: "t-\(name)"
                )
            )
        }
        let hangzhouStudio = try await studio("杭州市小学数学工作室", .city, .hangzhou)
        let ningboStudio = try await studio("宁波市小学数学工作室", .city, .ningbo)
        let xihuStudio = try await studio("西湖区小学数学工作室", .county, .hangzhou, "西湖区")
        _ = try await assessment.call(Assessment.loadRuleSet, .init(ruleSet: .default2019(year: year)))

        // The boundary of the office's range (R-TASK-6: 0…5 for a city) is accepted; then the bureau lowers it again.
        let atMost = try await hangzhou.call(
            Assessment.setBureauFloor,
            .init(
                year: year,
                level: .city,
                city: .hangzhou,
                thresholds: [.init(metric: .activitiesHeld, threshold: 5)]
            )
        )
        #expect(atMost.version == 1)
        let lowered = try await hangzhou.call(
            Assessment.setBureauFloor,
            .init(
                year: year,
                level: .city,
                city: .hangzhou,
                thresholds: [.init(metric: .activitiesHeld, threshold: 2)]
            )
        )
        #expect(lowered.version == 2)
        #expect(lowered.setBy == "admin-hz")
        _ = try await xihu.call(
            Assessment.setBureauFloor,
            .init(
                year: year,
                level: .county,
                city: .hangzhou,
                county: "西湖区",
                thresholds: [.init(metric: .activitiesHeld, threshold: 0)]
            )
        )

        // Refusals: another city's floor, another level, beyond the range, a task the office fixed, the provincial
        // floor, a teacher.
        let before = try await assessment.call(Assessment.listBureauFloors, .init(year: year))
        let elsewhere = await failure {
            try await hangzhou.call(
                Assessment.setBureauFloor,
                .init(
                    year: year,
                    level: .city,
                    city: .ningbo,
                    thresholds: [.init(metric: .activitiesHeld, threshold: 0)]
                )
            )
        }
        #expect(elsewhere?.status == .permissionDenied)
        #expect(elsewhere?.rule == "R-APP-4")
        let countyByCity = await failure {
            try await hangzhou.call(
                Assessment.setBureauFloor,
                .init(
                    year: year,
                    level: .county,
                    city: .hangzhou,
                    county: "西湖区",
                    thresholds: [.init(metric: .activitiesHeld, threshold: 0)]
                )
            )
        }
        #expect(countyByCity?.status == .permissionDenied)
        let beyond = await failure {
            try await hangzhou.call(
                Assessment.setBureauFloor,
                .init(
                    year: year,
                    level: .city,
                    city: .hangzhou,
                    thresholds: [.init(metric: .activitiesHeld, threshold: 6)]
                )
            )
        }
        #expect(beyond?.status == .invalidArgument)
        #expect(beyond?.field == "thresholds[0].threshold")
        #expect(beyond?.rule == "R-APP-4")
        let fixed = await failure {
            try await hangzhou.call(
                Assessment.setBureauFloor,
                .init(
                    year: year,
                    level: .city,
                    city: .hangzhou,
                    thresholds: [.init(metric: .subjectLeaders, comparison: .atMost, threshold: 20)]
                )
            )
        }
        #expect(fixed?.field == "thresholds[0]")
        #expect(fixed?.rule == "R-APP-4")
        let provincial = await failure {
            try await assessment.call(
                Assessment.setBureauFloor,
                .init(
                    year: year,
                    level: .province,
                    city: .hangzhou,
                    thresholds: [.init(metric: .activitiesHeld, threshold: 0)]
                )
            )
        }
        #expect(provincial?.field == "level")
        let byTeacher = await failure {
            try await teacher.call(
                Assessment.setBureauFloor,
                .init(
                    year: year,
                    level: .city,
                    city: .hangzhou,
                    thresholds: [.init(metric: .activitiesHeld, threshold: 0)]
                )
            )
        }
        #expect(byTeacher?.status == .permissionDenied)
        #expect(try await assessment.call(Assessment.listBureauFloors, .init(year: year)) == before)
        #expect(before.floors.map(\.name).sorted() == ["city/hangzhou v2", "county/hangzhou/西湖区 v1"])

        // Each studio is judged by its own floor.
        _ = try await assessment.call(Assessment.runAssessment, .init(year: year), options: .init(timeout: .seconds(60)))
        func activitiesLine(_ studio: Studio) async throws -> (floor: String?, threshold: Double?) {
            let result = try await assessment.call(Assessment.getStudioReport, .init(year: year, studioID: studio.id)).result
            return (result.floor, result.checklist.first { $0.rule == "R-TASK-6" }?.threshold)
        }
        let hz = try await activitiesLine(hangzhouStudio)
        #expect(hz.floor == "city/hangzhou v2")
        #expect(hz.threshold == 2)
        let nb = try await activitiesLine(ningboStudio)
        #expect(nb.floor == "city")
        #expect(nb.threshold == 5)
        let xh = try await activitiesLine(xihuStudio)
        #expect(xh.floor == "county/hangzhou/西湖区 v1")
        #expect(xh.threshold == 0)

        // Once the year is frozen, its floors never change.
        let run = try await assessment.call(Assessment.runAssessment, .init(year: year), options: .init(timeout: .seconds(60)))
        _ = try await assessment.call(Assessment.freezeRun, .init(runID: run.id), options: .init(timeout: .seconds(60)))
        let frozen = await failure {
            try await hangzhou.call(
                Assessment.setBureauFloor,
                .init(
                    year: year,
                    level: .city,
                    city: .hangzhou,
                    thresholds: [.init(metric: .activitiesHeld, threshold: 1)]
                )
            )
        }
        #expect(frozen?.rule == "R-MGT-2")
        #expect(try await assessment.call(Assessment.listBureauFloors, .init(year: year)) == before)
    }
}
