import Auth
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import Programme
import ResourcesAPI
import ServiceKit

/// One search: filters, text and the caller's visibility turned into one SQL query, newest first, keyset-paged.
///
/// Text terms of three or more characters go through the FTS5 trigram index (which matches Chinese without word
/// segmentation); shorter terms, common in Chinese (e.g. 数学), cannot use trigrams and are matched with LIKE.
struct ResourceSearch {
    private var conditions: [String] = []
    private var arguments: [any DatabaseValueConvertible] = []
    let pageSize: Int

    init(request: SearchResourcesRequest, viewer: ResourceAccess.Viewer) throws {
        self.pageSize = request.pageSize ?? 20
        self.addVisibility(viewer)
        if let studioID = request.studioID { self.add("resource.studioID = ?", studioID) }
        if let type = request.type { self.add("resource.type = ?", type.rawValue) }
        if let stage = request.stage { self.add("resource.stage = ?", stage.rawValue) }
        if let subject = request.subject { self.add("resource.subject = ?", subject) }
        if let year = request.year { self.add("resource.year = ?", year) }
        if let tag = request.tag {
            self.add("resource.id IN (SELECT resourceID FROM resourceTag WHERE tag = ?)", tag)
        }
        if let premium = request.premium {
            var marked = "(EXISTS (SELECT 1 FROM premium p WHERE p.resourceID = resource.id) OR resource.microOutcome = 'selected')"
            if let year = request.year {
                marked =
                    "(EXISTS (SELECT 1 FROM premium p WHERE p.resourceID = resource.id AND p.year = ?) OR (resource.microOutcome = 'selected' AND resource.microYear = ?))"
                self.arguments += [year, year]
            }
            self.conditions.append(premium ? marked : "NOT \(marked)")
        }
        for term in (request.text ?? "").split(whereSeparator: \.isWhitespace).map(String.init) {
            if term.count >= 3 {
                let phrase = "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                self.add("resource.rowid IN (SELECT rowid FROM resourceSearch WHERE resourceSearch MATCH ?)", phrase)
            } else {
                let pattern =
                    "%"
                    + term.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                self.conditions.append(
                    "(resource.title LIKE ? ESCAPE '\\' OR resource.description LIKE ? ESCAPE '\\' OR resource.tags LIKE ? ESCAPE '\\')"
                )
                self.arguments += [pattern, pattern, pattern]
            }
        }
        if let token = request.pageToken {
            let lastID = try PageToken.decodeString(token)
            self.add("(resource.createdAt, resource.id) < (SELECT createdAt, id FROM resource WHERE id = ?)", lastID)
        }
    }

    private mutating func add(_ condition: String, _ argument: any DatabaseValueConvertible) {
        self.conditions.append(condition)
        self.arguments.append(argument)
    }

    private mutating func addVisibility(_ viewer: ResourceAccess.Viewer) {
        guard let principal = viewer.principal else {
            self.conditions.append("resource.visibility = 'public'")
            return
        }
        if viewer.seesEverything { return }
        var visible = ["resource.visibility <> 'studioMembers'", "resource.authorID = ?"]
        self.arguments.append(principal.subject)
        if !viewer.studios.isEmpty {
            visible.append("resource.studioID IN (\(databaseQuestionMarks(count: viewer.studios.count)))")
            self.arguments += viewer.studios.sorted()
        }
        if principal.has(.cityAdmin), let city = principal.city {
            visible.append("resource.city = ?")
            self.arguments.append(city)
        }
        if principal.has(.countyAdmin), let city = principal.city, let county = principal.county {
            visible.append("(resource.city = ? AND resource.county = ?)")
            self.arguments += [city, county]
        }
        self.conditions.append("(" + visible.joined(separator: " OR ") + ")")
    }

    func run(_ db: Database) throws -> ResourcePage {
        let filter = self.conditions.isEmpty ? "" : "WHERE " + self.conditions.joined(separator: " AND ")
        let records = try ResourceRecord.fetchAll(
            db,
            sql: """
                SELECT resource.* FROM resource \(filter)
                ORDER BY resource.createdAt DESC, resource.id DESC LIMIT ?
                """,
            arguments: StatementArguments(self.arguments + [self.pageSize + 1])
        )
        let page = Array(records.prefix(self.pageSize))
        let next = records.count > self.pageSize ? page.last.map { PageToken.encode($0.id) } : nil
        return ResourcePage(resources: try ResourceReader.load(db, records: page), nextPageToken: next)
    }
}
