import ArgumentParser
import Foundation
import ResourcesService
import ServiceKit
import Settings

/// The `resources` executable.
@main
struct ResourcesApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resources", abstract: "The resources service.")
    @OptionGroup var options: ServiceOptions
    @Option(help: "Largest document (PDF, Office) in MiB (MAX_DOCUMENT_MIB, default 200).") var maxDocumentMib: Int64?
    @Option(help: "Largest image in MiB (MAX_IMAGE_MIB, default 50).") var maxImageMib: Int64?
    @Option(help: "Largest audio file in MiB (MAX_AUDIO_MIB, default 500).") var maxAudioMib: Int64?
    @Option(help: "Largest video in MiB (MAX_VIDEO_MIB, default 4096).") var maxVideoMib: Int64?

    func run() async throws {
        let flags: [String: SettingsSource.Flag?] = [
            "max.document.mib": self.maxDocumentMib.map { .int(Int($0)) }, "max.image.mib": self.maxImageMib.map { .int(Int($0)) },
            "max.audio.mib": self.maxAudioMib.map { .int(Int($0)) }, "max.video.mib": self.maxVideoMib.map { .int(Int($0)) },
        ]
        try await ServiceHost.main(options: self.options, flags: flags) { source in
            ResourcesService.definition(limits: try Self.limits(from: source))
        }
    }

    private static func limits(from source: SettingsSource) throws -> FileLimits {
        func mebibytes(_ key: String, _ kind: FileKind) throws -> Int64 {
            guard let value = try source.int(key) else { return FileLimits.default.limit(for: kind) }
            guard (1...(1 << 20)).contains(value) else {
                throw ValidationError("\(SettingsSource.variable(key))=\(value) is outside 1…1048576 MiB")
            }
            return Int64(value) << 20
        }
        return FileLimits(bytes: [
            .document: try mebibytes("max.document.mib", .document),
            .image: try mebibytes("max.image.mib", .image),
            .audio: try mebibytes("max.audio.mib", .audio),
            .video: try mebibytes("max.video.mib", .video),
        ])
    }
}
