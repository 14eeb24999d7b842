import CSV
import Foundation
import JSONRPC
import Programme

extension CSVExport {
    /// The one CSV writer of the platform's exports (RFC 4180 by CSV.swift's `CSVWriter`): UTF-8 with a byte-order
    /// mark so that Excel keeps the Chinese headers, CRLF after every line the last included, a field quoted when it
    /// holds a comma, a quote or a line break (`\r` as well as `\n`).
    public init(filename: String, header: [String], rows: [[String]]) throws {
        try self.init(filename: filename, lines: [header] + rows)
    }

    /// The document of `lines`, its header first.
    public init(filename: String, lines: [[String]]) throws {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        for line in lines { try writer.write(row: line) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw RPCError.internalError("the CSV of \(filename) could not be read back from memory")
        }
        self.init(filename: filename, csv: "\u{FEFF}" + String(decoding: data, as: UTF8.self) + "\r\n")
    }
}
