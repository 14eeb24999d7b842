import Foundation
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCClient

/// Teacher accounts for the end-to-end suites, brought into identity as the training system's roster export
/// would: every person a test puts on a roster or an attendance list is one of these.
enum TestAccounts {
    /// Imports accounts `ids` (each `t-` and a training-system id) at schools in `city`, through identity's import.
    static func add(_ ids: [String], city: City, rural: Bool = false, honours: String = "", office: HTTP2Transport) async throws {
        guard !ids.isEmpty else { return }
        var csv = "trainingID,name,school,city,county,rural,pairedRegion,stage,subject,title,honours\n"
        for id in ids {
            let school = rural ? "\(city.chineseName)乡村中心学校" : "\(city.chineseName)实验学校"
            csv += "\(id.dropFirst(2)),教师\(id),\(school),\(city.rawValue),\(city.chineseName)县,\(rural ? "是" : "否"),否,小学,数学,一级,\(honours)\n"
        }
        let report = try await office.call(Identity.importAccounts, .init(csv: csv, mode: .allOrNothing))
        if let first = report.rejected.first { throw RPCError.invalidArgument("test accounts refused: line \(first.line) \(first.reason)") }
    }

    /// Mints the services' own token with identity's key into `path`, as deploy/local/run-all.sh does.
    static func mintServiceToken(identityData: String, into path: String) async throws {
        let token = try await ServiceProcess.run(
            "identity",
            [
                "mint-token", "--data-dir", identityData, "--subject", "svc-platform", "--role", "service", "--lifetime", "86400",
            ]
        )
        try token.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
