import ArgumentParser
import Foundation
import ResourcesService
import ServiceKit

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
        try await ServiceHost.main(ResourcesService.definition(limits: self.limits), options: self.options)
    }

    private var limits: FileLimits {
        let environment = ProcessInfo.processInfo.environment
        func mebibytes(_ flag: Int64?, _ name: String, _ kind: FileKind) -> Int64 {
            (flag ?? environment[name].flatMap { Int64($0) }).map { $0 << 20 } ?? FileLimits.default.limit(for: kind)
        }
        return FileLimits(bytes: [
            .document: mebibytes(self.maxDocumentMib, "MAX_DOCUMENT_MIB", .document),
            .image: mebibytes(self.maxImageMib, "MAX_IMAGE_MIB", .image),
            .audio: mebibytes(self.maxAudioMib, "MAX_AUDIO_MIB", .audio),
            .video: mebibytes(self.maxVideoMib, "MAX_VIDEO_MIB", .video),
        ])
    }
}
