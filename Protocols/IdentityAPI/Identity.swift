import Foundation
import JSONRPC
import Programme

/// Methods of the identity service: accounts, tokens, applications. Its own error codes are 1000–1999.
public enum Identity {
    /// The public keys that verify platform access tokens, as a JWKS document (`{"keys": [...]}`).
    /// Caller: anyone (every service fetches it at start and on key rotation).
    public static let getKeySet = RPCMethod<Empty, JSONValue>(
        "identity.getKeySet",
        summary: "The JWKS of the keys that sign platform access tokens.",
        access: .anyone
    )

    /// Who the caller's access token says they are. Caller: any signed-in account.
    public static let whoAmI = RPCMethod<Empty, WhoAmI>(
        "identity.whoAmI",
        summary: "The caller as the access token names them.",
        access: .signedIn
    )

    /// Signs a teacher (or an admin with a training-system account) in with an identity token signed by the
    /// teacher-training system, creating or updating the mirrored account from its claims.
    /// - Errors: `UNAUTHENTICATED` naming what is wrong with the token (issuer, audience, signature, expiry);
    ///   `INVALID_ARGUMENT` naming a claim the account cannot be made from.
    public static let signInWithTrainingToken = RPCMethod<TrainingSignInRequest, Session>(
        "identity.signInWithTrainingToken",
        summary: "Signs in with a teacher-training system identity token.",
        access: .anyone,
        mutates: true,
        idempotent: true
    )

    /// Signs an admin in with a local credential. Failures are counted per account and address together and slow
    /// that pair down (backoff: 5 free failures, then 30 s doubling to 15 min); from an address the admin signed in
    /// from before, the right password always works.
    /// - Errors: `UNAUTHENTICATED` for a wrong username or password; `RESOURCE_EXHAUSTED` with the wait while slowed.
    public static let signInWithPassword = RPCMethod<PasswordSignInRequest, Session>(
        "identity.signInWithPassword",
        summary: "Signs an admin in with a local credential (failures back off).",
        access: .anyone,
        mutates: true
    )

    /// Forgets every failed sign-in counted against an admin username, from every address: the operator's way out
    /// when an admin is slowed down at an address they never signed in from.
    public static let unlockSignIn = RPCMethod<UnlockSignInRequest, UnlockSignInResult>(
        "identity.unlockSignIn",
        summary: "Forgets the failed sign-ins counted against a username (province office).",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// A new session for a refresh token, which is used up (rotation).
    public static let refreshSession = RPCMethod<RefreshRequest, Session>(
        "identity.refreshSession",
        summary: "Exchanges a refresh token for a new session.",
        access: .anyone,
        mutates: true
    )

    /// Revokes a refresh token.
    public static let signOut = RPCMethod<RefreshRequest, Empty>(
        "identity.signOut",
        summary: "Revokes a refresh token.",
        access: .anyone,
        mutates: true,
        idempotent: true
    )

    /// One teacher account. Teachers see their own; admins and services any.
    public static let getAccount = RPCMethod<GetAccountRequest, Account>(
        "identity.getAccount",
        summary: "One teacher account mirrored from the training system.",
        access: .signedIn
    )

    /// Many teacher accounts in one call, for the platform's services and admins.
    public static let getAccounts = RPCMethod<GetAccountsRequest, AccountList>(
        "identity.getAccounts",
        summary: "Many teacher accounts by id.",
        access: .only(.service, .provinceOffice, .workstation, .cityAdmin, .countyAdmin)
    )

    /// Imports a roster exported by the training system; re-running the same file changes nothing.
    public static let importAccounts = RPCMethod<ImportAccountsRequest, ImportReport>(
        "identity.importAccounts",
        summary: "Imports a training-system roster CSV, row by row or all-or-nothing.",
        access: .only(.provinceOffice),
        mutates: true,
        idempotent: true
    )

    /// Creates an admin account: the province office any; a city admin county admins of their city.
    public static let createAdmin = RPCMethod<CreateAdminRequest, AdminAccount>(
        "identity.createAdmin",
        summary: "Creates an admin account with its scope and Attachment 4 details (R-MGT-8).",
        access: .only(.provinceOffice, .cityAdmin),
        mutates: true
    )

    /// Admin accounts; a city admin sees their city's.
    public static let listAdmins = RPCMethod<ListAdminsRequest, AdminList>(
        "identity.listAdmins",
        summary: "Admin accounts by role and city (R-MGT-8).",
        access: .only(.provinceOffice, .cityAdmin)
    )

    /// One city's admins as Attachment 4 (CSV, UTF-8 with BOM).
    public static let exportAttachment4 = RPCMethod<ExportAttachment4Request, CSVExport>(
        "identity.exportAttachment4",
        summary: "A city's admin registry as Attachment 4 CSV (R-MGT-8).",
        access: .only(.provinceOffice, .cityAdmin)
    )

    /// Starts signing with a new key; the previous keys stay published until their tokens have expired.
    public static let rotateSigningKey = RPCMethod<Empty, KeyRotation>(
        "identity.rotateSigningKey",
        summary: "Rotates the token-signing key without downtime.",
        access: .only(.provinceOffice),
        mutates: true
    )

    /// Every method, for completeness checks.
    public static let all: [RPCMethodDescriptor] =
        [
            getKeySet.descriptor, whoAmI.descriptor, signInWithTrainingToken.descriptor, signInWithPassword.descriptor, unlockSignIn.descriptor,
            refreshSession.descriptor, signOut.descriptor, getAccount.descriptor, getAccounts.descriptor,
            importAccounts.descriptor, createAdmin.descriptor, listAdmins.descriptor, exportAttachment4.descriptor,
            rotateSigningKey.descriptor,
        ] + applicationMethods

    /// The key set as JSON text, fetched over `transport`: what other services give their token verifier.
    public static func keySetJSON(over transport: any RPCTransport) async throws -> String {
        let keySet = try await transport.call(Self.getKeySet)
        return String(decoding: try JSONCoding.encoder.encode(keySet), as: UTF8.self)
    }
}

/// The result of `identity.whoAmI`.
public struct WhoAmI: Codable, Sendable, Equatable {
    public var subject: String
    public var name: String?
    public var roles: [Role]
    public var city: String?
    public var county: String?
    public var workstation: String?

    public init(subject: String, name: String?, roles: [Role], city: String?, county: String?, workstation: String?) {
        self.subject = subject
        self.name = name
        self.roles = roles
        self.city = city
        self.county = county
        self.workstation = workstation
    }
}
