import Foundation
import JSONRPC

/// The second pass: a request's `params` decoded into its method's params type and validated, naming the field at
/// fault on failure.
extension RequestDecoder {
    private struct ParamsOf<P: Decodable>: Decodable {
        let params: P
    }

    private static let emptyObject = Data("{}".utf8)

    static func params<P: Decodable>(_ type: P.Type, from input: RPCMethods.CallInput) throws(RPCError) -> P {
        // Methods without params skip decoding altogether (the envelope already checked `params` is an object).
        if let empty = Empty() as? P { return empty }
        // Params decoded with the request (the one-pass path) are used as they are; otherwise they are read now.
        let params: P
        if let decoded = input.decodedParams as? P {
            params = decoded
        } else {
            params = try Self.readParams(P.self, from: input)
        }
        if let validatable = params as? any Validatable {
            do { try validatable.validate() } catch { throw error }
        }
        return params
    }

    private static func readParams<P: Decodable>(_ type: P.Type, from input: RPCMethods.CallInput) throws(RPCError) -> P {
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
