import Foundation
import IdentityAPI
import IdentityService
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting

/// The real identity service in-process, for the tests of the services that ask it who a teacher is: it trusts the
/// test's keys (so the test's tokens work on it as on the others) and holds the teacher accounts a test imports,
/// as the training system's roster export would bring them. `serviceTokenFile` is the token the other services
/// present to it on their own behalf.
public struct TestIdentity: Sendable {
    public let server: RunningServer
    public let serviceTokenFile: String
    private let office: HTTP2Transport

    public static func run<T: Sendable>(keys: TestKeys, directory: URL, _ body: (TestIdentity) async throws -> T) async throws -> T {
        let jwks = try keys.writeJWKS(in: directory)
        let serviceTokenFile = try await keys.writeServiceToken(in: directory)
        return try await withRunningService(IdentityService.definition, dataDirectory: directory, jwksFile: jwks) { server in
            let office = try server.transport(token: try await keys.token(subject: "office", roles: .provinceOffice))
            return try await body(TestIdentity(server: server, serviceTokenFile: serviceTokenFile, office: office))
        }
    }

    /// The peer URL the other services are given.
    public var peers: [PlatformService: String] { [.identity: self.server.url] }

    /// Teacher accounts with these ids (each `t-` and a training-system id), named 教师<id>, at a school in `city`.
    public func addAccounts(
        _ ids: [String],
        city: City = .hangzhou,
        rural: Bool = false,
        pairedRegion: Bool = false,
        honours: String = ""
    ) async throws {
        guard !ids.isEmpty else { return }
        var csv = "trainingID,name,school,city,county,rural,pairedRegion,stage,subject,title,honours\n"
        for id in ids {
            guard id.hasPrefix("t-") else { throw RPCError.invalidArgument("account ids are t-<training id>, not \(id)") }
            let school = rural ? "\(city.chineseName)乡村中心学校" : "\(city.chineseName)第一中学"
            csv +=
                "\(id.dropFirst(2)),教师\(id),\(school),\(city.rawValue),\(city.chineseName)县,\(rural ? "是" : "否"),"
                + "\(pairedRegion ? "是" : "否"),初中,英语,一级,\(honours)\n"
        }
        let report = try await self.office.call(Identity.importAccounts, .init(csv: csv, mode: .allOrNothing))
        if let first = report.rejected.first {
            throw RPCError.invalidArgument("the test's accounts were refused: line \(first.line) \(first.reason)")
        }
    }

    /// A shortlisted provincial leader application of `leaderID` (an account), as the office records the leaders of
    /// studios that passed the previous round (R-APP-2); answers its id.
    public func shortlist(_ leaderID: String, year: Int) async throws -> String {
        let list = try await self.office.call(Identity.importPreviousRoundPasses, .init(year: year, leaderIDs: [leaderID]))
        guard let application = list.applications.first else { throw RPCError.internalError("no application for \(leaderID)") }
        return application.id
    }
}
