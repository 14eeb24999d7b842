import Foundation
import JSONRPC
import RPCTesting

/// Validates an `rpc.discover` document against the official OpenRPC meta-schema with Python's `jsonschema` (installed
/// by `.ci/run` with check-jsonschema into `.build/ci-tools`), offline: the meta-schema's reference to the JSON Schema
/// meta-schema is mapped to draft-07, which jsonschema ships.
enum OpenRPCValidation {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let metaSchema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/openrpc-meta-schema.json").path

    /// A python3 with jsonschema: the CI tools' virtualenv first, then the system's.
    static func python() async -> String? {
        let venv = Self.root.appendingPathComponent(".build/ci-tools/bin/python3").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        return await Interop.python(with: "jsonschema")
    }

    static let script = """
        import json, sys, jsonschema
        raw = open(sys.argv[1]).read().replace("https://meta.json-schema.tools", "http://json-schema.org/draft-07/schema#")
        validator = jsonschema.Draft7Validator(json.loads(raw.replace("schema##", "schema#")))
        document = json.load(sys.stdin)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for error in errors[:20]:
            print("/".join(str(p) for p in error.absolute_path) + ": " + error.message[:300])
        print("ok" if not errors else "invalid")
        """

    /// The meta-schema's complaints about `document`; empty when it validates.
    static func problems(_ document: JSONValue) async throws -> [String] {
        guard let python = await Self.python() else {
            throw InteropError("python3 with jsonschema is not installed (.ci/run installs check-jsonschema, which brings it)")
        }
        let text = String(decoding: try JSONCoding.encoder.encode(document), as: UTF8.self)
        let output = try await Interop.run(python, ["-c", Self.script, Self.metaSchema], input: text)
        let lines = output.split(separator: "\n").map(String.init)
        return lines.last == "ok" ? [] : lines
    }
}
