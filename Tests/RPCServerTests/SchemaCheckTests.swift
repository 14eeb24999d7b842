import Foundation
import JSONRPC
import Logging
import RPCServer
import Testing

/// `RPC_SCHEMA_CHECK`: with it, a call whose params or result do not match what `rpc.discover` declares fails.
@Suite("Schema check of every successful call")
struct SchemaCheckTests {
    enum Shade: String, Codable, Sendable { case light, dark }  // not CaseIterable: the schema stops at it
    struct Swatch: Codable, Sendable {
        var shade: Shade
        var name: String
    }
    struct Named: Codable, Sendable { var name: String }
    static let swatch = RPCMethod<Empty, Swatch>("paint.swatch", summary: "A swatch.", access: .anyone)
    static let greet = RPCMethod<Named, String>("paint.greet", summary: "Hello.", access: .anyone)

    func dispatcher(checking: Bool) -> RPCDispatcher {
        var methods = RPCMethods()
        methods.register(Self.swatch) { _, _ in Swatch(shade: .dark, name: "墨") }
        methods.register(Self.greet) { params, _ in "你好，\(params.name)" }
        return RPCDispatcher(
            methods: methods,
            limits: RPCLimits(),
            verifier: nil,
            metrics: RPCMetrics(),
            logger: Logger(label: "test"),
            checkSchemas: checking
        )
    }

    func answer(_ dispatcher: RPCDispatcher, _ body: String) async -> JSONValue? {
        let data: Data?
        switch dispatcher.handle(body: Data(body.utf8), metadata: RequestMetadata()) {
        case .immediate(let response): data = response
        case .deferred(let work, _, _): data = await work()
        }
        return data.flatMap { try? JSONCoding.decoder.decode(JSONValue.self, from: $0) }
    }

    @Test("a result with a member the declared schema lacks is an internal error naming it; without the check it is answered")
    func undeclaredResultMember() async {
        let body = #"{"jsonrpc":"2.0","method":"paint.swatch","id":1}"#
        let checked = await self.answer(self.dispatcher(checking: true), body)
        #expect(checked?["error"]?["code"] == -32603)
        #expect(checked?["error"]?["message"]?.stringValue?.contains("result: member name is not declared") == true)
        #expect(await self.answer(self.dispatcher(checking: false), body)?["result"]?["name"] == "墨")
    }

    @Test("params with a member the method does not declare fail the call; declared params pass")
    func undeclaredParamsMember() async {
        let dispatcher = self.dispatcher(checking: true)
        let good = await self.answer(dispatcher, #"{"jsonrpc":"2.0","method":"paint.greet","params":{"name":"王"},"id":1}"#)
        #expect(good?["result"] == "你好，王")
        let extra = await self.answer(dispatcher, #"{"jsonrpc":"2.0","method":"paint.greet","params":{"name":"王","nmae":"x"},"id":1}"#)
        #expect(extra?["error"]?["message"]?.stringValue?.contains("params: member nmae is not declared") == true)
    }
}
