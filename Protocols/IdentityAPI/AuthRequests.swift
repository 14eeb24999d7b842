import Foundation
import JSONRPC
import Programme

/// Params of `identity.signInWithTrainingToken`: an identity token the teacher-training system signed.
public struct TrainingSignInRequest: Codable, Sendable, Equatable {
    public var token: String
    public init(token: String) { self.token = token }
}

/// Params of `identity.signInWithPassword`: an admin's local credential.
public struct PasswordSignInRequest: Codable, Sendable, Equatable {
    public var username: String
    public var password: String
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// Params of `identity.unlockSignIn`.
public struct UnlockSignInRequest: Codable, Sendable, Equatable, Validatable {
    public var username: String
    public init(username: String) { self.username = username }
    public func validate() throws(RPCError) { try Field.text(self.username, "username", max: 64) }
}

/// The result of `identity.unlockSignIn`: how many (address, username) counts were forgotten.
public struct UnlockSignInResult: Codable, Sendable, Equatable {
    public var forgotten: Int
    public init(forgotten: Int) { self.forgotten = forgotten }
}

/// Params of `identity.refreshSession` and `identity.signOut`.
public struct RefreshRequest: Codable, Sendable, Equatable {
    public var refreshToken: String
    public init(refreshToken: String) { self.refreshToken = refreshToken }
}

/// Params of `identity.getAccount`.
public struct GetAccountRequest: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// Params of `identity.getAccounts`: many accounts in one call (for membership and assessment).
public struct GetAccountsRequest: Codable, Sendable, Equatable, Validatable {
    public var ids: [String]
    public init(ids: [String]) { self.ids = ids }
    public func validate() throws(RPCError) {
        guard (1...1000).contains(self.ids.count) else {
            throw .invalidArgument("1–1000 ids per call", field: "ids")
        }
    }
}

/// The result of `identity.getAccounts`: the accounts found, in the order asked; unknown ids are left out.
public struct AccountList: Codable, Sendable, Equatable {
    public var accounts: [Account]
    public init(accounts: [Account]) { self.accounts = accounts }
}

/// Params of `identity.importAccounts`: a roster exported by the teacher-training system.
public struct ImportAccountsRequest: Codable, Sendable, Equatable, Validatable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// Any rejected row rejects the file: nothing is written.
        case allOrNothing
        /// Good rows are written, rejected rows are reported.
        case perRow
    }

    /// CSV with a header row, UTF-8 with or without a byte-order mark. Columns (Chinese or English header):
    /// 师训编号/trainingID, 姓名/name, 学校/school, 设区市/city, 县市区/county, 乡村学校/rural (是/否),
    /// 对口援建地区/pairedRegion (是/否), 学段/stage, 学科/subject, 职称/title, 荣誉/honours (separated by ；or ;).
    public var csv: String
    public var mode: Mode

    public init(csv: String, mode: Mode) {
        self.csv = csv
        self.mode = mode
    }

    public func validate() throws(RPCError) {
        guard !self.csv.isEmpty else { throw .invalidArgument("csv is empty", field: "csv") }
    }
}

/// What an import did, row by row.
public struct ImportReport: Codable, Sendable, Equatable {
    public struct Rejection: Codable, Sendable, Equatable {
        /// The line in the file (the header is line 1).
        public var line: Int
        /// The column at fault, by its header name.
        public var field: String?
        public var reason: String
        public init(line: Int, field: String?, reason: String) {
            self.line = line
            self.field = field
            self.reason = reason
        }
    }

    public var accepted: Int
    public var updated: Int
    public var unchanged: Int
    public var rejected: [Rejection]
    /// Whether anything was written (false when an all-or-nothing import met a rejected row).
    public var committed: Bool

    public init(accepted: Int, updated: Int, unchanged: Int, rejected: [Rejection], committed: Bool) {
        self.accepted = accepted
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
        self.committed = committed
    }
}
