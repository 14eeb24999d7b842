import Foundation
import JSONRPC
import Synchronization

/// Checks every successful call's params and result against the schemas its `rpc.discover` document declares, and
/// turns a mismatch into an internal error, so a test that makes the call fails. On when the environment has
/// `RPC_SCHEMA_CHECK=1` (`.ci/run` sets it for the whole suite, the executables it starts included); off in
/// production, where it would only cost time.
final class SchemaCheck: Sendable {
    private let schemas: [String: (params: JSONValue, result: JSONValue)]

    init?(methods: RPCMethods, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard environment["RPC_SCHEMA_CHECK"] == "1" else { return nil }
        let descriptors = methods.descriptors.filter { $0.name != "rpc.discover" }
        let derived = Mutex<[String: (params: JSONValue, result: JSONValue)]>([:])
        // The derivation recurses through every nested type; it runs on a thread with a large stack of its own
        // rather than on whichever (small-stacked) pool thread creates the dispatcher.
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for descriptor in descriptors {
                let pair = (JSONSchema.of(descriptor.paramsType), JSONSchema.of(descriptor.resultType))
                derived.withLock { $0[descriptor.name] = pair }
            }
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        done.wait()
        self.schemas = derived.withLock { $0 }
    }

    /// The error to answer instead of `result`, when the call's params or result do not match the declaration.
    func mismatch(method: String, body: Data, result: Data) -> RPCError? {
        guard let declared = self.schemas[method] else { return nil }
        let request = (try? JSONCoding.decoder.decode(JSONValue.self, from: body)) ?? .null
        let params = request["params"] ?? .object([:])
        var problems = SchemaConformance.mismatches(of: params, against: declared.params, path: "params")
        let answered = (try? JSONCoding.decoder.decode(JSONValue.self, from: result)) ?? .null
        problems += SchemaConformance.mismatches(of: answered, against: declared.result, path: "result")
        guard !problems.isEmpty else { return nil }
        return .internalError("\(method) does not match its rpc.discover schemas: \(problems.joined(separator: "; "))")
    }
}
