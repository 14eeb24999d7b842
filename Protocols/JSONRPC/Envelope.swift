/// The JSON-RPC 2.0 request object as a client writes it.
public struct RequestEnvelope<Params: Encodable>: Encodable {
    public let jsonrpc = "2.0"
    public let method: String
    public let params: Params
    /// Nil for a notification.
    public let id: RPCID?

    public init(method: String, params: Params, id: RPCID?) {
        self.method = method
        self.params = params
        self.id = id
    }

    enum CodingKeys: String, CodingKey { case jsonrpc, method, params, id }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.jsonrpc, forKey: .jsonrpc)
        try container.encode(self.method, forKey: .method)
        try container.encode(self.params, forKey: .params)
        if let id = self.id { try container.encode(id, forKey: .id) }
    }
}

/// The JSON-RPC 2.0 response object as a client reads it.
public struct ResponseEnvelope<Result: Decodable>: Decodable {
    public let result: Result?
    public let error: RPCError?
    public let id: RPCID?

    enum CodingKeys: String, CodingKey { case jsonrpc, result, error, id }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(String.self, forKey: .jsonrpc)
        guard version == "2.0" else {
            throw DecodingError.dataCorruptedError(
                forKey: .jsonrpc,
                in: container,
                debugDescription: "not a JSON-RPC 2.0 response"
            )
        }
        self.id = try container.decodeIfPresent(RPCID.self, forKey: .id)
        self.error = try container.decodeIfPresent(RPCError.self, forKey: .error)
        self.result = self.error == nil ? try container.decode(Result.self, forKey: .result) : nil
    }
}

/// The response object as a server writes it: exactly one of `result` and `error`.
public struct OutgoingResponse<Result: Encodable>: Encodable {
    public let id: RPCID
    public let outcome: Outcome

    public enum Outcome {
        case result(Result)
        case error(RPCError)
    }

    public init(id: RPCID, outcome: Outcome) {
        self.id = id
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey { case jsonrpc, result, error, id }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        switch self.outcome {
        case .result(let result): try container.encode(result, forKey: .result)
        case .error(let error): try container.encode(error, forKey: .error)
        }
        try container.encode(self.id, forKey: .id)
    }
}

/// Params types that check more than their JSON shape (ranges, formats, required combinations).
///
/// The server calls `validate()` after decoding and before the handler runs; a failure is `INVALID_ARGUMENT`
/// naming the field.
public protocol Validatable {
    func validate() throws(RPCError)
}
