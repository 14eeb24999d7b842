import ArgumentParser
import Foundation
import Programme
import RPCServer
import RPCTesting
import ServiceKit
import Testing

/// Where a service's settings come from: a flag, else its environment variable, else the JSON config file, else the
/// default; the names are the flags' and variables' of every release so far.
@Suite("Service settings: flags, environment, config file")
struct ServiceSettingsTests {
    func resolve(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServiceSettings {
        try await ServiceOptions.parse(arguments).resolve(service: "membership", environment: environment)
    }

    func refusal(_ arguments: [String], environment: [String: String] = [:]) async -> String? {
        do {
            _ = try await self.resolve(arguments, environment: environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("with nothing given, each setting has its default")
    func defaults() async throws {
        let settings = try await self.resolve([])
        #expect(settings.server.host == "127.0.0.1")
        #expect(settings.server.port == PlatformService.membership.defaultPort)
        #expect(settings.dataDirectory == "./data")
        #expect(settings.server.limits.headerTimeout == .seconds(10))
        #expect(settings.server.limits.maxBodyBytes == 1 << 20)
        #expect(settings.peerURLs[.identity] == PlatformService.identity.defaultURL)
        #expect(settings.jwksFile == nil)
    }

    @Test("a flag beats its variable, a variable beats the file, the file beats the default; an empty variable is unset")
    func precedence() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("settings.json")
            try Data(
                #"{"http": {"port": 9003, "host": "0.0.0.0"}, "peers": {"identity": {"url": "http://10.0.0.1:8081"}}, "header": {"timeout": {"ms": 2500}}}"#
                    .utf8
            ).write(to: file)
            let environment = ["HTTP_PORT": "9002", "CONFIG_FILE": file.path, "DATA_DIR": ""]
            #expect(try await self.resolve(["--http-port", "9001"], environment: environment).server.port == 9001)
            let fromVariable = try await self.resolve([], environment: environment)
            #expect(fromVariable.server.port == 9002)
            #expect(fromVariable.server.host == "0.0.0.0")
            #expect(fromVariable.dataDirectory == "./data")
            #expect(fromVariable.peerURLs[.identity] == "http://10.0.0.1:8081")
            #expect(fromVariable.server.limits.headerTimeout == .milliseconds(2500))
            let fromFile = try await self.resolve(["--config-file", file.path])
            #expect(fromFile.server.port == 9003)
        }
    }

    @Test("a value that is not an integer, a timeout of 0 or an unreadable file is refused naming it")
    func refusals() async throws {
        #expect(await self.refusal([], environment: ["HTTP_PORT": "eighty"]) == "HTTP_PORT=eighty is not an integer")
        #expect(await self.refusal([], environment: ["HEADER_TIMEOUT_MS": "0"]) == "HEADER_TIMEOUT_MS=0 must be positive")
        #expect(await self.refusal(["--http-port", "70000"]) == "port 70000 is outside 0…65535")
        #expect(await self.refusal(["--tls-cert", "c.pem"]) == "--tls-cert and --tls-key go together")
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("bad.json")
            try Data(#"{"max": {"connections": "many"}}"#.utf8).write(to: file)
            #expect(await self.refusal(["--config-file", file.path]) == "MAX_CONNECTIONS=many is not an integer")
            let missing = directory.appendingPathComponent("missing.json").path
            let unreadable = await self.refusal(["--config-file", missing])
            #expect(unreadable?.hasPrefix("config file \(missing) cannot be read as JSON") == true, "\(unreadable ?? "accepted")")
        }
    }
}
