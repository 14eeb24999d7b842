import ArgumentParser
import AssessmentAPI
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient

/// `mingshi set-calendar`: a year's application closing dates (R-APP-3, R-APP-7).
struct SetCalendar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-calendar",
        abstract: "Set (or extend) a year's application closing dates."
    )

    @OptionGroup var endpoints: Endpoints
    @Option var year: Int
    @Option(help: "Leader applications close, YYYY-MM-DD (end of that day, UTC+8).") var leaders: String
    @Option(help: "City recommendation lists are due, YYYY-MM-DD.") var cityLists: String
    @Option(help: "Subject-leader applications close, YYYY-MM-DD.") var subjectLeaders: String

    func run() async throws {
        let calendar = ApplicationCalendar(
            year: self.year,
            leaderApplicationsClose: try Self.endOfDay(self.leaders, "leaders"),
            cityListsClose: try Self.endOfDay(self.cityLists, "city-lists"),
            subjectLeaderApplicationsClose: try Self.endOfDay(self.subjectLeaders, "subject-leaders")
        )
        do {
            print(
                Call.pretty(
                    try JSONCoding.decoder.decode(
                        JSONValue.self,
                        from: JSONCoding.encoder.encode(
                            try await self.endpoints.transport("identity").call(Identity.setCalendar, calendar)
                        )
                    )
                )
            )
        } catch let error as RPCError {
            throw Exit.report(error)
        }
    }

    static func endOfDay(_ text: String, _ flag: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text + "T23:59:59+08:00") else {
            throw ValidationError("--\(flag) must be a date YYYY-MM-DD")
        }
        return date
    }
}

/// `mingshi load-rules FILE`: a year's rule set from a JSON document.
struct LoadRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-rules",
        abstract: "Load a year's rule set (JSON; `--print-default` shows the 2019 one)."
    )
    @OptionGroup var endpoints: Endpoints
    @Argument var file: String?
    @Option(help: "Why a frozen year's rules are superseded (required then).") var supersedeReason: String?
    @Flag(help: "Print the 2019 default rule set as JSON and exit.") var printDefault = false

    func run() async throws {
        if self.printDefault {
            print(String(decoding: try JSONCoding.encoder.encode(RuleSet.default2019()), as: UTF8.self))
            return
        }
        guard let file = self.file else { throw ValidationError("name the rule set's JSON file") }
        let rules = try RuleSetFile.read(file)
        do {
            let version = try await self.endpoints.transport("assessment").call(
                Assessment.loadRuleSet,
                .init(ruleSet: rules, supersedeReason: self.supersedeReason)
            )
            print("rule set \(version.year): version \(version.version)")
        } catch let error as RPCError {
            throw Exit.report(error)
        }
    }
}

/// Reads a rule set file, naming the line and field of the first problem.
enum RuleSetFile {
    static func read(_ path: String) throws -> RuleSet {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try JSONCoding.decoder.decode(RuleSet.self, from: data)
        } catch let error as DecodingError {
            throw ValidationError("\(path): \(Self.describe(error, in: data))")
        } catch {
            throw ValidationError("\(path) is not JSON: \(error)")
        }
    }

    static func describe(_ error: DecodingError, in data: Data) -> String {
        let (context, what): (DecodingError.Context, String) =
            switch error {
            case .keyNotFound(let key, let context): (context, "missing field \(key.stringValue)")
            case .typeMismatch(let type, let context): (context, "expected \(type)")
            case .valueNotFound(let type, let context): (context, "expected a \(type), found null")
            case .dataCorrupted(let context): (context, context.debugDescription)
            @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), "\(error)")
            }
        let field = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let line = Self.line(of: context.codingPath.last?.stringValue, in: data).map { "line \($0), " } ?? ""
        return "\(line)field \(field.isEmpty ? "(top level)" : field): \(what)"
    }

    /// The first line holding `"key"`, a good enough pointer into a hand-edited file.
    static func line(of key: String?, in data: Data) -> Int? {
        guard let key, Int(key) == nil else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.contains("\"\(key)\"") }.map { $0 + 1 }
    }
}

/// `mingshi assess run|freeze|apply|ranking`: the assessment jobs of the province office.
struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run, freeze and apply a year's assessment, or print its ranking.",
        subcommands: [RunYear.self, Freeze.self, Apply.self, Ranking.self]
    )

    struct RunYear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Pull metrics and rank a year's studios.")
        @OptionGroup var endpoints: Endpoints
        @Argument var year: Int
        func run() async throws {
            if Terminal.isInteractive { Terminal.progress("pulling metrics and ranking", 0) }
            let run = try await Exit.reporting {
                try await self.endpoints.transport("assessment").call(
                    Assessment.runAssessment,
                    .init(year: self.year),
                    options: .init(timeout: .seconds(120))
                )
            }
            print(
                "run \(run.id): \(run.studios) studios, \(run.passed) passed, \(run.idle) idle (pull \(run.pullMilliseconds) ms, compute \(run.computeMilliseconds) ms)"
            )
        }
    }

    struct Freeze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a run the year's final ranking (grants credits).")
        @OptionGroup var endpoints: Endpoints
        @Argument var runID: String
        func run() async throws {
            let run = try await Exit.reporting {
                try await self.endpoints.transport("assessment").call(Assessment.freezeRun, .init(runID: self.runID))
            }
            print("run \(run.id) is the final \(run.year) ranking")
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply a frozen run's closures, demotions, promotions and shortlisting.")
        @OptionGroup var endpoints: Endpoints
        @Argument var runID: String
        @Flag(help: "Print the whole answer as JSON (every studio id) instead of a summary.") var json = false
        func run() async throws {
            let applied = try await Exit.reporting {
                try await self.endpoints.transport("assessment").call(
                    Assessment.applyOutcomes,
                    .init(runID: self.runID),
                    options: .init(timeout: .seconds(120))
                )
            }
            if self.json {
                print(String(decoding: try JSONCoding.encoder.encode(applied), as: UTF8.self))
                return
            }
            print(
                "closed \(applied.closed.count), demoted \(applied.demoted.count), promoted \(applied.promoted.count), "
                    + "not applied \(applied.notApplied.count); \(applied.shortlisted) leaders shortlisted for the next round "
                    + "(\(applied.notShortlisted.count) without an account); \(applied.credits) credits in the ledger"
            )
            for refusal in applied.notApplied { print("  not applied: \(refusal)") }
        }
    }

    struct Ranking: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a year's ranking (the frozen run, else the latest).")
        @OptionGroup var endpoints: Endpoints
        @Argument var year: Int
        @Option var top = 20
        @Option(help: "province (default), city or county: each level is ranked on its own.") var level: StudioLevel = .province
        func run() async throws {
            let page = try await Exit.reporting {
                try await self.endpoints.transport("assessment").call(
                    Assessment.getRanking,
                    .init(year: self.year, level: self.level, pageSize: self.top)
                )
            }
            let counts =
                page.run.levels.first { $0.level == self.level }
                .map { "\($0.studios) studios, \($0.passed) passed, \($0.idle) idle" } ?? ""
            print(
                "\(page.run.year) \(page.run.status.rawValue) run \(page.run.id): \(page.run.studios) studios of all levels, \(page.run.passed) passed; \(self.level.rawValue) level: \(counts)"
            )
            for row in page.rows {
                let name = row.name + String(repeating: "　", count: max(0, 16 - row.name.count))
                let proposal = row.proposal == .keep ? "" : row.proposal.chineseName
                print(
                    "\(String(format: "%4d", row.rank))  \(name) \(row.city.chineseName)  \(String(format: "%6.2f", row.score))  \(row.passed ? "合格  " : "不合格")  \(row.tier ?? "    ")  \(proposal.isEmpty ? "    " : proposal)  \(row.studioID)"
                )
            }
        }
    }
}

/// `mingshi export TABLE`: the notice's attachment tables as CSV for Excel.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export an attachment table as CSV: attachment1 (studios per city), attachment2 (a city's leader "
            + "recommendations), attachment3 (a city's subject-leader applications), attachment4 (a city's admins), "
            + "ranking, tiers, credits (a year's assessment)."
    )

    enum Table: String, ExpressibleByArgument, CaseIterable {
        case attachment1, attachment2, attachment3, attachment4, ranking, tiers, credits
    }

    @OptionGroup var endpoints: Endpoints
    @Argument var table: Table
    @Option(help: "The city (hangzhou, …), for attachments 2–4.") var city: String?
    @Option(help: "The year, for attachments 2 and 3.") var year: Int?
    @Option(name: .shortAndLong, help: "Write to this file (default: the suggested file name).") var output: String?

    func run() async throws {
        let export: CSVExport
        do {
            switch self.table {
            case .attachment1:
                export = try await self.endpoints.transport("membership").call(Membership.exportAttachment1)
            case .attachment2:
                export = try await self.endpoints.transport("identity").call(
                    Identity.exportAttachment2,
                    .init(year: try self.requireYear(), city: try self.requireCity())
                )
            case .attachment3:
                export = try await self.endpoints.transport("identity").call(
                    Identity.exportAttachment3,
                    .init(year: try self.requireYear(), city: try self.requireCity())
                )
            case .attachment4:
                export = try await self.endpoints.transport("identity").call(Identity.exportAttachment4, .init(city: try self.requireCity()))
            case .ranking:
                export = try await self.endpoints.transport("assessment").call(Assessment.exportRanking, .init(year: try self.requireYear()))
            case .tiers:
                export = try await self.endpoints.transport("assessment").call(Assessment.exportTiers, .init(year: try self.requireYear()))
            case .credits:
                export = try await self.endpoints.transport("assessment").call(Assessment.exportCredits, .init(year: try self.requireYear()))
            }
        } catch let error as RPCError {
            throw Exit.report(error)
        }
        let path = self.output ?? export.filename
        try Data(export.csv.utf8).write(to: URL(fileURLWithPath: path))
        print(path)
    }

    func requireCity() throws -> City {
        guard let text = self.city, let city = City(rawValue: text) else {
            throw ValidationError("--city is one of \(City.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return city
    }

    func requireYear() throws -> Int {
        guard let year = self.year else { throw ValidationError("--year is required for \(self.table.rawValue)") }
        return year
    }
}

extension StudioLevel: ExpressibleByArgument {}
