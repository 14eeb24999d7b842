import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ResourcesAPI
import ServiceKit

/// The decisions on resources that count for assessment: series completion and micro-course entry by the leader
/// (R-TASK-4), the collection's outcome by the province office, premium marks (R-TASK-5) and research-outcome
/// approval (R-FEAT-4) by the workstation or the office. Each is recorded in the resource's history.
struct SelectionHandlers: Sendable {
    let database: any DatabaseWriter
    let membership: any RPCTransport
    let access: ResourceAccess
    let resources: ResourceHandlers

    func register(in methods: inout RPCMethods) {
        methods.register(Resources.completeSeries, self.completeSeries)
        methods.register(Resources.enterMicroCourse, self.enterMicroCourse)
        methods.register(Resources.decideMicroCourse, self.decideMicroCourse)
        methods.register(Resources.markPremium, self.markPremium)
        methods.register(Resources.withdrawPremium, self.withdrawPremium)
        methods.register(Resources.decideResearchOutcome, self.decideResearchOutcome)
        methods.register(Resources.listOutcomesToDecide, self.listOutcomesToDecide)
    }

    func completeSeries(_ request: ResourceRef, context: RPCContext) async throws -> Resource {
        let (caller, record, studio) = try await self.load(request.id, context)
        try self.access.checkLeader(caller, studio: studio, rule: .task4)
        guard record.seriesTheme != nil else {
            throw RPCError.failedPrecondition("resource \(record.id) is not a themed series", rule: .task4, field: "id")
        }
        return try await self.change(record.id, context) { db, record in
            guard record.seriesCompletedAt == nil else { return false }
            try ResourceYears.checkCurrent(db, year: record.year, field: "id")
            guard try ResourceStore.itemCount(db, seriesID: record.id) > 0 else {
                throw RPCError.failedPrecondition("an empty series cannot be complete", rule: .task4, field: "id")
            }
            record.seriesCompletedAt = Date()
            try ResourceEventRecord(resourceID: record.id, kind: .seriesCompleted, at: Date(), by: caller.subject).insert(db)
            return true
        }
    }

    func enterMicroCourse(_ request: EnterMicroCourseRequest, context: RPCContext) async throws -> Resource {
        let (caller, record, studio) = try await self.load(request.id, context)
        try self.access.checkLeader(caller, studio: studio, rule: .task4)
        guard record.type == .microCourse else {
            throw RPCError.failedPrecondition("only a micro-course is entered in the collection", rule: .task4, field: "id")
        }
        return try await self.change(record.id, context) { db, record in
            if let year = record.microYear {
                guard year == request.year else {
                    throw RPCError.failedPrecondition("already entered in the collection of \(year)", rule: .task4, field: "year")
                }
                return false
            }
            try ResourceYears.checkCurrent(db, year: request.year, field: "year")
            let now = Date()
            record.microYear = request.year
            record.microEnteredAt = now
            record.microOutcome = .pending
            try ResourceEventRecord(
                resourceID: record.id,
                kind: .microCourseEntered,
                at: now,
                by: caller.subject,
                year: request.year
            ).insert(db)
            return true
        }
    }

    func decideMicroCourse(_ request: DecideMicroCourseRequest, context: RPCContext) async throws -> Resource {
        let caller = try context.requireRole(.provinceOffice)
        return try await self.change(request.id, context) { db, record in
            guard let year = record.microYear else {
                throw RPCError.failedPrecondition("resource \(record.id) was not entered in the collection", rule: .task4, field: "id")
            }
            let outcome: MicroCourseEntry.Outcome = request.selected ? .selected : .notSelected
            guard record.microOutcome != outcome else { return false }
            try ResourceYears.checkOpen(db, year: year, field: "id")
            let now = Date()
            record.microOutcome = outcome
            record.microDecidedBy = caller.subject
            record.microDecidedAt = now
            try ResourceEventRecord(
                resourceID: record.id,
                kind: request.selected ? .microCourseSelected : .microCourseNotSelected,
                at: now,
                by: caller.subject,
                year: year,
                reason: request.reason
            ).insert(db)
            return true
        }
    }

    func markPremium(_ request: ResourceYearDecision, context: RPCContext) async throws -> Resource {
        let (caller, record, studio) = try await self.load(request.id, context)
        try self.access.checkDecide(caller, studio: studio, rule: .task5)
        return try await self.change(record.id, context) { db, record in
            guard try !ResourceStore.isPremium(db, resourceID: record.id, year: request.year) else { return false }
            try ResourceYears.checkCurrent(db, year: request.year, field: "year")
            let now = Date()
            try PremiumRecord(
                resourceID: record.id,
                year: request.year,
                studioID: record.studioID,
                reason: request.reason,
                markedBy: caller.subject,
                markedAt: now
            ).insert(db)
            try ResourceEventRecord(
                resourceID: record.id,
                kind: .premiumMarked,
                at: now,
                by: caller.subject,
                year: request.year,
                reason: request.reason
            ).insert(db)
            return true
        }
    }

    func withdrawPremium(_ request: ResourceYearDecision, context: RPCContext) async throws -> Resource {
        let (caller, record, studio) = try await self.load(request.id, context)
        try self.access.checkDecide(caller, studio: studio, rule: .task5)
        return try await self.change(record.id, context) { db, record in
            try ResourceYears.checkOpen(db, year: request.year, field: "year")
            guard try ResourceStore.withdrawPremium(db, resourceID: record.id, year: request.year) else {
                throw RPCError.failedPrecondition("resource \(record.id) is not premium in \(request.year)", rule: .task5, field: "year")
            }
            try ResourceEventRecord(
                resourceID: record.id,
                kind: .premiumWithdrawn,
                at: Date(),
                by: caller.subject,
                year: request.year,
                reason: request.reason
            ).insert(db)
            return true
        }
    }

    func decideResearchOutcome(_ request: DecideOutcomeRequest, context: RPCContext) async throws -> Resource {
        let (caller, record, studio) = try await self.load(request.id, context)
        try self.access.checkDecide(caller, studio: studio, rule: .feat4)
        guard record.outcomeStatus != nil else {
            throw RPCError.failedPrecondition("resource \(record.id) is not a research outcome", rule: .feat4, field: "id")
        }
        // 公开发表或获得省级及以上奖励: an outcome counts when published or awarded at provincial level or above.
        if request.approve, ![.province, .national].contains(record.outcomeLevel) {
            throw RPCError.failedPrecondition(
                "resource \(record.id) was recognised at \(record.outcomeLevel?.rawValue ?? "no") level; an approved outcome is published or awarded at provincial level or above",
                rule: .feat4,
                field: "id"
            )
        }
        return try await self.change(record.id, context) { db, record in
            let status: ResearchOutcome.Status = request.approve ? .approved : .rejected
            guard record.outcomeStatus != status else { return false }
            try ResourceYears.checkOpen(db, year: record.year, field: "id")
            let now = Date()
            record.outcomeStatus = status
            record.outcomeDecidedBy = caller.subject
            record.outcomeDecidedAt = now
            record.outcomeNote = request.note
            try ResourceEventRecord(
                resourceID: record.id,
                kind: request.approve ? .outcomeApproved : .outcomeRejected,
                at: now,
                by: caller.subject,
                year: record.year,
                reason: request.note
            ).insert(db)
            return true
        }
    }

    // MARK: - Helpers

    private func load(_ id: String, _ context: RPCContext) async throws -> (Principal, ResourceRecord, Studio) {
        let caller = try context.requirePrincipal()
        let record = try await self.resources.requireRecord(id)
        let studio = try await Membership.requireStudio(record.studioID, over: self.membership)
        return (caller, record, studio)
    }

    /// Applies `change` to the current row in one transaction; it answers whether it changed anything, so a
    /// repeated decision is a no-op that returns the resource as it stands.
    private func change(
        _ id: String,
        _ context: RPCContext,
        _ change: @escaping @Sendable (Database, inout ResourceRecord) throws -> Bool
    ) async throws -> Resource {
        try await self.database.writeIdempotent(context) { db in
            guard var record = try ResourceRecord.fetchOne(db, key: id) else {
                throw ResourcesError.resourceNotFound(id: id)
            }
            if try change(db, &record) {
                record.updatedAt = Date()
                try record.update(db)
            }
            return try ResourceReader.load(db, records: [record])[0]
        }
    }
}
