import Auth
import JSONRPC
import MembershipAPI

/// Who may act on which studios: the province office everywhere, a city admin within their city (city and county
/// studios), a county admin within their county (county studios) — R-LVL-3, R-MGT-8.
enum StudioScope {
    static func check(caller: Principal, mayCreate request: CreateStudioRequest) throws(RPCError) {
        if caller.has(.provinceOffice) { return }
        if caller.has(.cityAdmin), caller.city == request.city.rawValue, request.level != .province { return }
        if caller.has(.countyAdmin), caller.city == request.city.rawValue, caller.county == request.county,
           request.level == .county
        {
            return
        }
        if request.level == .province {
            throw .permissionDenied("only the province office creates provincial studios", rule: "R-APP-2")
        }
        throw .permissionDenied(
            "a \(request.level.rawValue) studio in \(request.city.rawValue)\(request.county.map { "/" + $0 } ?? "") is outside the caller's scope",
            rule: "R-LVL-3")
    }
}
