import GRDB
import JSONRPC
import MembershipAPI
import Programme

/// Quotas of city and county studios per area, and the active studios counting against them (R-LVL-3). Called
/// inside the write transaction that creates, promotes, demotes or closes, so a quota cannot be overrun by two
/// concurrent creations.
enum QuotaLedger {
    /// Refuses one more active studio of `level` in the area when its quota is used up or was never set.
    static func checkRoom(_ db: Database, level: StudioLevel, city: City, county: String?) throws {
        guard level != .province else { return }
        let area = Self.areaName(level: level, city: city, county: county)
        guard let limit = try Self.limit(db, level: level, city: city, county: county) else {
            throw RPCError.failedPrecondition("no \(level.rawValue)-level quota is set for \(area)", rule: .lvl3, field: "city")
        }
        let used = try Self.used(db, level: level, city: city, county: county)
        guard used < limit else {
            throw RPCError.failedPrecondition(
                "the \(level.rawValue)-level quota of \(area) is used up (\(used) of \(limit))",
                rule: .lvl3,
                field: "city"
            )
        }
    }

    static func limit(_ db: Database, level: StudioLevel, city: City, county: String?) throws -> Int? {
        try Int.fetchOne(
            db,
            sql: "SELECT \"limit\" FROM quota WHERE city = ? AND county = ? AND level = ?",
            arguments: [city.rawValue, Self.countyKey(level: level, county: county), level.rawValue]
        )
    }

    static func used(_ db: Database, level: StudioLevel, city: City, county: String?) throws -> Int {
        if level == .county {
            return try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM studio WHERE status = 'active' AND level = 'county' AND city = ? AND county = ?
                    """,
                arguments: [city.rawValue, county ?? ""]
            ) ?? 0
        }
        return try Int.fetchOne(
            db,
            sql: "SELECT COUNT(*) FROM studio WHERE status = 'active' AND level = ? AND city = ?",
            arguments: [level.rawValue, city.rawValue]
        ) ?? 0
    }

    /// Sets an area's limit; a limit below the studios already active there is refused.
    static func set(_ db: Database, _ request: SetQuotaRequest) throws -> Quota {
        let used = try Self.used(db, level: request.level, city: request.city, county: request.county)
        guard request.limit >= used else {
            throw RPCError.failedPrecondition(
                "\(used) studios are active in \(Self.areaName(level: request.level, city: request.city, county: request.county)); close some before lowering the quota to \(request.limit)",
                rule: .lvl3,
                field: "limit"
            )
        }
        try QuotaRecord(
            city: request.city.rawValue,
            county: Self.countyKey(level: request.level, county: request.county),
            level: request.level.rawValue,
            limit: request.limit
        ).save(db)
        return Quota(city: request.city, county: request.county, level: request.level, limit: request.limit, used: used)
    }

    /// Every quota (of one city, when given) with its use, ordered by city, level, county.
    static func list(_ db: Database, city: City?) throws -> [Quota] {
        let request = city.map { QuotaRecord.filter(QuotaRecord.Columns.city == $0.rawValue) } ?? QuotaRecord.all()
        let records = try request.order(QuotaRecord.Columns.city, QuotaRecord.Columns.level, QuotaRecord.Columns.county).fetchAll(db)
        return try records.compactMap { record in
            guard let city = City(rawValue: record.city), let level = StudioLevel(rawValue: record.level) else { return nil }
            let county = record.county.isEmpty ? nil : record.county
            return Quota(
                city: city,
                county: county,
                level: level,
                limit: record.limit,
                used: try Self.used(db, level: level, city: city, county: county)
            )
        }
    }

    private static func countyKey(level: StudioLevel, county: String?) -> String {
        level == .county ? (county ?? "") : ""
    }

    static func areaName(level: StudioLevel, city: City, county: String?) -> String {
        level == .county ? "\(city.rawValue)/\(county ?? "")" : city.rawValue
    }
}
