import Foundation
import GRDB
import IdentityAPI
import JSONRPC

/// A training-system roster import: every row validated, then written in one transaction.
enum AccountImport {
    /// Header names, Chinese as the training system exports them or English, to canonical fields.
    static let columns: [String: String] = [
        "师训编号": "trainingID", "trainingid": "trainingID", "姓名": "name", "name": "name", "学校": "school",
        "school": "school", "设区市": "city", "city": "city", "县市区": "county", "县(市、区)": "county",
        "county": "county", "乡村学校": "rural", "rural": "rural", "对口援建地区": "pairedRegion",
        "pairedregion": "pairedRegion", "学段": "stage", "stage": "stage", "学科": "subject", "subject": "subject",
        "职称": "title", "title": "title", "荣誉": "honours", "honours": "honours",
    ]
    static let required = ["trainingID", "name", "school", "city", "stage", "subject", "title"]

    struct Plan {
        var profiles: [(line: Int, profile: TeacherProfile)] = []
        var rejected: [ImportReport.Rejection] = []
    }

    /// Reads and validates the file; the header's problems reject the whole file.
    static func plan(_ csv: String) throws -> Plan {
        let records: [RosterCSV.Record]
        do {
            records = try RosterCSV.records(csv)
        } catch .unterminatedQuote(let line) {
            throw RPCError.invalidArgument("line \(line): a quoted field is never closed", field: "csv")
        }
        guard let header = records.first else { throw RPCError.invalidArgument("the file has no header row", field: "csv") }
        var positions: [String: Int] = [:]
        var headerNames: [String: String] = [:]
        for (index, name) in header.fields.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let canonical = Self.columns[trimmed] ?? Self.columns[trimmed.lowercased()] else { continue }
            positions[canonical] = index
            headerNames[canonical] = trimmed
        }
        if let missing = Self.required.first(where: { positions[$0] == nil }) {
            throw RPCError.invalidArgument("the header row has no \(missing) column", field: "csv")
        }
        var plan = Plan()
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            var fields: [String: String] = [:]
            for (name, index) in positions where index < record.fields.count { fields[name] = record.fields[index] }
            let honours = (fields["honours"] ?? "").split(whereSeparator: { $0 == ";" || $0 == "；" }).map(String.init)
            do {
                let profile = try ProfileParser.parse(fields, honours: honours)
                if let first = seen[profile.trainingID] {
                    plan.rejected.append(
                        .init(
                            line: record.line,
                            field: headerNames["trainingID"],
                            reason: "trainingID \(profile.trainingID) already appears on line \(first)"
                        )
                    )
                    continue
                }
                seen[profile.trainingID] = record.line
                plan.profiles.append((record.line, profile))
            } catch {
                plan.rejected.append(.init(line: record.line, field: headerNames[error.field] ?? error.field, reason: error.reason))
            }
        }
        return plan
    }

    /// Writes the plan's profiles (none when all-or-nothing met a rejection) in one transaction.
    static func run(_ request: ImportAccountsRequest, database: any DatabaseWriter) async throws -> ImportReport {
        let plan = try Self.plan(request.csv)
        if request.mode == .allOrNothing, !plan.rejected.isEmpty {
            return ImportReport(accepted: 0, updated: 0, unchanged: 0, rejected: plan.rejected, committed: false)
        }
        let profiles = plan.profiles
        let counts = try await database.write { db -> (Int, Int, Int) in
            let now = Date()
            var counts = (0, 0, 0)
            for (_, profile) in profiles {
                switch try AccountRecord.upsert(profile, db, at: now) {
                case .inserted: counts.0 += 1
                case .updated: counts.1 += 1
                case .unchanged: counts.2 += 1
                }
            }
            return counts
        }
        return ImportReport(
            accepted: counts.0,
            updated: counts.1,
            unchanged: counts.2,
            rejected: plan.rejected,
            committed: true
        )
    }
}
