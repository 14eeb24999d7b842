import ArgumentParser
import Foundation
import JSONRPC
import RPCClient

/// `mingshi call SERVICE METHOD [JSON]`: one JSON-RPC call over HTTP/2, like grpcurl for this protocol.
struct Call: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call a method of a service and print its result as JSON.",
        discussion: """
            The method is named with or without its service:
              mingshi call membership getStudio '{"id":"st-…"}'
              mingshi call membership.getStudio '{"id":"st-…"}'
              echo '{"id":"st-…"}' | mingshi call membership getStudio -
            Exit status: 0 the result was printed; 1 the service answered an error (printed with its status, field
            and rule); 2 the service could not be reached in time; 64 bad usage.
            """
    )

    @Argument(help: "The service (identity, membership, …), or the full method name service.method.") var first: String
    @Argument(help: "The method, then the params as a JSON object (or - to read them from standard input).")
    var rest: [String] = []
    @OptionGroup var endpoints: Endpoints
    @Option(help: "The service's URL (default: as the services find each other).") var url: String?
    @Option(help: "Deadline in milliseconds.") var timeoutMs: Int = 30_000

    func run() async throws {
        let (service, method, paramsText) = try self.parse()
        let text = paramsText == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : paramsText
        guard let params = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8)), case .object = params else {
            throw ValidationError("params must be a JSON object, e.g. '{\"id\":\"x\"}'")
        }
        let transport = try HTTP2Transport(
            url: try self.url ?? self.endpoints.url(of: service),
            token: try await self.endpoints.resolvedToken()
        )
        let rpc = RPCMethod<JSONValue, JSONValue>(method, summary: "", access: .anyone)
        do {
            let result = try await transport.call(rpc, params, options: .init(timeout: .milliseconds(self.timeoutMs)))
            print(Self.pretty(result))
        } catch let error as RPCError {
            throw Exit.report(error)
        }
    }

    /// (service, full method name, params text) from `SERVICE METHOD [JSON]` or `service.method [JSON]`.
    func parse() throws -> (String, String, String) {
        if self.first.contains(".") {
            guard self.rest.count <= 1 else { throw ValidationError("too many arguments after \(self.first)") }
            return (String(self.first.split(separator: ".")[0]), self.first, self.rest.first ?? "{}")
        }
        guard let method = self.rest.first, self.rest.count <= 2 else {
            throw ValidationError("usage: mingshi call SERVICE METHOD [JSON]")
        }
        let full = method.contains(".") ? method : "\(self.first).\(method)"
        return (self.first, full, self.rest.count == 2 ? self.rest[1] : "{}")
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
    @OptionGroup var endpoints: Endpoints
    @Option(help: "The service's URL.") var url: String?

    func run() async throws {
        let transport = try HTTP2Transport(url: try self.url ?? self.endpoints.url(of: self.service))
        print(Call.pretty(try await transport.call(Reserved.discover)))
    }
}

/// `mingshi describe [SERVICE [METHOD]]`: services and methods with their params and results, from rpc.discover.
struct Describe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List services and methods, with params and result shapes (from rpc.discover)."
    )

    @Argument var service: String?
    @Argument var method: String?
    @OptionGroup var endpoints: Endpoints

    func run() async throws {
        let services = self.service.map { [$0] } ?? DefaultURL.services
        for service in services {
            let document: JSONValue
            do {
                document = try await HTTP2Transport(url: try self.endpoints.url(of: service)).call(Reserved.discover)
            } catch let error as RPCError {
                print("\(service): unreachable (\(error.message))")
                continue
            }
            guard case .array(let methods)? = document["methods"] else { continue }
            if let wanted = self.method {
                let name = wanted.contains(".") ? wanted : "\(service).\(wanted)"
                guard let method = methods.first(where: { $0["name"]?.stringValue == name }) else {
                    throw ValidationError("\(service) has no method \(name)")
                }
                print(Call.pretty(method))
                return
            }
            print("\(service) (\(try self.endpoints.url(of: service)))")
            for method in methods {
                let name = method["name"]?.stringValue ?? "?"
                var params: [String] = []
                if case .array(let list)? = method["params"] {
                    params = list.map { param in
                        let required = param["required"] == .bool(true)
                        return (param["name"]?.stringValue ?? "?") + (required ? "" : "?")
                    }
                }
                print("  \(name)(\(params.joined(separator: ", "))) — \(method["summary"]?.stringValue ?? "")")
            }
        }
    }
}
