import JSONRPC
import Programme

/// How many active studios of one level an area may have (R-LVL-3): city studios per city, county studios per
/// county. Set by the province office; provincial studios have no quota.
public struct Quota: Codable, Sendable, Equatable {
    public var city: City
    /// The county, for county-level quotas; absent for city-level ones.
    public var county: String?
    public var level: StudioLevel
    public var limit: Int
    /// Active studios counting against the quota now.
    public var used: Int

    public init(city: City, county: String?, level: StudioLevel, limit: Int, used: Int) {
        self.city = city
        self.county = county
        self.level = level
        self.limit = limit
        self.used = used
    }
}

/// Params of `membership.setQuota`.
public struct SetQuotaRequest: Codable, Sendable, Equatable, Validatable {
    public var city: City
    public var county: String?
    public var level: StudioLevel
    public var limit: Int

    public init(city: City, county: String? = nil, level: StudioLevel, limit: Int) {
        self.city = city
        self.county = county
        self.level = level
        self.limit = limit
    }

    public func validate() throws(RPCError) {
        try QuotaArea.validate(city: self.city, county: self.county, level: self.level, prefix: "")
        guard (0...10_000).contains(self.limit) else {
            throw .invalidArgument("limit must be 0–10000", field: "limit")
        }
    }
}

/// Params of `membership.moveQuota`: the province office reallocates quota from one area to another (调剂, R-LVL-3).
public struct MoveQuotaRequest: Codable, Sendable, Equatable, Validatable {
    public var level: StudioLevel
    public var fromCity: City
    public var fromCounty: String?
    public var toCity: City
    public var toCounty: String?
    public var amount: Int
    public var reason: String

    public init(
        level: StudioLevel,
        fromCity: City,
        fromCounty: String? = nil,
        toCity: City,
        toCounty: String? = nil,
        amount: Int,
        reason: String
    ) {
        self.level = level
        self.fromCity = fromCity
        self.fromCounty = fromCounty
        self.toCity = toCity
        self.toCounty = toCounty
        self.amount = amount
        self.reason = reason
    }

    public func validate() throws(RPCError) {
        try QuotaArea.validate(city: self.fromCity, county: self.fromCounty, level: self.level, prefix: "from")
        try QuotaArea.validate(city: self.toCity, county: self.toCounty, level: self.level, prefix: "to")
        guard self.amount >= 1 else { throw .invalidArgument("amount must be at least 1", field: "amount") }
        try Field.reason(self.reason)
    }
}

/// Params of `membership.listQuotas`.
public struct ListQuotasRequest: Codable, Sendable, Equatable {
    public var city: City?
    public init(city: City? = nil) { self.city = city }
}

/// The result of `membership.listQuotas` and `membership.moveQuota`.
public struct QuotaList: Codable, Sendable, Equatable {
    public var quotas: [Quota]
    public init(quotas: [Quota]) { self.quotas = quotas }
}

enum QuotaArea {
    /// City quotas name no county; county quotas name one; provincial studios have none (R-LVL-3).
    static func validate(city: City, county: String?, level: StudioLevel, prefix: String) throws(RPCError) {
        let countyField = prefix.isEmpty ? "county" : prefix + "County"
        switch level {
        case .province:
            throw .invalidArgument("provincial studios have no quota (R-LVL-3)", field: "level", rule: .lvl3)
        case .city:
            guard county == nil else {
                throw .invalidArgument("a city-level quota names no county", field: countyField, rule: .lvl3)
            }
        case .county:
            try Field.text(county ?? "", countyField, max: 50)
        }
        if city == .provinceDirect {
            let cityField = prefix.isEmpty ? "city" : prefix + "City"
            throw .invalidArgument("province-direct units (省直) have only provincial studios", field: cityField, rule: .geo1)
        }
    }
}

/// Attachment 1 of the notice, live (R-STAT-1): active studios per city and level.
public struct Attachment1: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var city: City
        public var cityName: String
        public var province: Int
        public var cityLevel: Int
        public var county: Int
        public var total: Int
        public init(city: City, province: Int, cityLevel: Int, county: Int) {
            self.city = city
            self.cityName = city.chineseName
            self.province = province
            self.cityLevel = cityLevel
            self.county = county
            self.total = province + cityLevel + county
        }
    }

    /// One row per city in the notice's order (R-GEO-1), 省直 last.
    public var rows: [Row]
    public var totals: Row.Totals

    public init(rows: [Row]) {
        self.rows = rows
        self.totals = Row.Totals(
            province: rows.map(\.province).reduce(0, +),
            cityLevel: rows.map(\.cityLevel).reduce(0, +),
            county: rows.map(\.county).reduce(0, +)
        )
    }

    /// The table as the notice prints it: a header, one line per city, the totals last.
    public var lines: [[String]] {
        [["设区市", "省级", "市级", "县级", "合计"]]
            + self.rows.map { [$0.cityName, String($0.province), String($0.cityLevel), String($0.county), String($0.total)] }
            + [["合计", String(self.totals.province), String(self.totals.cityLevel), String(self.totals.county), String(self.totals.total)]]
    }
}

extension Attachment1.Row {
    public struct Totals: Codable, Sendable, Equatable {
        public var province: Int
        public var cityLevel: Int
        public var county: Int
        public var total: Int
        public init(province: Int, cityLevel: Int, county: Int) {
            self.province = province
            self.cityLevel = cityLevel
            self.county = county
            self.total = province + cityLevel + county
        }
    }
}
