import Crypto
import Foundation
import JSONRPC

/// Scanned application forms on disk, content-addressed by SHA-256 under `<data-dir>/forms/`: the same scan
/// uploaded twice is kept once, and a file is renamed into place only once fully written, so a crash leaves no
/// visible partial form.
struct FormStore: Sendable {
    let directory: URL
    static let maxBytes = 5 << 20

    /// JPEG, PNG or PDF, recognised by their first bytes whatever the file was called.
    static func contentType(of data: Data) -> String? {
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if data.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }

    /// Checks and stores a base64-encoded form; its SHA-256 (hex) and media type.
    func store(base64: String, field: String) throws -> (sha256: String, contentType: String) {
        guard base64.count <= (Self.maxBytes / 3 + 1) * 4 + 4 else {
            throw IdentityError.formTooLarge(maxBytes: Self.maxBytes, field: field, streamed: false)
        }
        guard let data = Data(base64Encoded: base64) else {
            throw RPCError.invalidArgument("the form is not valid base64", field: field)
        }
        guard data.count <= Self.maxBytes else {
            throw IdentityError.formTooLarge(maxBytes: Self.maxBytes, field: field, streamed: false)
        }
        guard let type = Self.contentType(of: data) else {
            throw IdentityError.formNotAScan(field: field)
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let target = self.directory.appendingPathComponent(digest)
        if !FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
            // .atomic writes a temporary file beside the target and renames it into place.
            try data.write(to: target, options: .atomic)
        }
        return (digest, type)
    }

    func read(sha256: String) throws -> Data {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else {
            throw RPCError.internalError("stored form reference is not a SHA-256")
        }
        return try Data(contentsOf: self.directory.appendingPathComponent(sha256))
    }
}
