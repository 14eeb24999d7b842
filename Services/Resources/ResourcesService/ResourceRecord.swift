import Foundation
import GRDB
import JSONRPC
import ResourcesAPI

/// A row of the `resource` table.
struct ResourceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "resource"
    var id: String
    var studioID: String
    var title: String
    var type: String
    var year: Int
    var visibility: String
    var authorID: String
    var createdAt: Date

    init(_ resource: Resource) {
        self.id = resource.id
        self.studioID = resource.studioID
        self.title = resource.title
        self.type = resource.type.rawValue
        self.year = resource.year
        self.visibility = resource.visibility.rawValue
        self.authorID = resource.authorID
        self.createdAt = resource.createdAt
    }

    func resource() throws -> Resource {
        guard let type = ResourceType(rawValue: self.type), let visibility = Visibility(rawValue: self.visibility) else {
            throw RPCError.internalError("resource \(self.id) holds values this version does not know")
        }
        return Resource(id: self.id, studioID: self.studioID, title: self.title, type: type, year: self.year,
                        visibility: visibility, authorID: self.authorID, createdAt: self.createdAt)
    }
}
