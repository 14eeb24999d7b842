import Foundation
import RPCTesting
import Testing

/// What an operator deploys with, checked: the systemd unit by systemd itself, the compose file and Kubernetes
/// manifests by schema validators (the Compose Specification's, Kubernetes' own) and read for what each service needs.
@Suite("Deploy files: systemd, compose, Kubernetes", .timeLimit(.minutes(10)))
struct DeployFilesTests {
    static let services = ["identity", "membership", "resources", "activities", "assessment"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the systemd unit template passes systemd-analyze verify for every service, pointing at the built binary")
    func systemdUnits() async throws {
        guard let analyze = Interop.find("systemd-analyze") else {
            Issue.record("systemd-analyze is not installed")
            return
        }
        let template = try String(contentsOf: Self.root.appendingPathComponent("deploy/systemd/mingshi@.service"), encoding: .utf8)
        #expect(template.contains("DynamicUser=yes"))
        #expect(template.contains("NoNewPrivileges=yes"))
        #expect(template.contains("Restart=on-failure"))
        try await withTemporaryDirectory { directory in
            for service in Self.services {
                let unit = directory.appendingPathComponent("mingshi@\(service).service")
                let binary = ServiceProcess.binaries.appendingPathComponent(service).path
                try template.replacingOccurrences(of: "/usr/local/bin/%i", with: binary).write(to: unit, atomically: true, encoding: .utf8)
                _ = try await Interop.run(analyze, ["verify", unit.path])
            }
            // The dynamic ranking's hourly run (R-MGT-2): a oneshot service and its timer.
            let ranking = try String(contentsOf: Self.root.appendingPathComponent("deploy/systemd/mingshi-ranking.service"), encoding: .utf8)
            #expect(ranking.contains("mingshi assess run"))
            try ranking.replacingOccurrences(of: "/usr/local/bin/mingshi", with: ServiceProcess.binaries.appendingPathComponent("mingshi").path)
                .replacingOccurrences(of: "EnvironmentFile=/etc/mingshi/ranking.env", with: "EnvironmentFile=-/etc/mingshi/ranking.env")
                .write(to: directory.appendingPathComponent("mingshi-ranking.service"), atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(
                at: Self.root.appendingPathComponent("deploy/systemd/mingshi-ranking.timer"),
                to: directory.appendingPathComponent("mingshi-ranking.timer")
            )
            _ = try await Interop.run(
                analyze,
                [
                    "verify", directory.appendingPathComponent("mingshi-ranking.timer").path,
                    directory.appendingPathComponent("mingshi-ranking.service").path,
                ]
            )
        }
    }

    @Test("compose runs the five services with their volumes, peers and readiness checks; Kubernetes has probes, volumes and Services")
    func manifests() async throws {
        guard let python = await Interop.python(with: "yaml") else {
            Issue.record("no python3 with PyYAML (.ci/run installs python3-yaml)")
            return
        }
        // PyYAML reads the files; the checks are the operator's expectations of each service.
        let script = """
            import sys, yaml
            root = sys.argv[1]
            services = ["identity", "membership", "resources", "activities", "assessment"]
            compose = yaml.safe_load(open(root + "/deploy/docker/compose.yaml"))
            assert sorted(compose["services"]) == sorted(services + ["console"]), compose["services"].keys()
            console = compose["services"]["console"]
            assert console["environment"]["HTTP_PORT"] == "8080" and "volumes" not in console
            assert all(peer.upper() in " ".join(console["environment"]) for peer in services)
            for index, name in enumerate(services):
                service = compose["services"][name]
                port = 8081 + index
                assert service["environment"]["HTTP_PORT"] == str(port), name
                assert f"{name}-data:/data" in service["volumes"], name
                assert "/readyz" in " ".join(service["healthcheck"]["test"]), name
                for peer in services:
                    if peer != name:
                        assert peer.upper() in " ".join(service["environment"]), (name, peer)
            kustomization = yaml.safe_load(open(root + "/deploy/kubernetes/kustomization.yaml"))
            for name in services:
                assert name + ".yaml" in kustomization["resources"], name
                documents = [d for d in yaml.safe_load_all(open(f"{root}/deploy/kubernetes/{name}.yaml")) if d]
                kinds = {d["kind"]: d for d in documents}
                assert {"Deployment", "Service", "PersistentVolumeClaim"} <= set(kinds), (name, kinds.keys())
                deployment = kinds["Deployment"]
                assert deployment["spec"]["replicas"] == 1, name
                container = deployment["spec"]["template"]["spec"]["containers"][0]
                assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", name
                assert container["livenessProbe"]["httpGet"]["path"] == "/healthz", name
                assert "memory" in container["resources"]["limits"], name
                assert any(m["mountPath"] == "/data" for m in container["volumeMounts"]), name
            assert "console.yaml" in kustomization["resources"]
            console = {d["kind"]: d for d in yaml.safe_load_all(open(root + "/deploy/kubernetes/console.yaml")) if d}
            assert {"Deployment", "Service"} <= set(console) and "PersistentVolumeClaim" not in console
            container = console["Deployment"]["spec"]["template"]["spec"]["containers"][0]
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            secrets = [d for d in yaml.safe_load_all(open(root + "/deploy/kubernetes/secrets.yaml")) if d]
            assert {s["metadata"]["name"] for s in secrets} == {"training-jwks", "mingshi-tls"}
            print("ok")
            """
        let output = try await Interop.run(python, ["-c", script, Self.root.path])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test(
        "compose.yaml is valid against the Compose Specification and every Kubernetes manifest against Kubernetes' schemas; a misspelt field is caught"
    )
    func schemas() async throws {
        // Installed by .ci/run into .build/ci-tools from PyPI; their schemas ship inside the packages.
        let tools = Self.root.appendingPathComponent(".build/ci-tools/bin").path
        func tool(_ name: String) -> String? {
            FileManager.default.isExecutableFile(atPath: "\(tools)/\(name)") ? "\(tools)/\(name)" : Interop.find(name)
        }
        guard let kubernetesValidate = tool("kubernetes-validate"), let checkJSONSchema = tool("check-jsonschema") else {
            Issue.record("kubernetes-validate and check-jsonschema are not installed (.ci/run installs them from PyPI)")
            return
        }
        let compose = Self.root.appendingPathComponent("deploy/docker/compose.yaml").path
        _ = try await Interop.run(checkJSONSchema, ["--builtin-schema", "vendor.compose-spec", compose])
        let manifests = (Self.services + ["secrets"]).map { Self.root.appendingPathComponent("deploy/kubernetes/\($0).yaml").path }
        let output = try await Interop.run(kubernetesValidate, ["--strict"] + manifests)
        #expect(output.components(separatedBy: "passed for resource").count - 1 == 5 * 4 + 2, "\(output)")

        // The validators are not lenient: a probe misspelt in a manifest, a port list made a string in compose.
        try await withTemporaryDirectory { directory in
            let manifest = try String(contentsOfFile: manifests[0], encoding: .utf8)
            let broken = directory.appendingPathComponent("identity.yaml")
            try manifest.replacingOccurrences(of: "readinessProbe:", with: "readinessProbes:").write(to: broken, atomically: true, encoding: .utf8)
            await #expect(throws: InteropError.self) { _ = try await Interop.run(kubernetesValidate, ["--strict", broken.path]) }
            let brokenCompose = directory.appendingPathComponent("compose.yaml")
            try String(contentsOfFile: compose, encoding: .utf8).replacingOccurrences(of: "healthcheck:", with: "healthchecks:")
                .write(to: brokenCompose, atomically: true, encoding: .utf8)
            await #expect(throws: InteropError.self) {
                _ = try await Interop.run(checkJSONSchema, ["--builtin-schema", "vendor.compose-spec", brokenCompose.path])
            }
        }
    }
}
