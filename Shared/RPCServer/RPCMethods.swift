import Foundation
import JSONRPC

/// The methods a service answers: each registration binds a declared ``RPCMethod`` to its handler.
///
/// Registration erases the types once, so dispatch decodes params and encodes results without existential
/// boxing on the hot path.
public struct RPCMethods: Sendable {
    /// A registered method: its declaration and how to run it.
    struct Entry: Sendable {
        let descriptor: RPCMethodDescriptor
        let handler: Handler
        /// Decodes a whole request object with the method's params type in one pass (see ``RequestDecoder``); nil
        /// for methods without params.
        let readRequest: (@Sendable (Data) -> RequestDecoder.TypedRead?)?
    }

    enum Handler: Sendable {
        /// Runs in a task; may await.
        case async(@Sendable (CallInput, RPCContext) async throws -> Data)
        /// Runs on the connection's event loop without a task hop: only for cheap, non-blocking work.
        case inline(@Sendable (CallInput, RPCContext) throws -> Data)
    }

    /// One request object's bytes, whether it has a `params` member, and its params when dispatch already
    /// decoded them with the request.
    struct CallInput: Sendable {
        let body: Data
        let hasParams: Bool
        var decodedParams: (any Sendable)? = nil
    }

    private(set) var entries: [String: Entry] = [:]

    /// Documents answered on `GET path` beside `/rpc` (e.g. `/.well-known/jwks.json`), made on each request.
    private(set) var documents: [String: Document] = [:]

    struct Document: Sendable {
        let contentType: String
        let body: @Sendable () -> Data
    }

    /// Routes beside `/rpc` whose bodies stream (file uploads and downloads).
    private(set) var streamRoutes: [StreamRoute] = []

    public init() {}

    /// Serves `route` on the RPC port, for bodies too large to wrap in JSON.
    public mutating func serve(_ route: StreamRoute) {
        precondition(!self.streamRoutes.contains { $0.pathPrefix == route.pathPrefix }, "stream route \(route.pathPrefix) served twice")
        self.streamRoutes.append(route)
    }

    /// Registers `handler` to answer `method`.
    public mutating func register<P, R>(
        _ method: RPCMethod<P, R>,
        _ handler: @escaping @Sendable (P, RPCContext) async throws -> R
    ) {
        self.add(
            method.descriptor,
            .async({ input, context in
                let params = try RequestDecoder.params(P.self, from: input)
                return try JSONCoding.wireEncoder.encode(try await handler(params, context))
            }),
            readRequest: RequestDecoder.onePassReader(for: P.self)
        )
    }

    /// Registers a handler that answers on the event loop, without a task: for cheap, non-blocking methods.
    public mutating func registerInline<P, R>(
        _ method: RPCMethod<P, R>,
        _ handler: @escaping @Sendable (P, RPCContext) throws -> R
    ) {
        self.add(
            method.descriptor,
            .inline({ input, context in
                let params = try RequestDecoder.params(P.self, from: input)
                return try JSONCoding.wireEncoder.encode(try handler(params, context))
            }),
            readRequest: RequestDecoder.onePassReader(for: P.self)
        )
    }

    /// Registers an inline handler whose answers are encoded ahead of time (health, discovery, key sets): the hot
    /// path then neither decodes params it ignores nor encodes the same result again.
    public mutating func registerInline<P, R>(
        _ method: RPCMethod<P, R>,
        encoded handler: @escaping @Sendable (RPCContext) -> Encoded<R>
    ) {
        self.add(
            method.descriptor,
            .inline({ input, context in
                _ = try RequestDecoder.params(P.self, from: input)
                return handler(context).bytes
            }),
            readRequest: RequestDecoder.onePassReader(for: P.self)
        )
    }

    /// Publishes a document on `GET path`, for clients that fetch well-known URLs rather than call methods.
    public mutating func publish(
        path: String,
        contentType: String = "application/json",
        _ body: @escaping @Sendable () -> Data
    ) {
        precondition(path.hasPrefix("/") && path != "/rpc", "document path \(path) clashes with the RPC route")
        self.documents[path] = Document(contentType: contentType, body: body)
    }

    private mutating func add(
        _ descriptor: RPCMethodDescriptor,
        _ handler: Handler,
        readRequest: (@Sendable (Data) -> RequestDecoder.TypedRead?)?
    ) {
        precondition(self.entries[descriptor.name] == nil, "method \(descriptor.name) registered twice")
        self.entries[descriptor.name] = Entry(descriptor: descriptor, handler: handler, readRequest: readRequest)
    }

    subscript(name: String) -> Entry? { self.entries[name] }

    /// Every registered method's declaration.
    public var descriptors: [RPCMethodDescriptor] { self.entries.values.map(\.descriptor) }

    /// The registered method names, sorted.
    public var names: [String] { self.entries.keys.sorted() }
}

/// A result encoded once, ahead of the calls that return it.
public struct Encoded<R: Encodable & Sendable>: Sendable {
    let bytes: Data
    public init(_ value: R) throws { self.bytes = try JSONCoding.encoder.encode(value) }
}
