import Foundation
import JSONRPC

/// Decodes the `params` member of a request into a method's params type, naming the field at fault on failure.
enum ParamsDecoding {
    private struct ParamsOf<P: Decodable>: Decodable {
        let params: P
    }

    static let emptyObject = Data("{}".utf8)

    static func decode<P: Decodable>(_ type: P.Type, from input: RPCMethods.CallInput) throws(RPCError) -> P {
        // Methods without params skip decoding altogether (the envelope already checked `params` is an object).
        if let empty = Empty() as? P { return empty }
        // Params decoded with the request (``TypedRequest``) are used as they are; otherwise they are read now.
        let params: P
        if let decoded = input.decodedParams as? P {
            params = decoded
        } else {
            params = try Self.read(P.self, from: input)
        }
        if let validatable = params as? any Validatable {
            do { try validatable.validate() } catch { throw error }
        }
        return params
    }

    private static func read<P: Decodable>(_ type: P.Type, from input: RPCMethods.CallInput) throws(RPCError) -> P {
        do {
            if input.hasParams {
                return try JSONCoding.decoder.decode(ParamsOf<P>.self, from: input.body).params
            }
            // Absent params decode like `{}`, so required fields are reported missing by name.
            return try JSONCoding.decoder.decode(P.self, from: Self.emptyObject)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw RPCError.invalidParams("params could not be read: \(error)")
        }
    }

    /// Turns a decoding error into `-32602` naming the field (dotted path below `params`).
    static func describe(_ error: DecodingError) -> RPCError {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String? {
            let keys = (codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            let trimmed = keys.first == "params" ? Array(keys.dropFirst()) : keys
            guard !trimmed.isEmpty else { return nil }
            return trimmed.reduce("") { $0.isEmpty ? $1 : ($1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1) }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath, key)
            return .invalidParams("missing required field '\(field ?? key.stringValue)'", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .invalidParams("field '\(field ?? "params")' must be \(Self.name(of: type))", field: field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .invalidParams("field '\(field ?? "params")' must be \(Self.name(of: type)), not null", field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return .invalidParams(
                "field '\(field ?? "params")' is invalid: \(context.debugDescription)",
                field: field
            )
        @unknown default:
            return .invalidParams("params could not be read")
        }
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "a boolean"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "\(type)")
        }
    }
}

/// A request object decoded in one pass with its method's params type, once ``EnvelopeScan`` has named the method.
///
/// It only stands for plain, valid requests: `jsonrpc` exactly "2.0", a valid id if any, and params present that
/// decode as `P`. Anything else is nil, and dispatch takes the two-pass path, which names the fault precisely.
enum TypedRequest {
    struct Read: Sendable {
        let id: RPCID?
        let hasID: Bool
        let params: any Sendable
    }

    private struct Request<P: Decodable & Sendable>: Decodable {
        let id: RPCID?
        let hasID: Bool
        let params: P

        private enum CodingKeys: String, CodingKey { case jsonrpc, id, params }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard try container.decode(String.self, forKey: .jsonrpc) == "2.0" else {
                throw DecodingError.dataCorruptedError(forKey: .jsonrpc, in: container, debugDescription: "not 2.0")
            }
            self.hasID = container.contains(.id)
            self.id = self.hasID ? try container.decode(RPCID.self, forKey: .id) : nil
            self.params = try container.decode(P.self, forKey: .params)
        }
    }

    /// The reader for `P`; nil for methods without params (they never decode any).
    static func reader<P: Decodable & Sendable>(for _: P.Type) -> (@Sendable (Data) -> Read?)? {
        if Empty() is P { return nil }
        return { body in
            guard let request = try? JSONCoding.decoder.decode(Request<P>.self, from: body) else { return nil }
            return Read(id: request.id, hasID: request.hasID, params: request.params)
        }
    }
}
