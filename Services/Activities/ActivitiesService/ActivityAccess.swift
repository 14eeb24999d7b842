import ActivitiesAPI
import Auth
import Foundation
import JSONRPC
import MembershipAPI
import Programme

/// Who may act on a studio's activities, asked of membership on the caller's behalf.
///
/// The studio's leader manages all its activities; a subject leader schedules and manages those they host
/// (R-TASK-1); workstations decide on their own studios' projects (R-MGT-1); the province office on all.
struct ActivityAccess: Sendable {
    let membership: any RPCTransport

    func studio(_ id: String, field: String = "studioID") async throws -> Studio {
        try await Membership.requireStudio(id, over: self.membership, field: field)
    }

    /// Whether `caller` is a subject leader of `studio` now (their own memberships).
    func isSubjectLeader(_ caller: Principal, of studio: Studio) async throws -> Bool {
        let mine = try await self.membership.call(Membership.listMyMemberships, Empty())
        return mine.memberships.contains { $0.studioID == studio.id && $0.role == .subjectLeader }
    }

    /// The subject leaders of `studio` at `asOf` (now if nil), with their names.
    func subjectLeaders(of studio: Studio, asOf: Date? = nil) async throws -> [Member] {
        var members: [Member] = []
        var token: String?
        repeat {
            let page = try await self.membership.call(
                Membership.getRoster,
                .init(
                    studioID: studio.id,
                    role: .subjectLeader,
                    asOf: asOf,
                    pageSize: 1000,
                    pageToken: token
                )
            )
            members += page.members
            token = page.nextPageToken
        } while token != nil
        return members
    }

    /// Scheduling: the leader, or a subject leader hosting it.
    func checkSchedule(_ caller: Principal, _ studio: Studio) async throws {
        guard studio.status == .active else {
            throw ActivitiesError.studioClosed(id: studio.id)
        }
        if caller.subject == studio.leaderID { return }
        guard try await self.isSubjectLeader(caller, of: studio) else {
            throw RPCError.permissionDenied("activities are hosted by the studio's leader or a subject leader", rule: .task1)
        }
    }

    /// Managing one activity: its host or the studio's leader.
    func checkManage(_ caller: Principal, _ activity: ActivityRecord, _ studio: Studio) throws {
        guard caller.subject == activity.hostID || caller.subject == studio.leaderID else {
            throw RPCError.permissionDenied("only the host of activity \(activity.id) or the studio's leader manages it")
        }
    }

    /// Deciding on a studio's featured project: its workstation, or the office ("other" projects: the office only).
    func checkDecide(_ caller: Principal, _ studio: Studio, officeOnly: Bool) throws {
        if caller.has(.provinceOffice) { return }
        guard !officeOnly else {
            throw RPCError.permissionDenied("a featured project of another type is approved by the province office", rule: .feat1)
        }
        guard caller.has(.workstation), let workstation = caller.workstation, workstation == studio.workstation else {
            throw RPCError.permissionDenied("only the workstation of studio \(studio.id) or the province office decides", rule: .feat1)
        }
    }

    /// Reviewing what a studio recorded about itself: someone outside it — the studio's workstation (the office
    /// for a provincial studio without one), the city admin of a city studio, the county admin of a county studio;
    /// the office for any.
    func checkReview(_ caller: Principal, _ studio: Studio, rule: Rule) throws {
        if caller.has(.provinceOffice) { return }
        let allowed =
            switch studio.level {
            case .province: caller.has(.workstation) && caller.workstation != nil && caller.workstation == studio.workstation
            case .city: caller.has(.cityAdmin) && caller.city == studio.city.rawValue
            case .county: caller.has(.countyAdmin) && caller.city == studio.city.rawValue && caller.county == studio.county
            }
        guard allowed else {
            throw RPCError.permissionDenied(
                "studio \(studio.id)'s records are reviewed by its workstation (provincial), its city's admin (city) or its county's admin (county), or the province office",
                rule: rule
            )
        }
    }

    /// The studios whose records `caller` reviews: nil for the office (every studio).
    func reviewScope(_ caller: Principal) async throws -> Set<String>? {
        if caller.has(.provinceOffice) { return nil }
        var request: ListStudiosRequest
        if caller.has(.workstation), let workstation = caller.workstation {
            request = ListStudiosRequest(level: .province, workstation: workstation)
        } else if caller.has(.countyAdmin), let city = caller.city.flatMap(City.init(rawValue:)), let county = caller.county {
            request = ListStudiosRequest(city: city, county: county, level: .county)
        } else if caller.has(.cityAdmin), let city = caller.city.flatMap(City.init(rawValue:)) {
            request = ListStudiosRequest(city: city, level: .city)
        } else {
            return []
        }
        request.pageSize = 200
        var ids = Set<String>()
        repeat {
            let page = try await self.membership.call(Membership.listStudios, request)
            ids.formUnion(page.studios.map(\.id))
            request.pageToken = page.nextPageToken
        } while request.pageToken != nil
        return ids
    }
}
