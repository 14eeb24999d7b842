import Auth
import Foundation
import GRDB
import JSONRPC
import NIOCore
import NIOFileSystem
import Programme
import RPCServer
import ResourcesAPI

/// `PUT`, `HEAD` and `GET /files/{sha256}`: files stream to and from disk without JSON wrapping.
///
/// Uploads are open to teachers (and the office and services, for imports); a file only becomes part of a studio through `createResource`,
/// which checks the studio. Downloads are allowed to whoever may see one of the resources naming the file, or
/// uploaded it; an unknown file and a file the caller may not see both answer 404, so names cannot be probed.
struct FileRoutes: Sendable {
    let store: FileStore
    let access: ResourceAccess

    var route: StreamRoute {
        StreamRoute(pathPrefix: "/files/", methods: ["PUT", "GET", "HEAD"]) { request, writer in
            let sha256 = request.subpath
            guard StoredFileName.isSHA256(sha256) else {
                throw RPCError.invalidArgument("the path must be /files/ and a SHA-256 in lowercase hex", field: "sha256")
            }
            switch request.method {
            case "PUT": try await self.upload(sha256, request, writer)
            default: try await self.download(sha256, request, writer)
            }
        }
    }

    private func upload(_ sha256: String, _ request: StreamRequest, _ writer: any StreamResponseWriter) async throws {
        guard let caller = request.principal else {
            throw RPCError.unauthenticated("uploading needs an access token (authorization: Bearer …)")
        }
        guard caller.has(.teacher) || caller.has(.provinceOffice) || caller.has(.service) else {
            throw RPCError.permissionDenied("teachers upload their studios' files (and the province office, for imports)")
        }
        let stored = try await self.store.store(
            sha256,
            body: request.body,
            declaredLength: request.contentLength,
            uploader: caller.subject,
            logger: request.logger
        )
        try await writer.writeJSON(status: stored.created ? 201 : 200, Array(try JSONCoding.encoder.encode(stored)))
    }

    private func download(_ sha256: String, _ request: StreamRequest, _ writer: any StreamResponseWriter) async throws {
        guard let blob = try await self.store.blob(sha256), try await self.mayDownload(sha256, blob, request.principal) else {
            throw RPCError.notFound("no file \(sha256) that the caller may see", field: "sha256")
        }
        var headers: [(String, String)] = [
            ("content-type", blob.mediaType), ("accept-ranges", "bytes"), ("etag", "\"\(sha256)\""),
            ("cache-control", "private, max-age=31536000, immutable"),
        ]
        if let name = request.query["name"], !name.isEmpty {
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
            headers.append(("content-disposition", "attachment; filename*=UTF-8''\(encoded)"))
        }
        let range: Range<Int64>
        switch ByteRange.parse(request.headers["range"], size: blob.size) {
        case .whole:
            range = 0..<blob.size
            try await writer.writeHead(status: 200, headers: headers + [("content-length", String(blob.size))])
        case .partial(let partial):
            range = partial
            try await writer.writeHead(
                status: 206,
                headers: headers + [
                    ("content-length", String(partial.count)),
                    ("content-range", "bytes \(partial.lowerBound)-\(partial.upperBound - 1)/\(blob.size)"),
                ]
            )
        case .unsatisfiable:
            try await writer.writeHead(status: 416, headers: [("content-range", "bytes */\(blob.size)"), ("content-length", "0")])
            try await writer.end()
            return
        }
        if request.method == "GET", !range.isEmpty {
            try await FileSystem.shared.withFileHandle(forReadingAt: self.store.path(of: sha256)) { handle in
                for try await chunk in handle.readChunks(in: range, chunkLength: .kibibytes(256)) {
                    try await writer.writeBody(chunk)
                }
            }
        }
        try await writer.end()
    }

    /// Whether `caller` uploaded the file's bytes, or may see a resource naming it.
    private func mayDownload(_ sha256: String, _ blob: BlobRecord, _ caller: Principal?) async throws -> Bool {
        if let caller, try await self.store.uploaded(sha256, by: caller.subject) { return true }
        let records = try await self.store.database.read { db in
            try ResourceRecord.fetchAll(
                db,
                sql: """
                    SELECT r.* FROM resource r JOIN resourceFile f ON f.resourceID = r.id WHERE f.sha256 = ?
                    """,
                arguments: [sha256]
            )
        }
        if records.contains(where: { $0.visibility == .public }) { return true }
        guard caller != nil, !records.isEmpty else { return false }
        let viewer = try await self.access.viewer(caller)
        return records.contains(where: viewer.mayView)
    }
}

/// A `range` header (RFC 9110 §14.1.2), single ranges only: several ranges are answered with the whole file, as the
/// RFC allows.
enum ByteRange: Equatable {
    case whole
    case partial(Range<Int64>)
    case unsatisfiable

    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        if parts[0].isEmpty {
            // The last N bytes.
            guard let suffix = Int64(parts[1]), suffix > 0 else { return .unsatisfiable }
            return size == 0 ? .unsatisfiable : .partial(max(0, size - suffix)..<size)
        }
        guard let start = Int64(parts[0]) else { return .whole }
        guard start < size else { return .unsatisfiable }
        if parts[1].isEmpty { return .partial(start..<size) }
        guard let end = Int64(parts[1]), end >= start else { return .whole }
        // `end` may be as large as Int64 allows: compare before adding one.
        return .partial(start..<(end >= size - 1 ? size : end + 1))
    }
}
