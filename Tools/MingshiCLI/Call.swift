import ArgumentParser
import Foundation
import JSONRPC
import RPCClient

/// `mingshi call METHOD [PARAMS]`: one JSON-RPC call over HTTP/2, printing the result as JSON.
struct Call: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call a method and print its result.",
        discussion: """
            Example:
              mingshi call membership.getStudio '{"id":"st-…"}' --token "$(cat data/office.token)"
            """)

    @Argument(help: "The method, e.g. membership.getStudio.") var method: String
    @Argument(help: "The params as a JSON object.") var params: String = "{}"
    @Option(help: "The service's URL (default: from the method's service, ports 8081–8085).") var url: String?
    @Option(help: "An access token (or MINGSHI_TOKEN).") var token: String?
    @Option(help: "Deadline in milliseconds.") var timeoutMs: Int = 10_000

    func run() async throws {
        guard let params = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(self.params.utf8)),
              case .object = params
        else { throw ValidationError("params must be a JSON object, e.g. '{\"id\":\"x\"}'") }
        let token = self.token ?? ProcessInfo.processInfo.environment["MINGSHI_TOKEN"]
        let transport = try HTTP2Transport(url: self.url ?? DefaultURL.forMethod(self.method), token: token)
        let method = RPCMethod<JSONValue, JSONValue>(self.method, summary: "", access: .anyone)
        do {
            let result = try await transport.call(method, params, options: .init(timeout: .milliseconds(self.timeoutMs)))
            print(Self.pretty(result))
        } catch let error as RPCError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONCoding.makeEncoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }
}

/// `mingshi discover SERVICE`: the service's OpenRPC document.
struct Discover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a service's OpenRPC document (rpc.discover).")

    @Argument(help: "identity, membership, resources, activities or assessment.") var service: String
    @Option(help: "The service's URL.") var url: String?

    func run() async throws {
        let transport = try HTTP2Transport(url: self.url ?? DefaultURL.forService(self.service))
        print(Call.pretty(try await transport.call(Reserved.discover)))
    }
}
