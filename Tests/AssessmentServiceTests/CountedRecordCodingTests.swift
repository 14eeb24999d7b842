import Foundation
import JSONRPC
import MembershipAPI
import Programme
import Testing

/// The compact form of a counted record (one string per record, `day|contents|id`): it round-trips, an id may hold
/// any character, and the keyed form stored by earlier runs is still read.
@Suite("Counted records: the compact form")
struct CountedRecordCodingTests {
    static func roundTrip(_ record: CountedRecord) throws -> (json: String, back: CountedRecord) {
        let data = try JSONCoding.encoder.encode([record])
        return (String(decoding: data, as: UTF8.self), try JSONCoding.decoder.decode([CountedRecord].self, from: data)[0])
    }

    @Test("a record is one string and comes back equal, with or without day and digests")
    func compact() throws {
        let plain = try Self.roundTrip(CountedRecord(id: "rs-1", day: "2019-03-04"))
        #expect(plain.json == #"["2019-03-04||rs-1"]"#)
        #expect(plain.back == CountedRecord(id: "rs-1", day: "2019-03-04"))
        let digests = [String(repeating: "a", count: 64), String(repeating: "b", count: 64)]
        #expect(try Self.roundTrip(CountedRecord(id: "rs-2", day: "2019-03-04", contents: digests)).back.contents == digests)
        #expect(try Self.roundTrip(CountedRecord(id: "ac-1")).back == CountedRecord(id: "ac-1"))
    }

    @Test("an id holding the separator survives; a day that could be mistaken for one keeps the keyed form")
    func separators() throws {
        let odd = CountedRecord(id: "rs-import-a|b|c", day: "2019-03-04")
        #expect(try Self.roundTrip(odd).back == odd)
        let strangeDay = CountedRecord(id: "x", day: "2019|03")
        let encoded = try Self.roundTrip(strangeDay)
        #expect(encoded.json.contains("\"id\"") && encoded.back == strangeDay)
    }

    @Test("the keyed form of earlier runs and a bare id are read")
    func earlierForms() throws {
        let keyed = Data(#"[{"id":"rs-9","day":"2019-05-06","contents":["cc"]}, "rs-bare"]"#.utf8)
        let records = try JSONCoding.decoder.decode([CountedRecord].self, from: keyed)
        #expect(records == [CountedRecord(id: "rs-9", day: "2019-05-06", contents: ["cc"]), CountedRecord(id: "rs-bare")])
    }
}
