import Auth
import JSONRPC
import MembershipAPI
import Programme

/// Who may act on which studio. The province office acts everywhere; a city admin on the city and county studios
/// of their city; a county admin on the county studios of their county (R-LVL-3, R-MGT-8); a studio's leader on
/// its roster (R-COMP-1); workstations read every studio (R-MGT-1); services act for the platform.
enum StudioAccess {
    /// Whether `caller` administers studios of `level` in `city`/`county`.
    static func administers(_ caller: Principal, level: StudioLevel, city: City, county: String?) -> Bool {
        if caller.has(.provinceOffice) { return true }
        if caller.has(.cityAdmin), caller.city == city.rawValue, level != .province { return true }
        if caller.has(.countyAdmin), caller.city == city.rawValue, caller.county == county, level == .county {
            return true
        }
        return false
    }

    static func administers(_ caller: Principal, _ studio: Studio) -> Bool {
        Self.administers(caller, level: studio.level, city: studio.city, county: studio.county)
    }

    static func isLeader(_ caller: Principal, of studio: Studio) -> Bool {
        caller.has(.teacher) && caller.subject == studio.leaderID
    }

    /// Creating a studio of `level` in an area.
    static func checkCreate(_ caller: Principal, _ request: CreateStudioRequest) throws {
        if Self.administers(caller, level: request.level, city: request.city, county: request.county) { return }
        if request.level == .province {
            throw RPCError.permissionDenied("only the province office creates provincial studios", rule: .app2)
        }
        let area = request.city.rawValue + (request.county.map { "/" + $0 } ?? "")
        throw RPCError.permissionDenied("a \(request.level.rawValue) studio in \(area) is outside the caller's scope", rule: .lvl3)
    }

    /// Administering the studio: closing it, changing its level.
    static func checkAdminister(_ caller: Principal, _ studio: Studio) throws {
        guard Self.administers(caller, studio) else {
            throw RPCError.permissionDenied(
                "studio \(studio.id) (\(studio.level.rawValue), \(studio.city.rawValue)) is outside the caller's scope",
                rule: .lvl3
            )
        }
    }

    /// Managing the roster: the studio's leader, the province office, a platform service.
    static func checkManageRoster(_ caller: Principal, _ studio: Studio) throws {
        if Self.isLeader(caller, of: studio) || caller.has(.provinceOffice) || caller.has(.service) { return }
        throw RPCError.permissionDenied("only the studio's leader manages its roster", rule: .comp1)
    }

    /// Reading the roster, composition and history: the leader, admins over the studio, workstations, services.
    static func checkView(_ caller: Principal, _ studio: Studio) throws {
        if Self.isLeader(caller, of: studio) || Self.administers(caller, studio) || caller.has(.workstation)
            || caller.has(.service)
        {
            return
        }
        throw RPCError.permissionDenied("the roster of studio \(studio.id) is for its leader and the admins over it")
    }
}
