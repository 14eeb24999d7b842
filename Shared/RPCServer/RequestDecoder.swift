import Foundation
import JSONRPC

/// Reads one request object into a call of a registered method, or the refusal it earns, by one of two paths:
///
/// - One pass, for a plain request with params: ``JSONBytes/envelope(_:)`` names the method from the bytes, and the
///   whole request is decoded once with that method's params type (``onePassReader(for:)``).
/// - Two passes, for everything else (or when that decode fails): the envelope (``Envelope``), then the params
///   when the handler runs (``params(_:from:)``). This path names every fault precisely.
enum RequestDecoder {
    /// What a request object came to.
    enum Reading {
        /// A call of a registered method; `id` is nil for a notification.
        case call(RPCMethods.Entry, id: RPCID?, input: RPCMethods.CallInput)
        /// Refused before any handler runs: answered with `answerID` (nil: a notification, answered with nothing),
        /// counted under `metric` when it is a request at all.
        case refused(RPCError, answerID: RPCID?, metric: (method: String, status: String)?)
    }

    static func read(_ body: Data, methods: RPCMethods) -> Reading {
        if let envelope = JSONBytes.envelope(body), envelope.hasParams, let entry = methods[envelope.method],
            let read = entry.readRequest?(body)
        {
            let input = RPCMethods.CallInput(body: body, hasParams: true, decodedParams: read.params)
            return .call(entry, id: read.hasID ? read.id : nil, input: input)
        }
        let request: Envelope
        do {
            request = try JSONCoding.decoder.decode(Envelope.self, from: body)
        } catch DecodingError.typeMismatch {
            return .refused(.invalidRequest("a request must be a JSON object"), answerID: .null, metric: nil)
        } catch {
            return .refused(.parseError(), answerID: .null, metric: nil)
        }
        if let problem = request.problem {
            return .refused(.invalidRequest(problem), answerID: request.id ?? .null, metric: ("invalid", "INVALID_ARGUMENT"))
        }
        let name = request.method ?? ""
        let answerID = request.hasID ? request.id ?? .null : nil
        guard let entry = methods[name] else {
            return .refused(.methodNotFound(name), answerID: answerID, metric: ("unknown", "UNIMPLEMENTED"))
        }
        if request.paramsNotObject {
            let error = RPCError.invalidParams("params must be an object of named members", field: "params")
            return .refused(error, answerID: answerID, metric: (name, "INVALID_ARGUMENT"))
        }
        return .call(entry, id: request.hasID ? request.id : nil, input: RPCMethods.CallInput(body: body, hasParams: request.hasParams))
    }

    // MARK: - One pass

    /// A request object decoded whole with its method's params type.
    struct TypedRead: Sendable {
        let id: RPCID?
        let hasID: Bool
        let params: any Sendable
    }

    /// It only stands for plain, valid requests: `jsonrpc` exactly "2.0", a valid id if any, and params present that
    /// decode as `P`. Anything else fails, and the two-pass path runs.
    private struct TypedRequest<P: Decodable & Sendable>: Decodable {
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

    /// The one-pass reader for `P`; nil for methods without params (they never decode any).
    static func onePassReader<P: Decodable & Sendable>(for _: P.Type) -> (@Sendable (Data) -> TypedRead?)? {
        if Empty() is P { return nil }
        return { body in
            guard let request = try? JSONCoding.decoder.decode(TypedRequest<P>.self, from: body) else { return nil }
            return TypedRead(id: request.id, hasID: request.hasID, params: request.params)
        }
    }

    // MARK: - Two passes: the envelope

    /// The envelope of one request object, read without its params (those are decoded by the method's own type).
    struct Envelope: Decodable {
        /// The id, when the member is present (a notification has none).
        var id: RPCID?
        var hasID: Bool
        var method: String?
        var problem: String?
        /// `params` is present but not an object: positional params are not supported (PROTOCOL.md).
        var paramsNotObject = false
        /// Whether the request has a `params` member at all.
        var hasParams = false

        private enum CodingKeys: String, CodingKey { case jsonrpc, method, params, id }
        private struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.hasID = container.contains(.id)
            if self.hasID {
                self.id = try? container.decode(RPCID.self, forKey: .id)
                if self.id == nil { self.problem = "id must be a string, a number or null" }
            }
            if (try? container.decode(String.self, forKey: .jsonrpc)) != "2.0" {
                self.problem = self.problem ?? "jsonrpc must be exactly \"2.0\""
            }
            self.method = try? container.decode(String.self, forKey: .method)
            if self.method == nil { self.problem = self.problem ?? "method must be a string" }
            self.hasParams = container.contains(.params)
            if self.hasParams, (try? container.nestedContainer(keyedBy: AnyKey.self, forKey: .params)) == nil {
                self.paramsNotObject = true
                // The specification: "params MUST be a Structured value" (an object or an array); anything else makes
                // the request object invalid, where an array is a valid request with params this server does not take.
                if (try? container.nestedUnkeyedContainer(forKey: .params)) == nil {
                    self.problem = self.problem ?? "params must be a structured value (an object of named members)"
                }
            }
        }
    }
}
