import GRDB
import JSONRPC

/// A row this version of the service cannot read (a value outside its enums, a missing part): the same answer from
/// every service, INTERNAL naming the table and the row, so an operator can find it; the caller's input never
/// produces one.
public struct StoredRowError: Error, RPCErrorConvertible, CustomStringConvertible {
    public let table: String
    public let id: String

    public init(table: String, id: String) {
        self.table = table
        self.id = id
    }

    public var description: String { "\(self.table) \(self.id) is stored in a form this version cannot read" }

    public var rpcError: RPCError { RPCError.internalError(self.description).caused(by: self) }
}

extension StoredRowError {
    /// `Record` decoded from `row` through Codable; a row that does not decode (a value outside an enum's cases, a
    /// NULL where one is needed) is the StoredRowError naming it by the values of `idColumns`.
    public static func decode<Record: FetchableRecord & Decodable>(
        _ type: Record.Type,
        from row: Row,
        table: String,
        idColumns: [String]
    ) throws -> Record {
        do {
            return try FetchableRecordDecoder().decode(Record.self, from: row)
        } catch {
            let id = idColumns.map { (try? row.decode(String?.self, forColumn: $0)).flatMap { $0 } ?? "?" }
            throw StoredRowError(table: table, id: id.joined(separator: "/"))
        }
    }
}
