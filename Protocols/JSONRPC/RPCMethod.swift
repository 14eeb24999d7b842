/// A JSON-RPC method: its wire name bound to its params and result types, and what a caller must know of it.
///
/// This one declaration drives the server's dispatch and authorization, the typed client call
/// (`transport.call(method, params)`) and the `rpc.discover` document.
public struct RPCMethod<Params: Codable & Sendable, Result: Codable & Sendable>: Sendable {
    public let name: String
    public let summary: String
    public let access: Access
    /// Whether the call changes state (mutating calls accept an `idempotency-key`).
    public let mutates: Bool
    /// Whether repeating the call has the same effect as making it once; only these are retried on `UNAVAILABLE`.
    public let idempotent: Bool

    public init(_ name: String, summary: String, access: Access, mutates: Bool = false, idempotent: Bool? = nil) {
        self.name = name
        self.summary = summary
        self.access = access
        self.mutates = mutates
        self.idempotent = idempotent ?? !mutates
    }

    /// The type-erased description of this method.
    public var descriptor: RPCMethodDescriptor {
        RPCMethodDescriptor(
            name: self.name,
            summary: self.summary,
            access: self.access,
            mutates: self.mutates,
            idempotent: self.idempotent,
            paramsType: Params.self,
            resultType: Result.self
        )
    }
}

/// A method's declaration without its generic types, for registries and documents.
public struct RPCMethodDescriptor: Sendable {
    public let name: String
    public let summary: String
    public let access: Access
    public let mutates: Bool
    public let idempotent: Bool
    public let paramsType: any (Codable & Sendable).Type
    public let resultType: any (Codable & Sendable).Type
}

/// Params of a method that takes none: `{}` or no `params` member at all.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}
