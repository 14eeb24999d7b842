import Programme
import ServiceKit
import Testing

/// The one CSV writer of the exports (Attachments 1–4, the ranking, tiers and credits), as Excel reads it.
@Suite("CSV exports: Excel's UTF-8, CRLF lines, RFC 4180 quoting")
struct CSVExportTests {
    @Test("a byte-order mark first, CRLF after every line the last included, plain fields unquoted")
    func plainDocument() throws {
        let export = try CSVExport(filename: "t.csv", header: ["设区市", "合计"], rows: [["杭州", "3"], ["合计", "3"]])
        #expect(export.filename == "t.csv")
        #expect(export.csv == "\u{FEFF}设区市,合计\r\n杭州,3\r\n合计,3\r\n")
    }

    @Test("a field holding a comma, a quote, a line feed or a carriage return is quoted, its quotes doubled")
    func quoting() throws {
        let export = try CSVExport(
            filename: "t.csv",
            lines: [["绍兴市教育局, 电教馆", "say \"hi\"", "two\nlines", "cr\rhere", "plain"]]
        )
        #expect(export.csv == "\u{FEFF}\"绍兴市教育局, 电教馆\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",plain\r\n")
    }

    @Test("empty fields stay empty, and a header alone is a document")
    func emptyFields() throws {
        #expect(try CSVExport(filename: "t.csv", header: ["a", "", "c"], rows: []).csv == "\u{FEFF}a,,c\r\n")
        #expect(try CSVExport(filename: "t.csv", header: ["a"], rows: [[""]]).csv == "\u{FEFF}a\r\n\r\n")
    }
}
