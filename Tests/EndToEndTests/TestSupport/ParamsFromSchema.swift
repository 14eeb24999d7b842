import Foundation
import JSONRPC

/// Params built from a method's declared JSON Schema (its `rpc.discover` entry): a plausible value for every member,
/// and variants of it with one member at a time set to an extreme value.
enum ParamsFromSchema {
    /// The extremes every numeric member is tried with.
    static let extremeIntegers: [Int] = [Int.min, Int.max, 1 << 53, -1, 0]
    /// The extreme every text member is tried with: 100,000 characters of CJK text (300 kB of UTF-8).
    static let hugeString = String(repeating: "名", count: 100_000)

    /// A value that conforms to `schema`: members required and optional, arrays of one element.
    static func plausible(_ schema: JSONValue, depth: Int = 0) -> JSONValue {
        guard depth < 12 else { return .null }
        if case .array(let cases)? = schema["enum"], let first = cases.first { return first }
        switch schema["type"]?.stringValue {
        case "object":
            guard case .object(let properties)? = schema["properties"] else { return .object([:]) }
            return .object(properties.mapValues { Self.plausible($0, depth: depth + 1) })
        case "array":
            return .array(schema["items"].map { [Self.plausible($0, depth: depth + 1)] } ?? [])
        case "string":
            return schema["format"] == "date-time" ? .string("2026-06-01T09:00:00+08:00") : .string("x")
        case "integer": return .int(2026)
        case "number": return .double(1)
        case "boolean": return .bool(false)
        default: return .null
        }
    }

    /// One variant per (member, extreme): the member at `path` replaced, every other member plausible.
    static func extremes(of schema: JSONValue) -> [(path: String, params: JSONValue)] {
        let base = Self.plausible(schema)
        var variants: [(String, JSONValue)] = []
        for (path, kind) in Self.leaves(schema, path: []) {
            let label = path.map { $0 ?? "[0]" }.joined(separator: ".")
            switch kind {
            case "integer", "number":
                for value in Self.extremeIntegers { variants.append(("\(label)=\(value)", Self.replacing(base, at: path, with: .int(value)))) }
                if kind == "number" {
                    variants.append(("\(label)=1e308", Self.replacing(base, at: path, with: .double(1e308))))
                }
            case "string":
                variants.append(("\(label)=huge", Self.replacing(base, at: path, with: .string(Self.hugeString))))
            default: break
            }
        }
        return variants
    }

    /// Paths (member names; nil for an array's element) to the numeric and text leaves of `schema`.
    private static func leaves(_ schema: JSONValue, path: [String?], depth: Int = 0) -> [([String?], String)] {
        guard depth < 12, schema["enum"] == nil else { return [] }
        switch schema["type"]?.stringValue {
        case "object":
            guard case .object(let properties)? = schema["properties"] else { return [] }
            return properties.sorted { $0.key < $1.key }.flatMap { Self.leaves($0.value, path: path + [$0.key], depth: depth + 1) }
        case "array":
            return schema["items"].map { Self.leaves($0, path: path + [nil], depth: depth + 1) } ?? []
        case let kind?: return ["integer", "number", "string"].contains(kind) ? [(path, kind)] : []
        default: return []
        }
    }

    private static func replacing(_ value: JSONValue, at path: [String?], with leaf: JSONValue) -> JSONValue {
        guard let first = path.first else { return leaf }
        let rest = Array(path.dropFirst())
        switch (first, value) {
        case (let name?, .object(var members)):
            members[name] = Self.replacing(members[name] ?? .null, at: rest, with: leaf)
            return .object(members)
        case (nil, .array(let elements)):
            return .array(elements.map { Self.replacing($0, at: rest, with: leaf) })
        default:
            return value
        }
    }
}
