import Foundation
import JSONRPC

/// Methods of the resources service: resources and their files, series, premium selection. Codes 3000–3999.
public enum Resources {
    /// Publishes a resource's metadata in a studio. Caller: a teacher (the author). The studio must exist
    /// (asked of membership).
    /// - Errors: `NOT_FOUND` (studio), `INVALID_ARGUMENT` naming the field.
    public static let createResource = RPCMethod<CreateResourceRequest, Resource>(
        "resources.createResource", summary: "Publishes a resource of a studio.", access: .only(.teacher),
        mutates: true)

    /// One resource by id. Caller: any signed-in account.
    public static let getResource = RPCMethod<GetResourceRequest, Resource>(
        "resources.getResource", summary: "One resource by id.", access: .signedIn)

    public static let all: [RPCMethodDescriptor] = [createResource.descriptor, getResource.descriptor]
}

/// What kind of resource it is (issue: resources).
public enum ResourceType: String, Codable, Sendable, CaseIterable {
    case document, slideDeck, video, audio, imageSet, lessonDesign, microCourse, themedSeries, researchOutcome
}

/// Who may see a resource.
public enum Visibility: String, Codable, Sendable, CaseIterable { case studioMembers, signedIn, `public` }

public struct Resource: Codable, Sendable, Equatable {
    public var id: String
    public var studioID: String
    public var title: String
    public var type: ResourceType
    public var year: Int
    public var visibility: Visibility
    public var authorID: String
    public var createdAt: Date

    public init(id: String, studioID: String, title: String, type: ResourceType, year: Int, visibility: Visibility,
                authorID: String, createdAt: Date)
    {
        self.id = id
        self.studioID = studioID
        self.title = title
        self.type = type
        self.year = year
        self.visibility = visibility
        self.authorID = authorID
        self.createdAt = createdAt
    }
}

public struct CreateResourceRequest: Codable, Sendable, Equatable, Validatable {
    public var studioID: String
    public var title: String
    public var type: ResourceType
    public var year: Int
    public var visibility: Visibility

    public init(studioID: String, title: String, type: ResourceType, year: Int, visibility: Visibility) {
        self.studioID = studioID
        self.title = title
        self.type = type
        self.year = year
        self.visibility = visibility
    }

    public func validate() throws(RPCError) {
        guard !self.title.trimmingCharacters(in: .whitespaces).isEmpty, self.title.count <= 200 else {
            throw .invalidArgument("title must be 1–200 characters", field: "title")
        }
        guard (2019...2100).contains(self.year) else { throw .invalidArgument("year must be 2019 or later", field: "year") }
    }
}

public struct GetResourceRequest: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}
