import Foundation
import JSONRPC
import Programme

/// The floor of one level's studios in a year's rule set: city and county studios are their bureaus' (R-APP-4), so
/// the office names each level's default floor and, task by task, how far a city's or county's bureau may move it.
public struct LevelFloor: Codable, Sendable, Equatable {
    /// `city` or `county`; the provincial floor is the rule set's `basicTasks`.
    public var level: StudioLevel
    public var basicTasks: [RuleSet.BasicTask]

    public init(level: StudioLevel, basicTasks: [RuleSet.BasicTask]) {
        self.level = level
        self.basicTasks = basicTasks
    }
}

/// How far a bureau may move one task's threshold, both ends included.
public struct ThresholdRange: Codable, Sendable, Equatable {
    public var minimum: Double
    public var maximum: Double

    public init(minimum: Double, maximum: Double) {
        self.minimum = minimum
        self.maximum = maximum
    }

    public func contains(_ value: Double) -> Bool { value >= self.minimum && value <= self.maximum }
}

/// One threshold a bureau sets: the task is its level floor's task counting `metric` the `comparison` way.
public struct BureauThreshold: Codable, Sendable, Equatable {
    public var metric: Metric
    /// Absent: `atLeast`.
    public var comparison: RuleSet.BasicTask.Comparison?
    public var threshold: Double

    public init(metric: Metric, comparison: RuleSet.BasicTask.Comparison? = nil, threshold: Double) {
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
    }
}

/// Params of `assessment.setBureauFloor`: a city's bureau sets its city studios' floor, a county's its county
/// studios', within the ranges the office's rule set allows (R-APP-4).
public struct SetBureauFloorRequest: Codable, Sendable, Equatable, Validatable {
    public var year: Int
    /// `city` or `county`.
    public var level: StudioLevel
    public var city: City
    /// For the county level: the county.
    public var county: String?
    /// Tasks not named keep the office's threshold.
    public var thresholds: [BureauThreshold]

    public init(year: Int, level: StudioLevel, city: City, county: String? = nil, thresholds: [BureauThreshold]) {
        self.year = year
        self.level = level
        self.city = city
        self.county = county
        self.thresholds = thresholds
    }

    public func validate() throws(RPCError) {
        guard (2019...2100).contains(self.year) else { throw .invalidArgument("year must be 2019–2100", field: "year") }
        guard self.level != .province else {
            throw .invalidArgument(
                "the provincial floor is the office's rule set; a bureau sets the city or county level's",
                field: "level",
                rule: .app4
            )
        }
        if self.level == .county {
            try Field.text(self.county ?? "", "county", max: 50)
        } else if self.county != nil {
            throw .invalidArgument("a city's floor names no county", field: "county")
        }
        guard self.city != .provinceDirect else {
            throw .invalidArgument("province-direct (省直) studios are provincial", field: "city", rule: .geo1)
        }
        guard self.thresholds.count <= 100 else { throw .invalidArgument("at most 100 thresholds", field: "thresholds") }
        var seen: Set<String> = []
        for (index, threshold) in self.thresholds.enumerated() {
            guard threshold.threshold.isFinite, threshold.threshold >= 0 else {
                throw .invalidArgument("a threshold is a number not below 0", field: "thresholds[\(index)].threshold")
            }
            let key = threshold.metric.rawValue + "/" + (threshold.comparison ?? .atLeast).rawValue
            guard seen.insert(key).inserted else {
                throw .invalidArgument("\(threshold.metric.rawValue) is named twice", field: "thresholds[\(index)]")
            }
        }
    }
}

/// A bureau's floor for one year, as it stands: a new one replaces it, and the versions are kept.
public struct BureauFloor: Codable, Sendable, Equatable {
    public var year: Int
    public var level: StudioLevel
    public var city: City
    public var county: String?
    public var thresholds: [BureauThreshold]
    public var version: Int
    public var setBy: String
    public var setAt: Date

    public init(
        year: Int,
        level: StudioLevel,
        city: City,
        county: String?,
        thresholds: [BureauThreshold],
        version: Int,
        setBy: String,
        setAt: Date
    ) {
        self.year = year
        self.level = level
        self.city = city
        self.county = county
        self.thresholds = thresholds
        self.version = version
        self.setBy = setBy
        self.setAt = setAt
    }

    /// The floor's name in a report: `city/hangzhou v2`, `county/hangzhou/西湖区 v1`.
    public var name: String {
        ([self.level.rawValue, self.city.rawValue] + (self.county.map { [$0] } ?? [])).joined(separator: "/") + " v\(self.version)"
    }
}

/// The result of `assessment.listBureauFloors`.
public struct BureauFloorList: Codable, Sendable, Equatable {
    public var year: Int
    public var floors: [BureauFloor]
    public init(year: Int, floors: [BureauFloor]) {
        self.year = year
        self.floors = floors
    }
}

extension RuleSet {
    /// The office's floor of a level: `basicTasks` for the province, the level's own where the rule set names one.
    public func floor(of level: StudioLevel) -> [BasicTask] {
        guard level != .province, let floor = self.levelFloors?.first(where: { $0.level == level }) else {
            return self.basicTasks
        }
        return floor.basicTasks
    }

    /// The floor a studio is judged by: its level's, with its bureau's thresholds where the office lets them move.
    /// A bureau's threshold outside a range the office narrowed after it was set is brought back inside.
    public func floor(of level: StudioLevel, bureau: BureauFloor?) -> [BasicTask] {
        var tasks = self.floor(of: level)
        guard level != .province, let bureau else { return tasks }
        for threshold in bureau.thresholds {
            let comparison = threshold.comparison ?? .atLeast
            guard let index = tasks.firstIndex(where: { $0.metric == threshold.metric && $0.comparison == comparison }),
                let range = tasks[index].bureauRange
            else { continue }
            tasks[index].threshold = min(range.maximum, max(range.minimum, threshold.threshold))
        }
        return tasks
    }

    /// Checks a bureau's thresholds against the level's floor: each names a task the office lets bureaus move, and
    /// stays within its range (R-APP-4).
    public func checkBureau(_ request: SetBureauFloorRequest) throws(RPCError) {
        let tasks = self.floor(of: request.level)
        for (index, threshold) in request.thresholds.enumerated() {
            let comparison = threshold.comparison ?? .atLeast
            guard let task = tasks.first(where: { $0.metric == threshold.metric && $0.comparison == comparison }) else {
                throw .invalidArgument(
                    "the \(request.year) \(request.level.rawValue) floor has no task counting \(threshold.metric.rawValue) \(comparison.rawValue)",
                    field: "thresholds[\(index)].metric",
                    rule: .app4
                )
            }
            guard let range = task.bureauRange else {
                throw .invalidArgument(
                    "\(task.rule) (\(task.description)) is fixed by the province office for \(request.year)",
                    field: "thresholds[\(index)]",
                    rule: .app4
                )
            }
            guard range.contains(threshold.threshold) else {
                throw .invalidArgument(
                    "\(task.rule) (\(task.description)): the office allows \(Self.number(range.minimum))–\(Self.number(range.maximum)), not \(Self.number(threshold.threshold))",
                    field: "thresholds[\(index)].threshold",
                    rule: .app4
                )
            }
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// City and county floors as the 2019 programme leaves them (R-APP-4): the provincial tasks, each count a bureau
    /// may lower down to none (a ceiling, such as at most 15 subject leaders, stays the office's).
    static func bureauFloors(from tasks: [BasicTask]) -> [LevelFloor] {
        let movable = tasks.map { task in
            var task = task
            if task.comparison == .atLeast { task.bureauRange = ThresholdRange(minimum: 0, maximum: task.threshold) }
            return task
        }
        return [LevelFloor(level: .city, basicTasks: movable), LevelFloor(level: .county, basicTasks: movable)]
    }
}
