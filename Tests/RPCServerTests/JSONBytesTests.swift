import Foundation
import Testing

@testable import RPCServer

/// The byte scans that run before a decoder: the envelope scan names a request's method and answers only for plain
/// request objects (nil sends everything else down the two-pass path that reports faults precisely); the depth scan
/// bounds nesting, counting only brackets outside strings.
@Suite("JSON byte scans")
struct JSONBytesTests {
    func scan(_ json: String) -> JSONBytes.Envelope? { JSONBytes.envelope(Data(json.utf8)) }

    @Test("the method and whether params are there, whatever the member order, blanks and nesting")
    func plainRequests() {
        #expect(
            self.scan(#"{"jsonrpc":"2.0","method":"membership.getStudio","params":{"id":"st-1"},"id":1}"#)
                == .init(method: "membership.getStudio", hasParams: true)
        )
        #expect(
            self.scan(#" { "id" : "a" , "params" : {"method":"inner","list":[1,{"x":"}"}]}, "method" : "m" } "#)
                == .init(method: "m", hasParams: true)
        )
        #expect(self.scan(#"{"jsonrpc":"2.0","method":"health.check","id":null}"#) == .init(method: "health.check", hasParams: false))
        #expect(self.scan(#"{"method":"m","id":-1.5e3,"jsonrpc":"2.0","extra":true}"#) == .init(method: "m", hasParams: false))
        #expect(self.scan(#"{"method":"方法","params":{"title":"引号\"与反斜杠\\"}}"#) == .init(method: "方法", hasParams: true))
    }

    @Test(
        "anything unusual is left to the decoder",
        arguments: [
            #"{"method":"a\u0062","params":{}}"#,  // an escape in the name
            #"{"method":"a","method":"b"}"#,  // the name twice
            #"{"method":"a","params":{},"params":{}}"#,  // params twice
            #"{"method":"a","params":[1,2]}"#,  // positional params
            #"{"method":1}"#,  // not a string
            #"{"method":"a"} trailing"#, #"[{"method":"a"}]"#, #"{}"#, "", "{", #"{"method":"a""#, #"{"method":"a",}"#,
            #"{"params":{"method":"inner"}}"#,  // only a nested method
        ]
    )
    func unusual(json: String) {
        #expect(self.scan(json) == nil, "\(json)")
    }

    @Test("nesting is counted outside strings only, escaped quotes included; the limit itself passes, one more fails")
    func depth() {
        func within(_ json: String, _ limit: Int) -> Bool { JSONBytes.depthWithin(Data(json.utf8), limit: limit) }
        #expect(within(#"{"a":[[1]]}"#, 3))
        #expect(!within(#"{"a":[[1]]}"#, 2))
        #expect(within(#"{"a":"[[[[{{{{"}"#, 1))
        #expect(within(#"{"a":"\"[[[[\\","b":1}"#, 1))  // an escaped quote and an escaped backslash inside the string
        #expect(!within(#"{"a":"\\",  "b":[[1]]}"#, 2))  // the string ends after its escaped backslash
        #expect(within(#"{"a":"[[[["#, 1))  // unterminated: left to the decoder, never read past the end
        #expect(JSONBytes.firstSignificantByte(Data(" \n\t [1]".utf8)) == UInt8(ascii: "["))
        #expect(JSONBytes.firstSignificantByte(Data(" \r\n".utf8)) == nil)
    }
}
