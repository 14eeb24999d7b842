import Auth
import JSONRPC
import MembershipAPI
import Programme

/// Who supervises a studio (R-MGT-1): the office any studio, its workstation its studios, a city admin its city's city
/// and county studios. One encoding, for flags, reports and live checklists.
enum Supervision {
    static func check(
        _ caller: Principal,
        studioID: String,
        workstation: String?,
        city: String,
        level: StudioLevel,
        refusal: @autoclosure () -> String
    ) throws {
        if caller.has(.provinceOffice) { return }
        if caller.has(.workstation), let mine = caller.workstation, mine == workstation { return }
        if caller.has(.cityAdmin), let mine = caller.city, mine == city, level != .province { return }
        throw RPCError.permissionDenied(refusal(), rule: .mgt1)
    }
}
