import AssessmentAPI
import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// City and county floors (R-APP-4): a city's bureau sets its city studios', a county's its county studios',
/// within the ranges of the year's rule set; the province office may set any.
struct BureauFloorHandlers: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Assessment.setBureauFloor, self.setBureauFloor)
        methods.register(Assessment.listBureauFloors, self.listBureauFloors)
    }

    func setBureauFloor(_ request: SetBureauFloorRequest, context: RPCContext) async throws -> BureauFloor {
        let caller = try context.requirePrincipal()
        try Self.checkBureau(caller, request)
        let thresholds = try JSONCoding.encoder.encode(request.thresholds)
        return try await self.database.writeIdempotent(context) { db in
            if let frozen = try RunHandlers.frozenRun(db, year: request.year) {
                throw RPCError.failedPrecondition(
                    "the \(request.year) ranking was frozen in run \(frozen.id); its floors never change",
                    rule: .mgt2,
                    field: "year"
                )
            }
            try RuleSetRecord.current(db, year: request.year).ruleSet.checkBureau(request)
            let county = request.level == .county ? (request.county ?? "") : ""
            let latest = try Int.fetchOne(
                db,
                sql: """
                    SELECT MAX(version) FROM bureauFloor WHERE year = ? AND level = ? AND city = ? AND county = ?
                    """,
                arguments: [request.year, request.level.rawValue, request.city.rawValue, county]
            )
            let record = BureauFloorRecord(
                year: request.year,
                level: request.level.rawValue,
                city: request.city.rawValue,
                county: county,
                version: (latest ?? 0) + 1,
                thresholds: thresholds,
                setBy: caller.subject,
                setAt: Date()
            )
            try record.insert(db)
            return try record.floor()
        }
    }

    func listBureauFloors(_ request: AssessmentYear, context: RPCContext) async throws -> BureauFloorList {
        try await self.database.read { db in
            BureauFloorList(year: request.year, floors: try BureauFloorRecord.current(db, year: request.year).floors)
        }
    }

    /// The office anywhere; a city admin for its city's city studios; a county admin for its county's studios.
    static func checkBureau(_ caller: Principal, _ request: SetBureauFloorRequest) throws {
        if caller.has(.provinceOffice) { return }
        switch request.level {
        case .city where caller.has(.cityAdmin) && caller.city == request.city.rawValue: return
        case .county where caller.has(.countyAdmin) && caller.city == request.city.rawValue && caller.county == request.county: return
        default:
            let area = request.city.rawValue + (request.county.map { "/" + $0 } ?? "")
            throw RPCError.permissionDenied(
                "the \(request.level.rawValue) floor of \(area) is its own bureau's to set (a city's admin for city studios, a county's for county studios)",
                rule: .app4
            )
        }
    }
}
