import ArgumentParser
import AssessmentAPI
import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import RPCClient

/// `mingshi set-calendar`: a year's application closing dates (R-APP-3, R-APP-7).
struct SetCalendar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-calendar", abstract: "Set (or extend) a year's application closing dates.")

    @OptionGroup var endpoints: Endpoints
    @Option var year: Int
    @Option(help: "Leader applications close, YYYY-MM-DD (end of that day, UTC+8).") var leaders: String
    @Option(help: "City recommendation lists are due, YYYY-MM-DD.") var cityLists: String
    @Option(help: "Subject-leader applications close, YYYY-MM-DD.") var subjectLeaders: String

    func run() async throws {
        let calendar = ApplicationCalendar(
            year: self.year, leaderApplicationsClose: try Self.endOfDay(self.leaders, "leaders"),
            cityListsClose: try Self.endOfDay(self.cityLists, "city-lists"),
            subjectLeaderApplicationsClose: try Self.endOfDay(self.subjectLeaders, "subject-leaders"))
        do {
            print(Call.pretty(try JSONCoding.decoder.decode(JSONValue.self, from: JSONCoding.encoder.encode(
                try await self.endpoints.transport("identity").call(Identity.setCalendar, calendar)))))
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
    static let configuration = CommandConfiguration(commandName: "load-rules", abstract: "Load a year's rule set (JSON).")
    @OptionGroup var endpoints: Endpoints
    @Argument var file: String

    func run() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: self.file))
        let rules: RuleSet
        do {
            rules = try JSONCoding.decoder.decode(RuleSet.self, from: data)
        } catch {
            throw ValidationError("\(self.file) is not a rule set: \(error)")
        }
        do {
            let version = try await self.endpoints.transport("assessment").call(Assessment.loadRuleSet, rules)
            print("rule set \(version.year): version \(version.version)")
        } catch let error as RPCError {
            throw Exit.report(error)
        }
    }
}

/// `mingshi export TABLE`: the notice's attachment tables as CSV for Excel.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export an attachment table as CSV: attachment1 (studios per city), attachment2 (a city's leader "
            + "recommendations), attachment3 (a city's subject-leader applications), attachment4 (a city's admins).")

    enum Table: String, ExpressibleByArgument, CaseIterable { case attachment1, attachment2, attachment3, attachment4 }

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
                export = try await self.endpoints.transport("identity").call(Identity.exportAttachment2, .init(year: try self.requireYear(), city: try self.requireCity()))
            case .attachment3:
                export = try await self.endpoints.transport("identity").call(Identity.exportAttachment3, .init(year: try self.requireYear(), city: try self.requireCity()))
            case .attachment4:
                export = try await self.endpoints.transport("identity").call(Identity.exportAttachment4, .init(city: try self.requireCity()))
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
