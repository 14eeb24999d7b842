import Auth
import Foundation
import JSONRPC
import Programme
import RPCServer

/// Methods shaped after the JSON-RPC 2.0 specification's examples, declared like any service's.
enum Calc {
    struct SubtractParams: Codable, Sendable {
        var minuend: Int
        var subtrahend: Int
    }
    struct SumParams: Codable, Sendable { var values: [Int] }
    struct SleepParams: Codable, Sendable { var milliseconds: Int }
    struct FailParams: Codable, Sendable { var kind: String }
    struct DivideParams: Codable, Sendable, Validatable {
        var dividend: Int
        var divisor: Int
        func validate() throws(RPCError) {
            guard self.divisor != 0 else { throw .invalidArgument("divisor must not be 0", field: "divisor") }
        }
    }

    static let subtract = RPCMethod<SubtractParams, Int>("calc.subtract", summary: "minuend − subtrahend", access: .anyone)
    static let sum = RPCMethod<SumParams, Int>("calc.sum", summary: "The sum of values.", access: .anyone)
    static let append = RPCMethod<SumParams, Int>(
        "calc.append",
        summary: "Stands for a write: not idempotent, so a failed call is not simply sent again.",
        access: .anyone,
        mutates: true
    )
    static let notifyHello = RPCMethod<SumParams, Empty>("calc.notifyHello", summary: "Does nothing.", access: .anyone)
    static let getData = RPCMethod<Empty, [JSONValue]>("calc.getData", summary: "Fixed data.", access: .anyone)
    static let sleep = RPCMethod<SleepParams, Empty>("calc.sleep", summary: "Sleeps.", access: .anyone)
    static let fail = RPCMethod<FailParams, Empty>("calc.fail", summary: "Fails.", access: .anyone)
    static let divide = RPCMethod<DivideParams, Int>("calc.divide", summary: "dividend ÷ divisor, on the event loop.", access: .anyone)
    static let officeOnly = RPCMethod<Empty, String>(
        "calc.officeOnly",
        summary: "Only the province office.",
        access: .only(.provinceOffice)
    )

    struct Hidden: Error {}

    static var methods: RPCMethods {
        var methods = RPCMethods()
        methods.register(subtract) { params, _ in params.minuend - params.subtrahend }
        methods.register(sum) { params, _ in params.values.reduce(0, +) }
        methods.register(append) { params, _ in params.values.count }
        methods.register(notifyHello) { _, _ in Empty() }
        methods.registerInline(getData) { _, _ in ["hello", 5] }
        methods.register(sleep) { params, _ in
            try await Task.sleep(for: .milliseconds(params.milliseconds))
            return Empty()
        }
        methods.register(fail) { params, _ in
            if params.kind == "rpc" { throw RPCError.failedPrecondition("quota reached", rule: "R-LVL-3") }
            throw Hidden()
        }
        methods.register(officeOnly) { _, context in context.principal?.subject ?? "" }
        // Never divides by 0 itself: a call that skipped validation answers instead of trapping, and its test fails.
        methods.registerInline(divide) { params, _ in params.divisor == 0 ? 0 : params.dividend / params.divisor }
        return methods
    }
}
