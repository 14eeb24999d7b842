import Foundation

/// One record a service counted for a number it reported to assessment, taken in the same read as the number: its
/// id and the day it counts by (China time, `2019-03-04`). Assessment keeps them with the run, so every number opens
/// onto its records.
///
/// On the wire and on disk a record is one string, `day|contents|id` (`2019-03-04||rs-1`,
/// `2019-03-04|<sha256>,<sha256>|rs-2`): a province-scale pull carries 100,000 of them, and one string costs a
/// fraction of a keyed object to encode, decode and store (see the assessment README's benchmark). The id comes
/// last, so it may hold any character; the day and the digests never hold `|`. The keyed form
/// (`{"id":…,"day":…,"contents":[…]}`) of earlier runs is still read, and a string without
/// separators is a bare id.
public struct CountedRecord: Codable, Sendable, Equatable, Hashable {
    public var id: String
    public var day: String?
    /// For a resource: the SHA-256 of those of its files another resource of the year also carries (in any studio),
    /// so a run sees the same content counted twice without carrying every digest.
    public var contents: [String]?

    public init(id: String, day: String? = nil, contents: [String]? = nil) {
        self.id = id
        self.day = day
        self.contents = contents
    }

    private enum CodingKeys: String, CodingKey { case id, day, contents }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else {
                self.id = text  // a bare id: no day, no shared content
                return
            }
            self.day = parts[0].isEmpty ? nil : String(parts[0])
            self.contents = parts[1].isEmpty ? nil : parts[1].split(separator: ",").map(String.init)
            self.id = String(parts[2])
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.day = try container.decodeIfPresent(String.self, forKey: .day)
        self.contents = try container.decodeIfPresent([String].self, forKey: .contents)
    }

    public func encode(to encoder: any Encoder) throws {
        // A day or digest that could be mistaken for a separator (none the services write) keeps the keyed form.
        // (Bytes, not `String.contains(_:)`: Foundation's substring search cost more than the rest of the encoding.)
        let pipe = UInt8(ascii: "|")
        let comma = UInt8(ascii: ",")
        if self.day?.utf8.contains(pipe) == true
            || self.contents?.contains(where: { $0.utf8.contains(pipe) || $0.utf8.contains(comma) }) == true
        {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.id, forKey: .id)
            try container.encodeIfPresent(self.day, forKey: .day)
            try container.encodeIfPresent(self.contents, forKey: .contents)
            return
        }
        var container = encoder.singleValueContainer()
        try container.encode("\(self.day ?? "")|\(self.contents?.joined(separator: ",") ?? "")|\(self.id)")
    }
}
