import Foundation

/// One record a service counted for a number it reported to assessment, taken in the same read as the number: its
/// id and the day it counts by (China time, `2019-03-04`: a day, cheap to write and read for the 100,000 records of
/// a province-scale pull). Assessment keeps them with the run, so every number opens onto its records.
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
}
