/// Checks a JSON value against a schema of the subset ``JSONSchema`` derives, strictly: a member the schema does not
/// declare is a mismatch too (the derived schemas describe every member, so an undeclared one means the document
/// and the code have drifted apart).
///
/// Written by hand: no Swift package here validates JSON Schema, and the subset is small (type, properties,
/// required, items, enum, additionalProperties, minimum, format date-time).
public enum SchemaConformance {
    /// Every mismatch, each as `path: what is wrong`; empty when `value` conforms.
    public static func mismatches(of value: JSONValue, against schema: JSONValue, path: String = "") -> [String] {
        var found: [String] = []
        self.check(value, schema, path.isEmpty ? "$" : path, into: &found)
        return found
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, _ path: String, into found: inout [String]) {
        guard case .object(let rules) = schema, !rules.isEmpty else { return }  // {} allows anything
        if case .array(let cases)? = rules["enum"], !cases.contains(value) {
            found.append("\(path): \(value) is not one of \(cases)")
            return
        }
        if case .string(let type)? = rules["type"], !Self.has(value, type: type) {
            found.append("\(path): expected \(type), found \(Self.kind(of: value))")
            return
        }
        if let minimum = rules["minimum"].flatMap(Self.number), let number = Self.number(value), number < minimum {
            found.append("\(path): \(number) is below the minimum \(minimum)")
        }
        switch value {
        case .object(let members):
            var properties: [String: JSONValue]?
            if case .object(let declared)? = rules["properties"] { properties = declared }
            if case .array(let required)? = rules["required"] {
                for name in required.compactMap(\.stringValue) where members[name] == nil {
                    found.append("\(path): required member \(name) is missing")
                }
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let declared = properties?[name] {
                    self.check(member, declared, "\(path).\(name)", into: &found)
                } else if let additional = rules["additionalProperties"] {
                    self.check(member, additional, "\(path).\(name)", into: &found)
                } else if properties != nil {
                    found.append("\(path): member \(name) is not declared")
                }
            }
        case .array(let elements):
            guard let items = rules["items"] else { return }
            for (index, element) in elements.enumerated() { self.check(element, items, "\(path)[\(index)]", into: &found) }
        default:
            break
        }
    }

    private static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): true
        case ("number", .int), ("number", .double), ("integer", .int): true
        case ("integer", .double(let number)): number.rounded() == number
        default: false
        }
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .bool: "boolean"
        case .null: "null"
        case .int: "integer"
        case .double: "number"
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }
}
