import JSONRPC

/// Methods of the membership service: studios, rosters, levels. Its own error codes are 2000–2999.
public enum Membership {
    /// Creates a studio. Callers: the province office (any level), a city admin (city or county studios of their
    /// city), a county admin (county studios of their county).
    /// - Errors: `PERMISSION_DENIED` outside the caller's scope; `INVALID_ARGUMENT` naming the field.
    public static let createStudio = RPCMethod<CreateStudioRequest, Studio>(
        "membership.createStudio", summary: "Creates a studio at a level, in a city and county (R-LVL-1, R-GEO-1).",
        access: .only(.provinceOffice, .cityAdmin, .countyAdmin), mutates: true)

    /// One studio by id. Callers: any signed-in account or service.
    /// - Errors: `NOT_FOUND`.
    public static let getStudio = RPCMethod<GetStudioRequest, Studio>(
        "membership.getStudio", summary: "One studio by id.", access: .signedIn)

    public static let all: [RPCMethodDescriptor] = [createStudio.descriptor, getStudio.descriptor]
}
