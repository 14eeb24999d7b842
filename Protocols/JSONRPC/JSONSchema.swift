import Foundation

/// Derives a JSON Schema (draft 2020-12 subset) from a `Decodable` type by decoding it once with a recording decoder.
///
/// Written by hand because no package of the Swift server ecosystem derives schemas from `Codable` types at run
/// time; doing it this way means the schema in `rpc.discover` comes from the very code that decodes the params, so
/// the two cannot drift. Enumerations show their cases when they are `CaseIterable` (an enum that is not cannot be
/// given a placeholder value, and its enclosing type is then only partly described: ``derive(_:)`` reports it);
/// `Date` is an RFC 3339 string.
public enum JSONSchema {
    /// The schema of `type`.
    public static func of(_ type: any Decodable.Type) -> JSONValue { deriveErased(type).schema }

    /// The schema of `type`, the placeholder value the derivation built (every member present, one element per
    /// array), and the types that could not be described completely.
    public static func derive<T: Decodable>(_ type: T.Type) -> (schema: JSONValue, sample: T?, problems: [String]) {
        let log = ProblemLog()
        let inference = infer(type, depth: 0, log: log)
        return (inference.schema, inference.value, log.problems)
    }

    /// The same, for a type known only at run time.
    public static func deriveErased(_ type: any Decodable.Type) -> (schema: JSONValue, problems: [String]) {
        func open<T: Decodable>(_ type: T.Type) -> (JSONValue, [String]) {
            let derived: (schema: JSONValue, sample: T?, problems: [String]) = derive(type)
            return (derived.schema, derived.problems)
        }
        return open(type)
    }

    /// The types a derivation could not describe completely.
    final class ProblemLog {
        var problems: [String] = []
    }

    static let maxDepth = 12

    struct Inference<T> {
        var schema: JSONValue
        var value: T?
    }

    static func infer<T: Decodable>(_ type: T.Type, depth: Int, log: ProblemLog) -> Inference<T> {
        if T.self == Date.self {
            return Inference(schema: ["type": "string", "format": "date-time"], value: Date(timeIntervalSince1970: 0) as? T)
        }
        if T.self == JSONValue.self {
            return Inference(schema: [:], value: JSONValue.null as? T)
        }
        if let enumeration = T.self as? any (CaseIterable & Encodable & Decodable).Type {
            return enumSchema(enumeration, as: T.self)
        }
        if let dictionary = T.self as? any StringKeyedDictionary.Type {
            return Inference(
                schema: ["type": "object", "additionalProperties": dictionary.valueSchema(depth: depth + 1, log: log)],
                value: dictionary.empty as? T
            )
        }
        if depth > maxDepth {
            log.problems.append("\(T.self): nested deeper than \(maxDepth) levels")
            return Inference(schema: [:], value: nil)
        }
        let recorder = SchemaRecorder(depth: depth, log: log)
        do {
            let value = try T(from: recorder)
            return Inference(schema: recorder.schema, value: value)
        } catch {
            log.problems.append("\(T.self): described only up to the first member without a placeholder (\(error))")
            return Inference(schema: recorder.schema, value: nil)
        }
    }

    private static func enumSchema<E: CaseIterable & Encodable & Decodable, T>(
        _ type: E.Type,
        as: T.Type
    )
        -> Inference<T>
    {
        let cases = type.allCases.compactMap { try? JSONCoding.encoder.encode($0) }
            .compactMap { try? JSONCoding.decoder.decode(JSONValue.self, from: $0) }
        let kind: JSONValue = cases.first.map { if case .string = $0 { "string" } else { "integer" } } ?? "string"
        return Inference(schema: ["type": kind, "enum": .array(cases)], value: type.allCases.first as? T)
    }
}

/// `[String: V]` decodes as a keyed container with unknown keys: described by its value type instead.
protocol StringKeyedDictionary {
    static func valueSchema(depth: Int, log: JSONSchema.ProblemLog) -> JSONValue
    static var empty: Self { get }
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    static func valueSchema(depth: Int, log: JSONSchema.ProblemLog) -> JSONValue {
        JSONSchema.infer(Value.self, depth: depth, log: log).schema
    }
    static var empty: Self { [:] }
}

/// The recording decoder: every container request and decode call becomes part of the schema.
final class SchemaRecorder: Decoder {
    let depth: Int
    let log: JSONSchema.ProblemLog
    var schema: JSONValue = [:]
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    var properties: [String: JSONValue] = [:]
    var required: [String] = []
    var optionalKeys: Set<String> = []

    init(depth: Int, log: JSONSchema.ProblemLog) {
        self.depth = depth
        self.log = log
    }

    func record(_ key: String, _ schema: JSONValue, required: Bool) {
        self.properties[key] = schema
        if required, !self.optionalKeys.contains(key), !self.required.contains(key) { self.required.append(key) }
        var object: [String: JSONValue] = ["type": "object", "properties": .object(self.properties)]
        if !self.required.isEmpty { object["required"] = .array(self.required.map(JSONValue.string)) }
        self.schema = .object(object)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .object = self.schema, self.schema["type"] == nil { self.schema = ["type": "object"] }
        return KeyedDecodingContainer(KeyedRecorder<Key>(recorder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { UnkeyedRecorder(recorder: self) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueRecorder(recorder: self) }

    /// Decodes one value of `T`, returning a placeholder value and recording `T`'s schema through `store`.
    func value<T: Decodable>(_ type: T.Type, store: (JSONValue) -> Void) throws -> T {
        if let primitive = Self.primitiveSchema(T.self) {
            store(primitive.schema)
            return primitive.value as! T
        }
        let inference = JSONSchema.infer(T.self, depth: self.depth + 1, log: self.log)
        store(inference.schema)
        guard let value = inference.value else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "schema placeholder"))
        }
        return value
    }

    static func primitiveSchema(_ type: Any.Type) -> (schema: JSONValue, value: Any)? {
        switch type {
        case is String.Type: (["type": "string"], "")
        case is Bool.Type: (["type": "boolean"], false)
        case is Int.Type: (["type": "integer"], 0)
        case is Int64.Type: (["type": "integer"], Int64(0))
        case is Int32.Type: (["type": "integer"], Int32(0))
        case is Int16.Type: (["type": "integer"], Int16(0))
        case is Int8.Type: (["type": "integer"], Int8(0))
        case is UInt32.Type: (["type": "integer", "minimum": 0], UInt32(0))
        case is UInt16.Type: (["type": "integer", "minimum": 0], UInt16(0))
        case is UInt8.Type: (["type": "integer", "minimum": 0], UInt8(0))
        case is UInt.Type: (["type": "integer", "minimum": 0], UInt(0))
        case is UInt64.Type: (["type": "integer", "minimum": 0], UInt64(0))
        case is Double.Type: (["type": "number"], 0.0)
        case is Float.Type: (["type": "number"], Float(0))
        default: nil
        }
    }
}

private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    /// Only optional members are asked whether they are null (the standard library's `decodeIfPresent` for
    /// primitives does so before decoding), so asking marks the member optional.
    func decodeNil(forKey key: Key) throws -> Bool {
        self.recorder.optionalKeys.insert(key.stringValue)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try self.recorder.value(type) { self.recorder.record(key.stringValue, $0, required: true) }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try self.recorder.value(type) { self.recorder.record(key.stringValue, $0, required: false) }
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let nested = SchemaRecorder(depth: self.recorder.depth + 1, log: self.recorder.log)
        defer { self.recorder.record(key.stringValue, nested.schema, required: true) }
        return try nested.container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        self.recorder.record(key.stringValue, ["type": "array"], required: true)
        return UnkeyedRecorder(recorder: SchemaRecorder(depth: self.recorder.depth + 1, log: self.recorder.log))
    }

    func superDecoder() throws -> any Decoder { self.recorder }
    func superDecoder(forKey key: Key) throws -> any Decoder { self.recorder }
}

private struct UnkeyedRecorder: UnkeyedDecodingContainer {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { self.currentIndex > 0 }

    init(recorder: SchemaRecorder) {
        self.recorder = recorder
        recorder.schema = ["type": "array"]
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        self.currentIndex += 1
        return try self.recorder.value(type) { self.recorder.schema = ["type": "array", "items": $0] }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        self.currentIndex += 1
        return try SchemaRecorder(depth: self.recorder.depth + 1, log: self.recorder.log).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        self.currentIndex += 1
        return UnkeyedRecorder(recorder: SchemaRecorder(depth: self.recorder.depth + 1, log: self.recorder.log))
    }

    mutating func superDecoder() throws -> any Decoder { self.recorder }
}

private struct SingleValueRecorder: SingleValueDecodingContainer {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try self.recorder.value(type) { self.recorder.schema = $0 }
    }
}
