import Crypto
import Foundation
import GRDB
import JSONRPC
import Logging
import NIOCore
import NIOFileSystem
import RPCServer
import ResourcesAPI

/// Files stored by content: `<data-dir>/files/<first two hex digits>/<sha256>`.
///
/// A file becomes visible under its name only once it is complete, its digest matches the name and it is on disk
/// (NIOFileSystem's transactional creation: an unnamed file linked into place on close), and its `blob` row is
/// written only after that. So a crash mid-upload leaves nothing visible, and a row always names a whole file. A
/// crash between the link and the row leaves a file without a row: ``sweep(graceSeconds:)`` removes it.
struct FileStore: Sendable {
    let root: FilePath
    let database: any DatabaseWriter
    let limits: FileLimits

    init(dataDirectory: String, database: any DatabaseWriter, limits: FileLimits) {
        self.root = FilePath(dataDirectory).appending("files")
        self.database = database
        self.limits = limits
    }

    func path(of sha256: String) -> FilePath {
        self.root.appending(String(sha256.prefix(2))).appending(sha256)
    }

    /// The stored file's row, if the content is stored.
    func blob(_ sha256: String) async throws -> BlobRecord? {
        try await self.database.read { db in try BlobRecord.fetchOne(db, key: sha256) }
    }

    /// Stores the body under `sha256`, checking type, size and digest as it streams.
    /// - Throws: `INVALID_ARGUMENT` (type, digest, empty), `RESOURCE_EXHAUSTED` (too big, disk full).
    func store(
        _ sha256: String,
        body: StreamRequestBody,
        declaredLength: Int64?,
        uploader: String,
        logger: Logger
    ) async throws -> StoredFile {
        if let declaredLength, declaredLength > self.limits.largest {
            throw RPCError(
                .resourceExhausted,
                "the file's \(declaredLength) bytes exceed the largest limit of \(self.limits.largest)",
                field: "file"
            )
        }
        if let existing = try await self.blob(sha256), try await FileSystem.shared.info(forFileAt: self.path(of: sha256)) != nil {
            // Kept once: read the body to its end so the client sees a clean answer, but write nothing.
            for try await _ in body {}
            try await self.recordUploader(sha256, uploader)
            return StoredFile(sha256: sha256, size: existing.size, mediaType: existing.mediaType, created: false)
        }
        let directory = self.path(of: sha256).removingLastComponent()
        try await FileSystem.shared.createDirectory(at: directory, withIntermediateDirectories: true, permissions: nil)
        let written: (size: Int64, type: SniffedType)
        do {
            written = try await FileSystem.shared.withFileHandle(
                forWritingAt: self.path(of: sha256),
                options: .newFile(replaceExisting: false)
            ) { handle in
                try await self.write(body, to: handle, expecting: sha256)
            }
        } catch let error as FileSystemError where error.code == .fileAlreadyExists {
            // A concurrent upload of the same content finished first: its bytes are the same.
            for try await _ in body {}
            guard let info = try await FileSystem.shared.info(forFileAt: self.path(of: sha256)) else { throw error }
            if let stored = try await self.blob(sha256) {
                try await self.recordUploader(sha256, uploader)
                return StoredFile(sha256: sha256, size: stored.size, mediaType: stored.mediaType, created: false)
            }
            // A file linked just before a crash, before its row: complete by construction, so record it now.
            let type = try await self.sniffStored(sha256) ?? SniffedType(mediaType: "application/octet-stream", kind: .document)
            let record = BlobRecord(
                sha256: sha256,
                size: info.size,
                mediaType: type.mediaType,
                kind: type.kind.rawValue,
                uploadedBy: uploader,
                createdAt: Date()
            )
            try await self.database.write { db in try record.insert(db, onConflict: .ignore) }
            try await self.recordUploader(sha256, uploader)
            return StoredFile(sha256: sha256, size: info.size, mediaType: type.mediaType, created: false)
        } catch let error as FileSystemError {
            logger.error("file store failed", metadata: ["sha256": "\(sha256)", "error": "\(error)"])
            throw Self.rpcError(error)
        }
        try await self.synchronizeDirectory(directory)
        let record = BlobRecord(
            sha256: sha256,
            size: written.size,
            mediaType: written.type.mediaType,
            kind: written.type.kind.rawValue,
            uploadedBy: uploader,
            createdAt: Date()
        )
        try await self.database.write { db in try record.insert(db, onConflict: .ignore) }
        try await self.recordUploader(sha256, uploader)
        return StoredFile(sha256: sha256, size: written.size, mediaType: written.type.mediaType, created: true)
    }

    private func write(
        _ body: StreamRequestBody,
        to handle: WriteFileHandle,
        expecting sha256: String
    )
        async throws -> (size: Int64, type: SniffedType)
    {
        var writer = handle.bufferedWriter(capacity: .mebibytes(1))
        var hasher = SHA256()
        var prefix: [UInt8] = []
        var type: SniffedType?
        var size: Int64 = 0
        for try await chunk in body {
            size += Int64(chunk.readableBytes)
            if type == nil {
                prefix += chunk.readableBytesView.prefix(FileSniffer.prefixLength - prefix.count)
                if prefix.count >= FileSniffer.prefixLength {
                    type = FileSniffer.sniff(prefix)
                    guard type != nil else { throw FileSniffer.refusal }
                }
            }
            let limit = type.map { self.limits.limit(for: $0.kind) } ?? self.limits.largest
            guard size <= limit else {
                throw RPCError(
                    .resourceExhausted,
                    "the file exceeds the limit of \(limit) bytes for \(type?.kind.rawValue ?? "any") files",
                    field: "file"
                )
            }
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            try await writer.write(contentsOf: chunk)
        }
        guard size > 0 else { throw RPCError.invalidArgument("the file is empty", field: "file") }
        guard let type = type ?? FileSniffer.sniff(prefix) else { throw FileSniffer.refusal }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        guard digest == sha256 else {
            throw RPCError.invalidArgument(
                "the content's SHA-256 is \(digest), not the \(sha256) the path names",
                field: "sha256"
            )
        }
        try await writer.flush()
        try await handle.synchronize()
        return (size, type)
    }

    /// Whether `uploader` sent these bytes (and so may fetch them back).
    func uploaded(_ sha256: String, by uploader: String) async throws -> Bool {
        try await self.database.read { db in
            try UploadRecord.exists(db, key: ["sha256": sha256, "uploadedBy": uploader])
        }
    }

    private func recordUploader(_ sha256: String, _ uploader: String) async throws {
        try await self.database.write { db in
            try UploadRecord(sha256: sha256, uploadedBy: uploader).insert(db, onConflict: .ignore)
        }
    }

    private func sniffStored(_ sha256: String) async throws -> SniffedType? {
        try await FileSystem.shared.withFileHandle(forReadingAt: self.path(of: sha256)) { handle in
            let prefix = try await handle.readChunk(fromAbsoluteOffset: 0, length: .bytes(Int64(FileSniffer.prefixLength)))
            return FileSniffer.sniff(Array(prefix.readableBytesView))
        }
    }

    /// Makes the new directory entry durable: an acknowledged upload survives a power cut.
    private func synchronizeDirectory(_ directory: FilePath) async throws {
        try await FileSystem.shared.withDirectoryHandle(atPath: directory) { handle in try await handle.synchronize() }
    }

    /// Removes stored files nothing keeps: files without a `blob` row (a crash between link and row), and files no
    /// resource names, uploaded more than `graceSeconds` ago (an upload whose resource was never created).
    /// - Returns: how many files were removed.
    @discardableResult
    func sweep(graceSeconds: TimeInterval) async throws -> Int {
        guard try await FileSystem.shared.info(forFileAt: self.root) != nil else { return 0 }
        let cutoff = Date().addingTimeInterval(-graceSeconds)
        let unreferenced = try await self.database.write { db -> [String] in
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT sha256 FROM blob WHERE createdAt < ? AND NOT EXISTS
                      (SELECT 1 FROM resourceFile WHERE resourceFile.sha256 = blob.sha256)
                    """,
                arguments: [cutoff]
            )
            for name in names { try db.execute(sql: "DELETE FROM blob WHERE sha256 = ?", arguments: [name]) }
            return names
        }
        var removed = 0
        for name in unreferenced {
            removed += try await FileSystem.shared.removeItem(at: self.path(of: name), recursively: false)
        }
        let known = Set(try await self.database.read { db in try String.fetchAll(db, sql: "SELECT sha256 FROM blob") })
        try await FileSystem.shared.withDirectoryHandle(atPath: self.root) { directory in
            for try await entry in directory.listContents(recursive: true) where entry.type == .regular {
                let name = entry.name.string
                guard !known.contains(name) else { continue }
                removed += try await FileSystem.shared.removeItem(at: entry.path, recursively: false)
            }
        }
        return removed
    }

    static func rpcError(_ error: FileSystemError) -> RPCError {
        switch error.code {
        case .resourceExhausted: RPCError(.resourceExhausted, "the file store is full", field: "file")
        default: RPCError.internalError("the file could not be stored")
        }
    }
}

/// A row of the `blob` table: a stored file.
struct BlobRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "blob"
    var sha256: String
    var size: Int64
    var mediaType: String
    var kind: String
    var uploadedBy: String
    var createdAt: Date
}
