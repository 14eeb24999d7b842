import Testing
import W3CTraceContext

@testable import RPCServer

@Suite("Request metadata")
struct RequestMetadataTests {
    @Test(
        "the bearer token is read whatever the scheme's case and the spaces around it",
        arguments: [
            ("Bearer abc.def.ghi", "abc.def.ghi"), ("bearer abc", "abc"), ("BEARER   abc  ", "abc"),
        ]
    )
    func bearer(header: String, token: String) {
        #expect(RequestMetadata(authorization: header).bearerToken == token)
    }

    @Test("other schemes and empty tokens are no token", arguments: ["Basic dXNlcg==", "Bearer", "Bearer    ", "Bearerabc", ""])
    func notBearer(header: String) {
        #expect(RequestMetadata(authorization: header).bearerToken == nil)
    }

    @Test("a call without traceparent starts a trace; one with it continues the caller's trace in a new span")
    func traceparent() throws {
        let parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let child = RequestMetadata(traceparent: parent).traceContext
        #expect(child.traceParentHeaderValue.hasPrefix("00-0af7651916cd43dd8448eb211c80319c-"))
        #expect(!child.traceParentHeaderValue.contains("b7ad6b7169203331"))
        #expect(RequestMetadata(traceparent: "garbage").traceContext.traceParentHeaderValue.count == 55)
    }

    @Test(
        "JSON is application/json in any case, with blanks around it and parameters after a semicolon",
        arguments: [
            "application/json", "Application/JSON", "application/json; charset=utf-8", "  application/json  ", "application/json;",
        ]
    )
    func jsonContentType(contentType: String) {
        #expect(HTTPResponder.isJSON(contentType))
    }

    @Test(
        "other media types, or application/json with anything inside or appended, are not JSON",
        arguments: [
            "text/plain", "application/jsonx", "application/json-seq", "application /json", "application/json x", "xapplication/json",
            "application/jso", "", ";application/json",
        ]
    )
    func notJSONContentType(contentType: String) {
        #expect(!HTTPResponder.isJSON(contentType))
        #expect(!HTTPResponder.isJSON(nil))
    }
}
