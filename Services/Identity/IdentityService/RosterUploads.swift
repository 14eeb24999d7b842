import Auth
import Foundation
import GRDB
import IdentityAPI
import JSONRPC
import NIOCore
import Programme
import RPCServer
import Synchronization

/// `PUT /imports/accounts?mode=allOrNothing|perRow`: a teacher-training system roster (CSV) larger than a JSON-RPC
/// body may be (60,000 teachers are about 6 MB) streamed to identity and imported as `identity.importAccounts` does,
/// in one transaction. One import runs at a time and a body is held to 64 MiB, so the memory of concurrent large
/// imports is bounded by one of them.
struct RosterUploads: Sendable {
    let database: any DatabaseWriter
    static let maxBytes = 64 << 20
    private let running = ImportSlot()

    /// Whether an import is running: one at a time.
    final class ImportSlot: Sendable {
        private let taken = Atomic<Bool>(false)
        func claim() -> Bool { self.taken.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged }
        func free() { self.taken.store(false, ordering: .releasing) }
    }

    init(database: any DatabaseWriter) { self.database = database }

    var route: StreamRoute {
        StreamRoute(pathPrefix: "/imports/", methods: ["PUT"]) { request, writer in
            guard request.subpath == "accounts" else {
                throw RPCError.notFound("no import \(request.subpath): PUT /imports/accounts", field: "path")
            }
            guard let caller = request.principal else {
                throw RPCError.unauthenticated("importing needs an access token (authorization: Bearer …)")
            }
            guard caller.has(.provinceOffice) else { throw RPCError.permissionDenied("the province office imports rosters") }
            let modeText = request.query["mode"] ?? ImportAccountsRequest.Mode.allOrNothing.rawValue
            guard let mode = ImportAccountsRequest.Mode(rawValue: modeText) else {
                throw RPCError.invalidArgument("mode must be allOrNothing or perRow", field: "mode")
            }
            if let length = request.contentLength, length > Int64(Self.maxBytes) {
                throw RPCError(.resourceExhausted, "a roster is at most \(Self.maxBytes >> 20) MiB", field: "csv")
            }
            guard self.running.claim() else {
                throw RPCError(.resourceExhausted, "another roster import is running; try again when it has finished")
            }
            defer { self.running.free() }
            var bytes = ByteBuffer()
            for try await chunk in request.body {
                guard bytes.readableBytes + chunk.readableBytes <= Self.maxBytes else {
                    throw RPCError(.resourceExhausted, "a roster is at most \(Self.maxBytes >> 20) MiB", field: "csv")
                }
                var chunk = chunk
                bytes.writeBuffer(&chunk)
            }
            // Strictly: a malformed sequence is refused, never replaced.
            guard let csv = String(validating: bytes.readableBytesView, as: UTF8.self) else {
                throw RPCError.invalidArgument("the roster is not UTF-8 text", field: "csv")
            }
            let report = try await AccountImport.run(ImportAccountsRequest(csv: csv, mode: mode), database: self.database)
            try await writer.writeJSON(status: 200, Array(try JSONCoding.encoder.encode(report)))
        }
    }
}
