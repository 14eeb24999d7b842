/// A CSV file for Excel, as the exports of the programme's attachments and rankings return it (identity's
/// Attachments 2–4, membership's Attachment 1, assessment's ranking, tiers and credits).
public struct CSVExport: Codable, Sendable, Equatable {
    public var filename: String
    /// UTF-8 text with a byte-order mark.
    public var csv: String
    public init(filename: String, csv: String) {
        self.filename = filename
        self.csv = csv
    }
}
