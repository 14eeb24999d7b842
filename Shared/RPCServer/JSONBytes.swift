import Foundation

/// Cheap reads of a request's raw JSON bytes before (or instead of) a decoder: its first significant byte, whether
/// its nesting stays within the limit, and the `method` name with whether `params` is there.
///
/// Written by hand because Foundation's `JSONDecoder` cannot read one member without parsing and decoding the
/// whole document, and that second full decode cost ~5 % of a one-row read (perf). The scans only ever answer for
/// plain requests; anything unusual (escapes in the name, duplicate members, trailing bytes, not an object) gives
/// nil, and the two-pass path of ``RequestDecoder`` — which reports every error precisely — runs instead.
enum JSONBytes {
    /// The members a one-pass read needs.
    struct Envelope: Equatable {
        var method: String
        /// Whether `params` is present (it is then an object).
        var hasParams: Bool
    }

    /// The first byte that is not JSON whitespace, or nil.
    static func firstSignificantByte(_ bytes: Data) -> UInt8? {
        bytes.first { !Cursor.isBlank($0) }
    }

    /// Whether the nesting of arrays and objects stays within `limit` (strings and escapes skipped).
    static func depthWithin(_ bytes: Data, limit: Int) -> Bool {
        Self.withCursor(bytes) { cursor in
            var depth = 0
            while let byte = cursor.peek() {
                switch byte {
                case UInt8(ascii: "\""):
                    guard cursor.skipString() else { return true }  // unterminated: the decoder reports it
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    if depth > limit { return false }
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                cursor.advance()
            }
            return true
        }
    }

    /// The top-level `method` and whether `params` is an object there, for a plain request object; else nil.
    static func envelope(_ body: Data) -> Envelope? {
        Self.withCursor(body) { cursor in cursor.envelope() }
    }

    private static func withCursor<T>(_ data: Data, _ body: (inout Cursor) -> T) -> T {
        data.withUnsafeBytes { raw in
            var cursor = Cursor(bytes: raw.bindMemory(to: UInt8.self))
            return body(&cursor)
        }
    }

    /// A position in the bytes; every step is bounds-checked, so no input can read past the end.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        private static let methodKey = Array("method".utf8)
        private static let paramsKey = Array("params".utf8)

        static func isBlank(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
        }

        func peek() -> UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }
        mutating func advance() { self.index += 1 }

        mutating func envelope() -> Envelope? {
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
                        guard !hasParams, self.peek() == UInt8(ascii: "{") else { return nil }
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
            while let byte = self.peek() {
                switch byte {
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

        /// Moves past the string that starts here, escapes included: the one string-skipping loop of the scans.
        /// False when the bytes end inside it.
        mutating func skipString() -> Bool {
            self.index += 1  // the opening quote
            var escaped = false
            while let byte = self.peek() {
                self.index += 1
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    return true
                }
            }
            return false
        }

        /// Moves past one value of any kind; false when the bytes end first. Values are not validated here: the
        /// decoder that reads the request afterwards does that.
        private mutating func skipValue() -> Bool {
            var depth = 0
            while let byte = self.peek() {
                switch byte {
                case UInt8(ascii: "\""):
                    guard self.skipString() else { return false }
                    if depth == 0 { return true }
                    continue
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
            return depth == 0
        }

        private mutating func skipBlanks() {
            while let byte = self.peek(), Self.isBlank(byte) { self.index += 1 }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard self.peek() == byte else { return false }
            self.index += 1
            return true
        }
    }
}
