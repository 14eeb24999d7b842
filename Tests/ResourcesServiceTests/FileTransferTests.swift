import Foundation
import JSONRPC
import MembershipAPI
import Programme
import RPCClient
import RPCTesting
import ResourcesAPI
import Testing

/// `PUT`/`GET /files/{sha256}` over real HTTP/2: content-addressed, type-checked, size-limited, ranged.
@Suite("Resources: uploading and downloading files", .timeLimit(.minutes(10)))
struct FileTransferTests {
    @Test("an upload is stored once by content: 201 the first time, 200 with created false the second")
    func duplicate() async throws {
        try await ResourcesFixture.run { fixture in
            let data = ResourcesFixture.pdf("教案")
            let first = try await fixture.upload(data, as: try await fixture.leader)
            #expect(first.status == 201)
            let stored = try JSONCoding.decoder.decode(StoredFile.self, from: first.body)
            #expect(
                stored
                    == StoredFile(
                        sha256: ResourcesFixture.sha256(data),
                        size: Int64(data.count),
                        mediaType: "application/pdf",
                        created: true
                    )
            )
            let second = try await fixture.upload(data, as: try await fixture.teacher("t-sl-1"))
            #expect(second.status == 200)
            #expect(try JSONCoding.decoder.decode(StoredFile.self, from: second.body).created == false)
            #expect(try fixture.storedFiles().count == 1)
        }
    }

    @Test("content that is not an allowed type is refused from its bytes, whatever its name, and nothing is kept")
    func wrongType() async throws {
        try await ResourcesFixture.run { fixture in
            let script = Data("#!/bin/sh\necho this is not a document\n".utf8)
            let response = try await fixture.upload(script, as: try await fixture.leader)
            #expect(response.status == 400)
            let error = try JSONCoding.decoder.decode([String: RPCError].self, from: response.body)["error"]
            #expect(error?.field == "file")
            #expect(error?.message.contains("not an allowed type") == true)
            #expect(try fixture.storedFiles().isEmpty)
        }
    }

    @Test("a file over its type's limit is RESOURCE_EXHAUSTED (413); one at the limit is stored")
    func tooBig() async throws {
        try await ResourcesFixture.run { fixture in
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            let atLimit = Data(png + [UInt8](repeating: 7, count: (4 << 10) - png.count))
            let overLimit = Data(png + [UInt8](repeating: 8, count: (4 << 10) - png.count + 1))
            let leader = try await fixture.leader
            #expect(try await fixture.upload(atLimit, as: leader).status == 201)
            let refused = try await fixture.upload(overLimit, as: leader)
            #expect(refused.status == 413)
            let error = try JSONCoding.decoder.decode([String: RPCError].self, from: refused.body)["error"]
            #expect(error?.status == .resourceExhausted)
            #expect(try fixture.storedFiles() == ["\(ResourcesFixture.sha256(atLimit).prefix(2))/\(ResourcesFixture.sha256(atLimit))"])
        }
    }

    @Test("bytes that do not hash to the name in the path are refused, naming sha256")
    func digestMismatch() async throws {
        try await ResourcesFixture.run { fixture in
            let wrongName = ResourcesFixture.sha256(ResourcesFixture.pdf("another file"))
            let response = try await fixture.upload(ResourcesFixture.pdf("this file"), as: try await fixture.leader, name: wrongName)
            #expect(response.status == 400)
            #expect(try JSONCoding.decoder.decode([String: RPCError].self, from: response.body)["error"]?.field == "sha256")
            #expect(try fixture.storedFiles().isEmpty)
        }
    }

    @Test("an upload the client abandons midway leaves no file, and the same upload can then be retried")
    func interrupted() async throws {
        try await ResourcesFixture.run { fixture in
            let data = Data("%PDF-1.4\n".utf8 + [UInt8](repeating: 65, count: 600_000))
            let name = ResourcesFixture.sha256(data)
            let leader = try await fixture.leader
            let failing = FailingSource(first: data.prefix(300_000))
            _ = try? await leader.send("PUT", path: "/files/\(name)", body: failing)
            // A file only becomes visible once whole and hashed, so the abandoned part can never show.
            #expect(try fixture.storedFiles().isEmpty)
            let download = try await leader.send("GET", path: "/files/\(name)")
            #expect(download.status == 404)
            #expect(try await fixture.upload(data, as: leader).status == 201)
        }
    }

    @Test("downloads: whole, byte ranges (206 with content-range), suffix, unsatisfiable (416), HEAD without body")
    func ranges() async throws {
        try await ResourcesFixture.run { fixture in
            let data = ResourcesFixture.pdf(String(repeating: "视频片段", count: 50))
            let sha = ResourcesFixture.sha256(data)
            let leader = try await fixture.leader
            _ = try await fixture.upload(data, as: leader)
            let whole = try await leader.send("GET", path: "/files/\(sha)")
            #expect(whole.status == 200)
            #expect(whole.body == data)
            #expect(whole.headers["content-type"] == "application/pdf")
            #expect(whole.headers["accept-ranges"] == "bytes")

            let middle = try await leader.send("GET", path: "/files/\(sha)", headers: [("range", "bytes=10-19")])
            #expect(middle.status == 206)
            #expect(middle.body == data[10...19])
            #expect(middle.headers["content-range"] == "bytes 10-19/\(data.count)")

            let tail = try await leader.send("GET", path: "/files/\(sha)", headers: [("range", "bytes=-5")])
            #expect(tail.body == data.suffix(5))
            let open = try await leader.send("GET", path: "/files/\(sha)", headers: [("range", "bytes=\(data.count - 3)-")])
            #expect(open.body == data.suffix(3))

            let beyond = try await leader.send("GET", path: "/files/\(sha)", headers: [("range", "bytes=\(data.count)-")])
            #expect(beyond.status == 416)
            #expect(beyond.headers["content-range"] == "bytes */\(data.count)")

            let head = try await leader.send("HEAD", path: "/files/\(sha)")
            #expect(head.status == 200)
            #expect(head.headers["content-length"] == String(data.count))
            #expect(head.body.isEmpty)
        }
    }

    @Test("a file is downloadable only through a resource the caller may see: outsiders and anonymous get 404")
    func downloadRefusals() async throws {
        try await ResourcesFixture.run { fixture in
            let membersOnly = try await fixture.publish("内部教研记录", visibility: .studioMembers)
            let path = "/files/\(membersOnly.files[0].sha256)"
            #expect(try await fixture.teacher("t-core-1").send("GET", path: path).status == 200)
            #expect(try await fixture.workstation("ws-east").send("GET", path: path).status == 200)
            #expect(try await fixture.cityAdmin(.ningbo).send("GET", path: path).status == 200)
            #expect(try await fixture.teacher("outsider").send("GET", path: path).status == 404)
            #expect(try await fixture.cityAdmin(.wenzhou).send("GET", path: path).status == 404)
            #expect(try await fixture.anonymous.send("GET", path: path).status == 404)

            let open = try await fixture.publish("公开课教学设计", visibility: .public)
            #expect(try await fixture.anonymous.send("GET", path: "/files/\(open.files[0].sha256)").status == 200)
        }
    }

    @Test("uploading needs a token, and a teacher's or the office's role")
    func uploadRefusals() async throws {
        try await ResourcesFixture.run { fixture in
            let data = ResourcesFixture.pdf("x")
            let anonymousUpload = try await fixture.upload(data, as: try fixture.anonymous)
            #expect(anonymousUpload.status == 401)
            #expect(try await fixture.upload(data, as: try await fixture.workstation("ws-east")).status == 403)
            #expect(try fixture.storedFiles().isEmpty)
        }
    }

    @Test("curl, an independent HTTP/2 client, uploads and fetches a range", .enabled(if: Curl.available))
    func curlInterop() async throws {
        try await ResourcesFixture.run { fixture in
            let data = ResourcesFixture.pdf("curl")
            let sha = ResourcesFixture.sha256(data)
            let file = fixture.dataDirectory.appendingPathComponent("upload.pdf")
            try data.write(to: file)
            let token = try await fixture.keys.token(subject: "leader", roles: .teacher)
            let url = "\(fixture.resources.url)/files/\(sha)"
            let put = try await Curl.run([
                "--http2-prior-knowledge", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{http_version}",
                "-H", "authorization: Bearer \(token)", "-T", file.path, url,
            ])
            #expect(put == "201 2")
            let range = try await Curl.run([
                "--http2-prior-knowledge", "-sS", "-H", "authorization: Bearer \(token)",
                "-H", "range: bytes=0-7", url,
            ])
            #expect(range == "%PDF-1.4")
        }
    }
}

/// Sends one chunk, then fails: a client that gives up midway.
final class FailingSource: BodySource, @unchecked Sendable {
    private var first: Data?
    init(first: Data) { self.first = first }
    func nextChunk() throws -> Data? {
        if let chunk = self.first {
            self.first = nil
            return chunk
        }
        throw CancellationError()
    }
}

/// curl, when installed (`.ci/run` installs it).
enum Curl {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") }

    static func run(_ arguments: [String]) async throws -> String {
        try await Interop.run("/usr/bin/curl", arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
