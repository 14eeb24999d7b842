import Foundation
import GRDB
import JSONRPC

/// Opens a service's own SQLite database and brings its schema up to date.
public enum ServiceDatabase {
    /// Opens (creating if needed) `<directory>/<service>.sqlite` as a WAL `DatabasePool` and runs `migrator`.
    /// - Throws: ``StartupError`` naming the directory or file when it cannot be created, opened or migrated.
    public static func open(directory: String, service: String, migrator: DatabaseMigrator) throws -> DatabasePool {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StartupError("cannot create data directory \(directory): \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw StartupError("data directory \(directory) is not writable")
        }
        let path = URL(fileURLWithPath: directory).appendingPathComponent("\(service).sqlite").path
        do {
            let pool = try DatabasePool(path: path, configuration: Self.configuration())
            try Self.migrator(including: migrator).migrate(pool)
            return pool
        } catch {
            throw StartupError("cannot open or migrate database \(path): \(error)")
        }
    }

    /// A read-only connection of its own to the service's database file, for the primary-key reads that
    /// handlers answer on the event loop. One SELECT is consistent by itself, so it needs no pooled reader: a
    /// `DatabasePool` read checks a reader out (a generic key path built per call) and re-reads the schema version
    /// (one more SQLite statement), 14 % of such a call's time here (perf). Reads through it are serialized.
    public static func openInlineReader(path: String) throws -> DatabaseQueue {
        var configuration = Self.configuration()
        configuration.readonly = true
        configuration.label = "inline-reader"
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StartupError("cannot open database \(path) for reading: \(error)")
        }
    }

    /// An in-memory database with the same migrations, for unit tests.
    public static func inMemory(migrator: DatabaseMigrator) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: Self.configuration())
        try Self.migrator(including: migrator).migrate(queue)
        return queue
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        // Two processes opening a new file at once can meet SQLITE_BUSY before WAL is set (STACK-NOTES.md).
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        return configuration
    }

    /// The service's migrations, preceded by the runtime's own tables.
    static func migrator(including service: DatabaseMigrator) -> DatabaseMigrator {
        var migrator = service
        migrator.registerMigration("runtime-v1-idempotency") { db in
            try db.create(table: IdempotencyRecord.databaseTableName, ifNotExists: true) { table in
                table.column("key", .text).notNull()
                table.column("method", .text).notNull()
                table.column("caller", .text).notNull()
                table.column("response", .blob).notNull()
                table.column("createdAt", .datetime).notNull()
                table.primaryKey(["key", "method", "caller"])
            }
        }
        return migrator
    }
}

/// A configuration or start-up problem, reported in one line before the process exits non-zero.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
