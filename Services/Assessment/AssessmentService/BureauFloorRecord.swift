import AssessmentAPI
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import ServiceKit

/// A row of `bureauFloor`: one version of a city's or county's floor for a year (R-APP-4).
struct BureauFloorRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "bureauFloor"
    var year: Int
    var level: String
    var city: String
    /// "" for a city's floor.
    var county: String
    var version: Int
    var thresholds: Data
    var setBy: String
    var setAt: Date

    func floor() throws -> BureauFloor {
        guard let level = StudioLevel(rawValue: self.level), let city = City(rawValue: self.city) else {
            throw StoredRowError(table: Self.databaseTableName, id: "\(self.year)/\(self.level)/\(self.city)")
        }
        return BureauFloor(
            year: self.year,
            level: level,
            city: city,
            county: self.county.isEmpty ? nil : self.county,
            thresholds: try JSONCoding.decoder.decode([BureauThreshold].self, from: self.thresholds),
            version: self.version,
            setBy: self.setBy,
            setAt: self.setAt
        )
    }

    /// The newest version of every bureau's floor of the year, keyed by ``BureauFloors/key(level:city:county:)``.
    static func current(_ db: Database, year: Int) throws -> BureauFloors {
        let records = try BureauFloorRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM bureauFloor AS f WHERE year = ? AND version =
                  (SELECT MAX(version) FROM bureauFloor WHERE year = f.year AND level = f.level AND city = f.city AND county = f.county)
                ORDER BY level, city, county
                """,
            arguments: [year]
        )
        return BureauFloors(floors: try records.map { try $0.floor() })
    }
}

/// The bureaus' floors of a year, found by the studio they judge.
struct BureauFloors: Sendable {
    let floors: [BureauFloor]
    private let byKey: [String: BureauFloor]

    init(floors: [BureauFloor]) {
        self.floors = floors
        self.byKey = Dictionary(
            floors.map { (Self.key(level: $0.level, city: $0.city, county: $0.county), $0) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    static let none = BureauFloors(floors: [])

    static func key(level: StudioLevel, city: City, county: String?) -> String {
        [level.rawValue, city.rawValue, level == .county ? (county ?? "") : ""].joined(separator: "/")
    }

    /// The floor of a city studio's city, or a county studio's county; none for a provincial studio.
    func floor(for studio: StudioMetrics) -> BureauFloor? {
        guard studio.level != .province else { return nil }
        return self.byKey[Self.key(level: studio.level, city: studio.city, county: studio.county)]
    }
}
