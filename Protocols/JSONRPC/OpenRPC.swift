/// Builds the OpenRPC 1.3 document that `rpc.discover` returns, from the registered method descriptors.
public enum OpenRPC {
    /// The document for a service.
    /// - Parameters:
    ///   - title: the service's name, e.g. "membership".
    ///   - version: the service's version.
    ///   - methods: every registered method, reserved ones included.
    public static func document(title: String, version: String, methods: [RPCMethodDescriptor]) -> JSONValue {
        let described = methods.sorted { $0.name < $1.name }.map(Self.describe)
        return [
            "openrpc": "1.3.2",
            "info": ["title": .string(title), "version": .string(version)],
            "methods": .array(described),
        ]
    }

    static func describe(_ method: RPCMethodDescriptor) -> JSONValue {
        let params = JSONSchema.of(method.paramsType)
        var paramList: [JSONValue] = []
        if case .object(let properties)? = params["properties"] {
            var required: Set<String> = []
            if case .array(let names)? = params["required"] { required = Set(names.compactMap(\.stringValue)) }
            for (name, schema) in properties.sorted(by: { $0.key < $1.key }) {
                paramList.append(["name": .string(name), "required": .bool(required.contains(name)), "schema": schema])
            }
        }
        return [
            "name": .string(method.name),
            "summary": .string(method.summary),
            "paramStructure": "by-name",
            "params": .array(paramList),
            "result": ["name": "result", "schema": JSONSchema.of(method.resultType)],
            "x-access": method.access == .anyone ? "anyone" : .array(method.access.roleNames.map(JSONValue.string)),
            "x-mutates": .bool(method.mutates),
            "x-idempotent": .bool(method.idempotent),
        ]
    }
}

/// The reserved methods every service answers (PROTOCOL.md).
public enum Reserved {
    /// The OpenRPC document of the service.
    public static let discover = RPCMethod<Empty, JSONValue>(
        "rpc.discover",
        summary: "The OpenRPC 1.3 document of this service's methods.",
        access: .anyone
    )
    /// Whether the service is serving.
    public static let healthCheck = RPCMethod<Empty, HealthStatus>(
        "health.check",
        summary: "SERVING while the service answers calls, NOT_SERVING while it drains.",
        access: .anyone
    )
}

/// The result of `health.check`.
public struct HealthStatus: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case serving = "SERVING"
        case notServing = "NOT_SERVING"
    }
    public var status: Status
    public init(status: Status) { self.status = status }
}
