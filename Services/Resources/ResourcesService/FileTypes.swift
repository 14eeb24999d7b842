import JSONRPC

/// The kinds of file a resource may carry, each with its own size limit.
public enum FileKind: String, Sendable, CaseIterable {
    case document, image, audio, video
}

/// The largest file of each kind the service stores (configurable; video the largest).
public struct FileLimits: Sendable, Equatable {
    public var bytes: [FileKind: Int64]

    public init(bytes: [FileKind: Int64]) { self.bytes = bytes }

    public static let `default` = FileLimits(bytes: [
        .document: 200 << 20, .image: 50 << 20, .audio: 500 << 20, .video: 4 << 30,
    ])

    public func limit(for kind: FileKind) -> Int64 { self.bytes[kind] ?? 0 }

    /// The largest limit of any kind: a declared length above it is refused before reading.
    public var largest: Int64 { self.bytes.values.max() ?? 0 }
}

/// A type recognised from a file's first bytes.
struct SniffedType: Sendable, Equatable {
    let mediaType: String
    let kind: FileKind
}

/// Recognises the allowed file types from their magic bytes, never from the name or the declared content type.
///
/// Written by hand: the allow-list is short and fixed, and no Swift server library sniffs content types.
enum FileSniffer {
    /// How many leading bytes ``sniff(_:)`` needs to decide.
    static let prefixLength = 16

    static func sniff(_ bytes: [UInt8]) -> SniffedType? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<offset + magic.count]) == magic
        }
        let ascii = { (text: String) in Array(text.utf8) }
        if starts(ascii("%PDF-")) { return SniffedType(mediaType: "application/pdf", kind: .document) }
        // docx, pptx, xlsx (and other zip-packaged office documents).
        if starts([0x50, 0x4B, 0x03, 0x04]) { return SniffedType(mediaType: "application/zip", kind: .document) }
        // doc, ppt, xls (OLE compound files).
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return SniffedType(mediaType: "application/x-ole-storage", kind: .document)
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return SniffedType(mediaType: "image/png", kind: .image) }
        if starts([0xFF, 0xD8, 0xFF]) { return SniffedType(mediaType: "image/jpeg", kind: .image) }
        if starts(ascii("GIF87a")) || starts(ascii("GIF89a")) { return SniffedType(mediaType: "image/gif", kind: .image) }
        if starts(ascii("RIFF")), starts(ascii("WEBP"), at: 8) { return SniffedType(mediaType: "image/webp", kind: .image) }
        if starts(ascii("RIFF")), starts(ascii("WAVE"), at: 8) { return SniffedType(mediaType: "audio/wav", kind: .audio) }
        if starts(ascii("ID3")) || starts([0xFF, 0xFB]) || starts([0xFF, 0xF3]) || starts([0xFF, 0xF2]) {
            return SniffedType(mediaType: "audio/mpeg", kind: .audio)
        }
        // ISO base media (mp4, mov, m4a): a box of type `ftyp` first.
        if starts(ascii("ftyp"), at: 4) {
            let brand = String(decoding: bytes[8..<min(12, bytes.count)], as: UTF8.self)
            if brand.hasPrefix("M4A") { return SniffedType(mediaType: "audio/mp4", kind: .audio) }
            if brand == "qt  " { return SniffedType(mediaType: "video/quicktime", kind: .video) }
            return SniffedType(mediaType: "video/mp4", kind: .video)
        }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return SniffedType(mediaType: "video/webm", kind: .video) }
        return nil
    }

    /// The refusal for content that is none of the allowed types.
    static var refusal: RPCError {
        .invalidArgument(
            "the file is not an allowed type: PDF, Office (docx/pptx/xlsx, doc/ppt/xls), PNG, JPEG, GIF, WebP, MP3, WAV, M4A, MP4, MOV, WebM",
            field: "file"
        )
    }
}
