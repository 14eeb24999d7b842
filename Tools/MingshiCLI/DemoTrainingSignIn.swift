import ArgumentParser
import Foundation
import Hummingbird

/// `mingshi demo-training-sign-in`: the demo stand-in's sign-in page, so the console's single sign-on can be tried on
/// a demo machine. A teacher enters their training-system id; the page signs an identity token with the stand-in's
/// key (their profile from the stand-in's roster.csv when it has them) and hands it back to the console in a form the
/// teacher submits — a POST, never a URL. It returns only to the one console it was started for.
struct DemoTrainingSignIn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-training-sign-in",
        abstract: "Serve the demo training system's sign-in page for the console (a stand-in; never for production)."
    )

    @Option(help: "The demo training system's directory (its key; roster.csv for profiles).") var dir: String
    @Option(help: "Address to listen on.") var httpHost = "127.0.0.1"
    @Option(help: "Port to listen on; 0 picks one (the first stdout line says which).") var httpPort = 8090
    @Option(help: "The console's address; the token goes back only to its /signin/training.") var consoleUrl: String

    struct SignInForm: Decodable {
        var trainingID: String
        var state: String
    }

    func run() async throws {
        let router = Router()
        let back = self.consoleUrl.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/signin/training"
        let dir = self.dir
        router.get("/sso") { request, _ -> Response in
            let state = request.uri.queryParameters.get("state") ?? ""
            return Self.html(
                """
                <h1>浙江省教师培训管理平台（演示）</h1>
                <form method="post" action="/sso">
                  <input type="hidden" name="state" value="\(Self.escape(state))">
                  <p><label for="trainingID">师训平台编号</label> <input id="trainingID" name="trainingID" required></p>
                  <p><button type="submit">登录</button></p>
                </form>
                """
            )
        }
        router.post("/sso") { request, context -> Response in
            let form = try await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
            let id = form.trainingID.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty, id.count <= 32, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                return Self.html("<p>编号不正确。</p>", status: .badRequest)
            }
            let profile = Self.profile(of: id, in: dir)
            let token = try await DemoTrainingToken.sign(
                dir: dir,
                trainingID: id,
                name: profile["name"] ?? "演示教师",
                school: profile["school"] ?? "杭州市文三街小学",
                city: profile["city"] ?? "杭州",
                county: profile["county"] ?? "西湖区",
                rural: profile["rural"] == "是",
                stage: profile["stage"] ?? "初中",
                subject: profile["subject"] ?? "数学",
                title: profile["title"] ?? "一级",
                honours: (profile["honours"] ?? "").split(separator: ";").map(String.init)
            )
            return Self.html(
                """
                <h1>已登录：\(Self.escape(profile["name"] ?? id))</h1>
                <form method="post" action="\(Self.escape(back))">
                  <input type="hidden" name="state" value="\(Self.escape(form.state))">
                  <input type="hidden" name="token" value="\(Self.escape(token))">
                  <p><button type="submit">返回浙江名师网</button></p>
                </form>
                """
            )
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(self.httpHost, port: self.httpPort)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                FileHandle.standardOutput.write(Data("listening on \(channel.localAddress?.ipAddress ?? "")\(":")\(port)\n".utf8))
            }
        )
        try await app.runService()
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        let page = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>师训平台（演示）</title></head><body>\(body)</body></html>"
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'none'; form-action *",
            ],
            body: .init(byteBuffer: ByteBuffer(string: page))
        )
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The teacher's line of the stand-in's roster.csv (the training system's export: 师训编号, 姓名, 学校, 设区市,
    /// 县市区, 乡村学校, 对口援建地区, 学段, 学科, 职称, 荣誉), if it has them.
    static func profile(of id: String, in dir: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: dir + "/roster.csv", encoding: .utf8) else { return [:] }
        let names = ["trainingID", "name", "school", "city", "county", "rural", "pairedRegion", "stage", "subject", "title", "honours"]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() where line.hasPrefix(id + ",") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(zip(names, fields), uniquingKeysWith: { first, _ in first })
        }
        return [:]
    }
}
