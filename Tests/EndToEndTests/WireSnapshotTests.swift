import Foundation
import JSONRPC
import RPCTesting
import Testing

/// The five services' `rpc.discover` documents, as the running executables answer them, are exactly the ones
/// committed under `Fixtures/discover/`: a restructuring (issue 18) may move code anywhere, but any change to a
/// method's name, params, result, access or flags shows up here as a diff to be read and accepted on purpose.
///
/// To accept a deliberate change, run the suite with `UPDATE_WIRE_SNAPSHOTS=1` and commit the rewritten files.
@Suite("End to end: the wire contract does not drift", .timeLimit(.minutes(10)))
struct WireSnapshotTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/discover")

    @Test("each service's rpc.discover equals its committed snapshot, byte for byte in canonical form")
    func discoverDocumentsAreUnchanged() async throws {
        let updating = ProcessInfo.processInfo.environment["UPDATE_WIRE_SNAPSHOTS"] == "1"
        try await withTemporaryDirectory { directory in
            try await Platform.with(in: directory) { platform in
                for service in platform.all {
                    let document = try await service.transport().call(Reserved.discover)
                    let answered = try Self.canonical(document)
                    let file = Self.fixtures.appendingPathComponent("\(service.name).json")
                    if updating {
                        try answered.write(to: file, options: .atomic)
                        continue
                    }
                    let committed = try Data(contentsOf: file)
                    #expect(
                        answered == committed,
                        "\(service.name)'s rpc.discover differs from \(file.lastPathComponent): \(Self.firstDifference(answered, committed))"
                    )
                }
            }
        }
    }

    /// Sorted keys, two-space indentation, one trailing newline: stable across runs and readable in a diff.
    static func canonical(_ document: JSONValue) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document) + Data("\n".utf8)
    }

    /// The first line that differs, so a failure says where without dumping two whole documents.
    static func firstDifference(_ answered: Data, _ committed: Data) -> String {
        let new = String(decoding: answered, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let old = String(decoding: committed, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(new.count, old.count) {
            let now = index < new.count ? String(new[index]) : "<end>"
            let was = index < old.count ? String(old[index]) : "<end>"
            if now != was { return "line \(index + 1): answered `\(now)`, committed `\(was)`" }
        }
        return "no line differs"
    }
}
