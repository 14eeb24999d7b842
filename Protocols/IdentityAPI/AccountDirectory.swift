import Foundation
import JSONRPC
import Programme
import Synchronization

/// The teacher accounts another service reads from identity, the one owner of who a teacher is: batched
/// `identity.getAccounts` calls (1,000 ids each), kept for a short lifetime so that an import of 10,000 roster
/// entries or a busy check-in costs a handful of calls, not one per person. Unknown ids are never cached, so an
/// account imported a moment ago is found.
public final class AccountDirectory: Sendable {
    private let identity: any RPCTransport
    private let serviceToken: @Sendable () -> String?
    private let lifetime: Duration
    private let capacity: Int
    private let cache = Mutex<[String: (account: Account, until: ContinuousClock.Instant)]>([:])

    /// - Parameters:
    ///   - serviceToken: the asking service's own token; nil sends the caller's (which then needs an admin role).
    ///   - lifetime: how long an account read stays fresh.
    ///   - capacity: most accounts kept; past it the cache starts again empty.
    public init(
        identity: any RPCTransport,
        serviceToken: @escaping @Sendable () -> String?,
        lifetime: Duration = .seconds(60),
        capacity: Int = 100_000
    ) {
        self.identity = identity
        self.serviceToken = serviceToken
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The accounts of `ids` that exist, by id.
    public func accounts(_ ids: some Sequence<String>) async throws -> [String: Account] {
        let wanted = Array(Set(ids))
        let now = ContinuousClock.now
        var found: [String: Account] = [:]
        var missing: [String] = []
        self.cache.withLock { cache in
            for id in wanted {
                if let entry = cache[id], entry.until > now { found[id] = entry.account } else { missing.append(id) }
            }
        }
        guard !missing.isEmpty else { return found }
        var fetched: [Account] = []
        let options = CallOptions(bearerToken: self.serviceToken())
        for start in stride(from: 0, to: missing.count, by: 1000) {
            let batch = Array(missing[start..<min(start + 1000, missing.count)])
            do {
                fetched += try await self.identity.call(Identity.getAccounts, .init(ids: batch), options: options).accounts
            } catch let error as RPCError where [.permissionDenied, .unauthenticated, .unavailable].contains(error.status) {
                throw RPCError.unavailable("teacher accounts cannot be read from identity now: \(error.message)")
            }
        }
        let until = ContinuousClock.now + self.lifetime
        self.cache.withLock { cache in
            if cache.count + fetched.count > self.capacity { cache.removeAll(keepingCapacity: true) }
            for account in fetched { cache[account.id] = (account, until) }
        }
        for account in fetched { found[account.id] = account }
        return found
    }

    /// The accounts of `ids`, all of them: an id without an account is refused (NOT_FOUND) naming up to ten such
    /// ids and, through `field`, where the first stands in the request.
    public func require(_ ids: [String], field: (Int) -> String) async throws -> [String: Account] {
        let found = try await self.accounts(ids)
        let unknown = ids.enumerated().filter { found[$0.element] == nil }
        guard let first = unknown.first else { return found }
        var names: [String] = []
        for (_, id) in unknown where !names.contains(id) && names.count < 10 { names.append(id) }
        let more = Set(unknown.map(\.element)).count - names.count
        throw RPCError.notFound(
            "no teacher account \(names.joined(separator: ", "))\(more > 0 ? " and \(more) more" : ""): people counted by the platform are identity's accounts",
            field: field(first.offset)
        )
    }

    /// A city's rule for its city or county studios (R-APP-4), asked of identity each time: rules change rarely, and
    /// a bureau that has just set one expects it to hold at once.
    public func localRule(city: City, level: StudioLevel) async throws -> LocalLeaderRule? {
        do {
            return try await self.identity.call(
                Identity.getLocalLeaderRule,
                .init(city: city, level: level),
                options: CallOptions(bearerToken: self.serviceToken())
            ).rule
        } catch let error as RPCError where [.permissionDenied, .unauthenticated, .unavailable].contains(error.status) {
            throw RPCError.unavailable("\(city.chineseName)'s rule cannot be read from identity now: \(error.message)")
        }
    }

    /// The one account of `id`, refused as NOT_FOUND naming `field` when identity has none.
    public func require(_ id: String, field: String) async throws -> Account {
        guard let account = try await self.require([id], field: { _ in field })[id] else {
            throw RPCError.notFound("no teacher account \(id)", field: field)
        }
        return account
    }
}

extension Account {
    /// A city-level honour or a provincial one, which rank above it (R-APP-5, R-APP-4 rules).
    public var hasCityHonourOrAbove: Bool {
        !Set(self.honours.map(\.kind)).isDisjoint(with: [.cityLevel, .provincialSpecialGrade, .provincialSeniorGrade])
    }

    /// R-APP-1, from the mirrored honours and title: a provincial studio's leader is a 省正高级教师 or 省特级教师; for a
    /// class-teacher studio a 浙江省中小学班主任工作室领衔人 also qualifies; for a vocational studio a senior-title
    /// teacher with a technician (技师) or higher qualification also qualifies. Answers what satisfied it, or nil.
    public func provincialLeaderBasis(kind: StudioKind) -> String? {
        let honours = Set(self.honours.map(\.kind))
        if honours.contains(.provincialSpecialGrade) { return "R-APP-1: 省特级教师" }
        if honours.contains(.provincialSeniorGrade) { return "R-APP-1: 省正高级教师" }
        switch kind {
        case .classTeacher where honours.contains(.classTeacherStudioLeader):
            return "R-APP-1: 浙江省中小学班主任工作室领衔人"
        case .vocational where self.title >= .senior && !honours.isDisjoint(with: [.technician, .seniorTechnician]):
            return "R-APP-1: senior title with technician qualification"
        default:
            return nil
        }
    }

    /// What R-APP-1 asks of a leader of a `kind` studio, in words, for a refusal.
    public static func provincialLeaderRequirement(kind: StudioKind) -> String {
        let also =
            switch kind {
            case .subject: ""
            case .classTeacher: ", or lead a provincial class-teacher studio (班主任工作室领衔人)"
            case .vocational: ", or hold a senior title with a technician (技师) qualification"
            }
        return "a provincial studio leader is a 省正高级教师 or 省特级教师\(also)"
    }
}
