import Auth
import Crypto
import Foundation
import GRDB
import JSONRPC
import MembershipAPI
import NIOCore
import NIOFileSystem
import Programme
import RPCServer

/// `PUT /forms/{sha256}`: a teacher uploads the stamped form of a subject-leader application (R-APP-7) as a stream,
/// before applying with its digest. The body goes to disk chunk by chunk (HTTP/2 flow control holds the client to
/// the pace of the disk), so a 5 MiB scan never sits in memory and JSON-RPC bodies stay within 1 MiB.
struct FormUploads: Sendable {
    let store: FormStore
    let database: any DatabaseWriter

    var route: StreamRoute {
        StreamRoute(pathPrefix: "/forms/", methods: ["PUT"]) { request, writer in
            let sha256 = request.subpath
            try Field.sha256(sha256, "sha256")
            guard let caller = request.principal else {
                throw RPCError.unauthenticated("uploading a form needs an access token (authorization: Bearer …)")
            }
            guard caller.has(.teacher) else { throw RPCError.permissionDenied("teachers upload their own application forms") }
            let stored = try await self.store.store(sha256, body: request.body, declaredLength: request.contentLength)
            try await self.database.write { db in
                try FormUploadRecord(
                    sha256: sha256,
                    uploadedBy: caller.subject,
                    contentType: stored.contentType,
                    size: Int64(stored.size),
                    uploadedAt: Date()
                ).insert(db, onConflict: .ignore)
            }
            let answer: JSONValue = [
                "sha256": .string(sha256), "contentType": .string(stored.contentType),
                "size": .int(Int(stored.size)),
            ]
            try await writer.writeJSON(status: stored.created ? 201 : 200, Array(try JSONCoding.encoder.encode(answer)))
        }
    }

    /// The media type of the form `sha256` that `uploader` sent, or nil if they sent none with that digest.
    static func uploaded(_ sha256: String, by uploader: String, _ db: Database) throws -> String? {
        try FormUploadRecord.fetchOne(db, key: ["sha256": sha256, "uploadedBy": uploader])?.contentType
    }
}

extension FormStore {
    /// Streams `body` to disk under `sha256`, checking size, type and digest on the way; renamed into place only once
    /// whole and verified.
    func store(
        _ sha256: String,
        body: StreamRequestBody,
        declaredLength: Int64?
    ) async throws
        -> (contentType: String, size: Int64, created: Bool)
    {
        if let declaredLength, declaredLength > Int64(Self.maxBytes) {
            throw IdentityError.formTooLarge(maxBytes: Self.maxBytes, field: "form", streamed: true)
        }
        let directory = FilePath(self.directory.path)
        try await FileSystem.shared.createDirectory(at: directory, withIntermediateDirectories: true, permissions: nil)
        let partial = directory.appending(".upload-" + UUID().uuidString.lowercased())
        do {
            let (size, type) = try await FileSystem.shared.withFileHandle(
                forWritingAt: partial,
                options: .newFile(replaceExisting: false)
            ) { handle in
                var writer = handle.bufferedWriter(capacity: .kibibytes(256))
                var hasher = SHA256()
                var prefix = Data()
                var size: Int64 = 0
                for try await chunk in body {
                    size += Int64(chunk.readableBytes)
                    guard size <= Int64(Self.maxBytes) else {
                        throw IdentityError.formTooLarge(maxBytes: Self.maxBytes, field: "form", streamed: true)
                    }
                    if prefix.count < 8 { prefix.append(contentsOf: chunk.readableBytesView.prefix(8 - prefix.count)) }
                    chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                    try await writer.write(contentsOf: chunk)
                }
                guard let type = Self.contentType(of: prefix) else {
                    throw IdentityError.formNotAScan(field: "form")
                }
                let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                guard digest == sha256 else {
                    throw RPCError.invalidArgument("the content's SHA-256 is \(digest), not the \(sha256) the path names", field: "sha256")
                }
                try await writer.flush()
                try await handle.synchronize()
                return (size, type)
            }
            do {
                try await FileSystem.shared.moveItem(at: partial, to: directory.appending(sha256))
                return (type, size, true)
            } catch let error as FileSystemError where error.code == .fileAlreadyExists {
                // Stored already (or by a concurrent upload of the same bytes: the digest says they are the same).
                _ = try? await FileSystem.shared.removeItem(at: partial)
                return (type, size, false)
            }
        } catch {
            _ = try? await FileSystem.shared.removeItem(at: partial)
            throw error
        }
    }
}
