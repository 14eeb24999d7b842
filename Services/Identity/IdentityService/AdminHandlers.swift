import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import MembershipAPI
import Programme
import RPCServer
import ServiceKit

/// Admin accounts and the city admin registry (R-MGT-8, Attachment 4).
struct AdminHandlers: Sendable {
    let database: any DatabaseWriter

    func register(in methods: inout RPCMethods) {
        methods.register(Identity.createAdmin, self.createAdmin)
        methods.register(Identity.listAdmins, self.listAdmins)
        methods.register(Identity.exportAttachment4, self.exportAttachment4)
    }

    func createAdmin(_ request: CreateAdminRequest, context: RPCContext) async throws -> AdminAccount {
        let caller = try context.requirePrincipal()
        if !caller.has(.provinceOffice) {
            // A city admin names the county admins of their own city.
            guard request.role == .countyAdmin, request.city?.rawValue == caller.city else {
                throw RPCError.permissionDenied("a city admin creates county admins of their own city only", rule: .mgt8)
            }
        }
        // Hashing is slow on purpose: done before the write transaction, off the cooperative pool.
        let hash = try await PasswordHashingPool.run { try PasswordHasher.hash(request.password) }
        return try await self.database.writeIdempotent(context) { db in
            try AdminRecord.checkAvailable(request, db)
            let record = AdminRecord(request, password: hash, createdBy: caller.subject, at: Date())
            try record.insert(db)
            return record.admin()
        }
    }

    func listAdmins(_ request: ListAdminsRequest, context: RPCContext) async throws -> AdminList {
        let city = try Self.scopedCity(request.city, caller: try context.requirePrincipal())
        return try await self.database.read { db in
            var query = AdminRecord.all()
            if let role = request.role { query = query.filter(AdminRecord.Columns.role == role.rawValue) }
            if let city { query = query.filter(AdminRecord.Columns.city == city.rawValue) }
            return AdminList(
                admins: try query.order(AdminRecord.Columns.city, AdminRecord.Columns.role, AdminRecord.Columns.username).fetchAll(db).map {
                    $0.admin()
                }
            )
        }
    }

    func exportAttachment4(_ request: ExportAttachment4Request, context: RPCContext) async throws -> CSVExport {
        let city = try Self.scopedCity(request.city, caller: try context.requirePrincipal()) ?? request.city
        let admins = try await self.listAdmins(ListAdminsRequest(role: .cityAdmin, city: city), context: context).admins
        return try CSVExport(
            filename: "附件4-\(city.chineseName)市级管理员信息表.csv",
            header: ["设区市", "姓名", "所在单位", "联系手机", "QQ号或邮箱"],
            rows: admins.map { [city.chineseName, $0.name, $0.unit ?? "", $0.phone ?? "", $0.contact ?? ""] }
        )
    }

    /// The province office sees every city; a city admin only their own.
    static func scopedCity(_ asked: City?, caller: Principal) throws -> City? {
        if caller.has(.provinceOffice) { return asked }
        guard let own = caller.city.flatMap(City.init(rawValue:)), asked == nil || asked == own else {
            throw RPCError.permissionDenied("a city admin sees their own city's admins only", rule: .mgt8)
        }
        return own
    }
}
