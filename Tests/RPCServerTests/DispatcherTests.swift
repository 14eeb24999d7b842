import Auth
import Foundation
import JSONRPC
import Logging
import RPCServer
import RPCTesting
import Testing

/// The JSON-RPC 2.0 specification's examples (section 7), adapted to named params and real methods.
@Suite("Dispatcher: the specification's examples")
struct DispatcherTests {
    let dispatcher = RPCDispatcher(
        methods: Calc.methods,
        limits: RPCLimits(maxBatchLength: 10, maxNestingDepth: 8),
        verifier: nil,
        metrics: RPCMetrics(),
        logger: Logger(label: "test")
    )

    func answer(_ body: String, metadata: RequestMetadata = RequestMetadata()) async -> JSONValue? {
        let data: Data?
        switch self.dispatcher.handle(body: Data(body.utf8), metadata: metadata) {
        case .immediate(let response): data = response
        case .deferred(let work, _, _): data = await work()
        }
        return data.flatMap { try? JSONCoding.decoder.decode(JSONValue.self, from: $0) }
    }

    @Test("a call with named params answers its result with the same id")
    func namedParams() async {
        let response = await self.answer(#"{"jsonrpc":"2.0","method":"calc.subtract","params":{"subtrahend":23,"minuend":42},"id":3}"#)
        #expect(response == ["jsonrpc": "2.0", "result": 19, "id": 3])
        let stringID = await self.answer(#"{"jsonrpc":"2.0","method":"calc.subtract","params":{"minuend":23,"subtrahend":42},"id":"x-4"}"#)
        #expect(stringID == ["jsonrpc": "2.0", "result": -19, "id": "x-4"])
    }

    @Test("positional params are refused as invalid params")
    func positionalParams() async {
        let response = await self.answer(#"{"jsonrpc":"2.0","method":"calc.subtract","params":[42,23],"id":1}"#)
        #expect(response?["error"]?["code"] == -32602)
        #expect(response?["id"] == 1)
    }

    @Test(
        "params that are not structured (a string, a number, true, null) make the request invalid: -32600",
        arguments: [#""bar""#, "42", "true", "null"]
    )
    func unstructuredParams(params: String) async {
        let response = await self.answer(#"{"jsonrpc":"2.0","method":"calc.subtract","params":"# + params + #","id":1}"#)
        #expect(response?["error"]?["code"] == -32600)
        #expect(response?["id"] == 1)
    }

    @Test("a notification gets no response")
    func notification() async {
        #expect(await self.answer(#"{"jsonrpc":"2.0","method":"calc.notifyHello","params":{"values":[7]}}"#) == nil)
    }

    @Test("a method that does not exist is -32601")
    func methodNotFound() async {
        let response = await self.answer(#"{"jsonrpc":"2.0","method":"foobar","id":"1"}"#)
        #expect(response?["error"]?["code"] == -32601)
        #expect(response?["id"] == "1")
    }

    @Test("invalid JSON is -32700 with a null id")
    func parseError() async {
        let response = await self.answer(#"{"jsonrpc":"2.0","method":"foobar,"params":"bar","baz]"#)
        #expect(response?["error"]?["code"] == -32700)
        #expect(response?["id"] == .null)
    }

    @Test("an invalid request object is -32600 with a null id")
    func invalidRequest() async {
        let response = await self.answer(#"{"jsonrpc":"2.0","method":1,"params":"bar"}"#)
        #expect(response?["error"]?["code"] == -32600)
        #expect(response?["id"] == .null)
        let wrongVersion = await self.answer(#"{"jsonrpc":"1.0","method":"calc.sum","params":{"values":[]},"id":1}"#)
        #expect(wrongVersion?["error"]?["code"] == -32600)
    }

    @Test("a batch that is not valid JSON is one -32700")
    func batchParseError() async {
        let response = await self.answer(#"[{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,2,4]},"id":"1"},{"jsonrpc":"2.0","method""#)
        #expect(response?["error"]?["code"] == -32700)
    }

    @Test("an empty batch is one -32600")
    func emptyBatch() async {
        #expect(await self.answer("[]")?["error"]?["code"] == -32600)
    }

    @Test("a batch of non-objects gets one -32600 per element", arguments: [("[1]", 1), ("[1,2,3]", 3)])
    func invalidBatch(body: String, count: Int) async {
        guard case .array(let responses)? = await self.answer(body) else {
            Issue.record("not an array")
            return
        }
        #expect(responses.count == count)
        #expect(responses.allSatisfy { $0["error"]?["code"] == -32600 && $0["id"] == .null })
    }

    @Test("a mixed batch answers every call but the notification")
    func mixedBatch() async {
        let body = """
            [
             {"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,2,4]},"id":"1"},
             {"jsonrpc":"2.0","method":"calc.notifyHello","params":{"values":[7]}},
             {"jsonrpc":"2.0","method":"calc.subtract","params":{"minuend":42,"subtrahend":23},"id":"2"},
             {"foo":"boo"},
             {"jsonrpc":"2.0","method":"foo.get","params":{"name":"myself"},"id":"5"},
             {"jsonrpc":"2.0","method":"calc.getData","id":"9"}
            ]
            """
        guard case .array(let responses)? = await self.answer(body) else {
            Issue.record("not an array")
            return
        }
        #expect(responses.count == 5)
        let byID = Dictionary(responses.map { ($0["id"]?.stringValue ?? "null", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byID["1"]?["result"] == 7)
        #expect(byID["2"]?["result"] == 19)
        #expect(byID["null"]?["error"]?["code"] == -32600)
        #expect(byID["5"]?["error"]?["code"] == -32601)
        #expect(byID["9"]?["result"] == ["hello", 5])
    }

    @Test("a batch of only notifications gets no response")
    func notificationBatch() async {
        let body =
            #"[{"jsonrpc":"2.0","method":"calc.notifyHello","params":{"values":[1]}},{"jsonrpc":"2.0","method":"calc.notifyHello","params":{"values":[7]}}]"#
        #expect(await self.answer(body) == nil)
    }

    @Test("a missing or mistyped field is -32602 naming the field")
    func fieldErrors() async {
        let missing = await self.answer(#"{"jsonrpc":"2.0","method":"calc.subtract","params":{"minuend":1},"id":1}"#)
        #expect(missing?["error"]?["code"] == -32602)
        #expect(missing?["error"]?["data"]?["field"] == "subtrahend")
        let mistyped = await self.answer(#"{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1,"two"]},"id":1}"#)
        #expect(mistyped?["error"]?["data"]?["field"] == "values[1]")
    }

    @Test("params that decode but break a rule are refused naming the field, whichever way the request was read")
    func ruleErrors() async {
        // A plain request is read in one pass (JSONBytes.envelope, then the typed decode); an escaped method name sends
        // the same call down the two-pass path. Both validate the params and answer alike.
        var refusals: [JSONValue?] = []
        for method in ["calc.divide", #"calc.div\u0069de"#] {
            let refused = await self.answer(#"{"jsonrpc":"2.0","method":"\#(method)","params":{"dividend":6,"divisor":0},"id":1}"#)
            #expect(refused?["error"]?["code"] == 3, "\(method): INVALID_ARGUMENT")
            #expect(refused?["error"]?["data"]?["field"] == "divisor", "\(method)")
            refusals.append(refused)
            let answered = await self.answer(#"{"jsonrpc":"2.0","method":"\#(method)","params":{"dividend":6,"divisor":3},"id":"q"}"#)
            #expect(answered == ["jsonrpc": "2.0", "result": 2, "id": "q"], "\(method)")
        }
        #expect(refusals[0] == refusals[1])
    }

    @Test("limits: too long a batch and too deep a nesting are refused, not crashed on")
    func limits() async {
        let call = #"{"jsonrpc":"2.0","method":"calc.sum","params":{"values":[1]},"id":1}"#
        let long = await self.answer("[" + Array(repeating: call, count: 11).joined(separator: ",") + "]")
        #expect(long?["error"]?["code"] == -32600)
        let deep = await self.answer(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        #expect(deep?["error"]?["code"] == -32600)
    }

    @Test("domain errors keep their status and rule; other errors become -32603 with nothing leaked")
    func errorMapping() async {
        let domain = await self.answer(#"{"jsonrpc":"2.0","method":"calc.fail","params":{"kind":"rpc"},"id":1}"#)
        #expect(domain?["error"]?["data"]?["status"] == "FAILED_PRECONDITION")
        #expect(domain?["error"]?["data"]?["rule"] == "R-LVL-3")
        let hidden = await self.answer(#"{"jsonrpc":"2.0","method":"calc.fail","params":{"kind":"other"},"id":1}"#)
        #expect(hidden?["error"]?["code"] == -32603)
        #expect(hidden?["error"]?["message"] == "internal error")
    }

    @Test("a method that needs a role refuses an anonymous call with UNAUTHENTICATED")
    func anonymous() async {
        let response = await self.answer(#"{"jsonrpc":"2.0","method":"calc.officeOnly","id":1}"#)
        #expect(response?["error"]?["data"]?["status"] == "UNAUTHENTICATED")
    }
}
