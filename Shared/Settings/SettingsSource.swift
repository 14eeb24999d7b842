import ArgumentParser
import Configuration
import Foundation
import SystemPackage

/// Where a service's settings come from; the first that has a key wins: the command line, the environment, the JSON
/// file named by `--config-file` (`CONFIG_FILE`), then the caller's default.
///
/// A key is dotted and lowercase (`http.port`, `peers.identity.url`); swift-configuration spells it `HTTP_PORT` in
/// the environment and nests it in the file (`{"http": {"port": 8081}}`), so flags and variables keep their names.
/// The flags themselves are still parsed by swift-argument-parser, which refuses an unknown or malformed one and
/// writes `--help`; swift-configuration's own command-line provider would ignore a misspelt flag.
public struct SettingsSource: Sendable {
    /// A value given on the command line.
    public enum Flag: Sendable {
        case string(String)
        case int(Int)
        case bool(Bool)

        var configValue: ConfigValue {
            switch self {
            case .string(let text): ConfigValue(.string(text), isSecret: false)
            case .int(let number): ConfigValue(.int(number), isSecret: false)
            case .bool(let value): ConfigValue(.bool(value), isSecret: false)
            }
        }
    }

    private let reader: ConfigReader

    /// - Parameters:
    ///   - flags: what the command line gave, by key; nil where a flag was not given.
    ///   - environment: the process's environment; an empty variable counts as unset.
    public init(flags: [String: Flag?], environment: [String: String] = ProcessInfo.processInfo.environment) async throws {
        let environment = environment.filter { !$0.value.isEmpty }
        var given: [AbsoluteConfigKey: ConfigValue] = [:]
        for case let (key, flag?) in flags { given[AbsoluteConfigKey(ConfigKey(key))] = flag.configValue }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: given),
            EnvironmentVariablesProvider(environmentVariables: environment),
        ]
        let fileFlag: String?
        if case .string(let path)?? = flags["config.file"] { fileFlag = path } else { fileFlag = nil }
        if let path = fileFlag ?? environment["CONFIG_FILE"] {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
            } catch {
                throw ValidationError("config file \(path) cannot be read as JSON: \(error)")
            }
        }
        self.reader = ConfigReader(providers: providers)
    }

    /// How the environment spells `key`: `http.port` is `HTTP_PORT`.
    public static func variable(_ key: String) -> String {
        key.replacingOccurrences(of: ".", with: "_").uppercased()
    }

    public func string(_ key: String) -> String? {
        self.reader.string(forKey: ConfigKey(key))
    }

    /// The integer at `key`, or nil when no source has it; a value that is not an integer is an error naming it
    /// (swift-configuration alone would fall back to the default).
    public func int(_ key: String) throws -> Int? {
        if let value = self.reader.int(forKey: ConfigKey(key)) { return value }
        guard let text = self.reader.string(forKey: ConfigKey(key)) else { return nil }
        throw ValidationError("\(Self.variable(key))=\(text) is not an integer")
    }

    /// A yes or no at `key`: `true`/`false`, `yes`/`no` or `1`/`0` in the environment, a boolean in the file.
    public func bool(_ key: String) -> Bool? {
        self.reader.bool(forKey: ConfigKey(key))
    }

    public func int(_ key: String, default fallback: Int) throws -> Int {
        try self.int(key) ?? fallback
    }
}
