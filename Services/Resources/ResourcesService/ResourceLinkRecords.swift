import Foundation
import GRDB

// The tables hung on a resource, a record type each (GRDB's recommended practice: columns named from the coding
// keys; a row that does not decode throws instead of trapping as a non-optional `row["…"]` would).

/// A row of `resourceFile`: one of a resource's files, in the order the author gave.
struct ResourceFileRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "resourceFile"
    var resourceID: String
    var position: Int
    var sha256: String
    var fileName: String

    enum Columns {
        static let resourceID = Column(CodingKeys.resourceID)
        static let position = Column(CodingKeys.position)
        static let sha256 = Column(CodingKeys.sha256)
        static let fileName = Column(CodingKeys.fileName)
    }
}

/// A row of `resourceTag`: one tag of a resource, for the tag filter of the search.
struct ResourceTagRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "resourceTag"
    var resourceID: String
    var tag: String

    enum Columns {
        static let resourceID = Column(CodingKeys.resourceID)
        static let tag = Column(CodingKeys.tag)
    }
}

/// A row of `seriesItem`: one resource of a themed series, in the series' order (R-TASK-4).
struct SeriesItemRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "seriesItem"
    var seriesID: String
    var position: Int
    var itemID: String

    enum Columns {
        static let seriesID = Column(CodingKeys.seriesID)
        static let position = Column(CodingKeys.position)
        static let itemID = Column(CodingKeys.itemID)
    }
}

/// A row of `premium`: a premium mark in force for one year (R-TASK-5); every mark and withdrawal is also a
/// `resourceEvent`.
struct PremiumRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "premium"
    var resourceID: String
    var year: Int
    var studioID: String
    var reason: String
    var markedBy: String
    var markedAt: Date

    enum Columns {
        static let resourceID = Column(CodingKeys.resourceID)
        static let year = Column(CodingKeys.year)
        static let studioID = Column(CodingKeys.studioID)
        static let markedAt = Column(CodingKeys.markedAt)
    }
}

/// A row of `upload`: someone who sent a stored file's bytes, and so may fetch them back.
struct UploadRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "upload"
    var sha256: String
    var uploadedBy: String
}
