import Foundation

/// Reads the top-level members of a request object straight from its bytes: the `method` name and whether
/// `params` is there. With the name known, dispatch decodes the whole request with the method's own params type
/// in one pass instead of two (envelope, then params).
///
/// Written by hand because Foundation's `JSONDecoder` cannot read one member without parsing and decoding the
/// whole document, and that second full decode cost ~5 % of a one-row read (perf). It only ever answers for
/// plain requests; anything unusual (escapes in the name, duplicate members, trailing bytes, not an object) gives
/// nil, and the two-pass path — which reports every error precisely — runs instead.
struct EnvelopeScan {
    struct Envelope: Equatable {
        var method: String
        /// Whether `params` is present (it is then an object).
        var hasParams: Bool
    }

    static func scan(_ body: Data) -> Envelope? {
        body.withUnsafeBytes { raw in
            var scanner = EnvelopeScan(bytes: raw.bindMemory(to: UInt8.self))
            return scanner.envelope()
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private static let methodKey = Array("method".utf8)
    private static let paramsKey = Array("params".utf8)

    private mutating func envelope() -> Envelope? {
        self.skipBlanks()
        guard self.take(UInt8(ascii: "{")) else { return nil }
        var method: String?
        var hasParams = false
        self.skipBlanks()
        if self.take(UInt8(ascii: "}")) { return nil }
        while true {
            self.skipBlanks()
            guard let key = self.plainString() else { return nil }
            self.skipBlanks()
            guard self.take(UInt8(ascii: ":")) else { return nil }
            self.skipBlanks()
            if key.elementsEqual(Self.methodKey) {
                guard method == nil, let name = self.plainString() else { return nil }
                method = String(decoding: name, as: UTF8.self)
            } else {
                if key.elementsEqual(Self.paramsKey) {
                    // Positional (array) params are refused by the two-pass path, with its message.
                    guard !hasParams, self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "{") else { return nil }
                    hasParams = true
                }
                guard self.skipValue() else { return nil }
            }
            self.skipBlanks()
            if self.take(UInt8(ascii: ",")) { continue }
            guard self.take(UInt8(ascii: "}")) else { return nil }
            break
        }
        self.skipBlanks()
        guard self.index == self.bytes.count, let method else { return nil }
        return Envelope(method: method, hasParams: hasParams)
    }

    /// A string without escapes, as the bytes between its quotes.
    private mutating func plainString() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        guard self.take(UInt8(ascii: "\"")) else { return nil }
        let start = self.index
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case UInt8(ascii: "\""):
                defer { self.index += 1 }
                return self.bytes[start..<self.index]
            case UInt8(ascii: "\\"), 0..<0x20:
                return nil
            default:
                self.index += 1
            }
        }
        return nil
    }

    /// Moves past one value of any kind; false when the bytes end first. Values are not validated here: the
    /// decoder that reads the request afterwards does that.
    private mutating func skipValue() -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 {
                        self.index += 1
                        return true
                    }
                }
                self.index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return true }  // the end of the enclosing object: a scalar ended just before
                depth -= 1
                if depth == 0 {
                    self.index += 1
                    return true
                }
            case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                if depth == 0 { return true }
            default:
                break
            }
            self.index += 1
        }
        return depth == 0 && !inString
    }

    private mutating func skipBlanks() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): self.index += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard self.index < self.bytes.count, self.bytes[self.index] == byte else { return false }
        self.index += 1
        return true
    }
}
