import Foundation

/// One record a service counted for a number it reported to assessment, taken in the same read as the number: its
/// id and the day it counts by. Assessment keeps them with the run, so every number opens onto its records.
public struct CountedRecord: Codable, Sendable, Equatable, Hashable {
    public var id: String
    public var date: Date?

    public init(id: String, date: Date? = nil) {
        self.id = id
        self.date = date
    }
}
