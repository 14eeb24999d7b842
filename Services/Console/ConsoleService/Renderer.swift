import Foundation
import HTTPTypes
import Hummingbird
import JSONRPC
import Mustache
import Programme

/// Pages rendered on the server from the templates (swift-mustache escapes every `{{value}}`), inside the layout.
struct Renderer: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in [
            ("layout", LayoutTemplate.text),
            ("signin", SignInTemplate.text),
            ("ranking", RankingTemplate.text),
            ("studio", StudioTemplate.text),
            ("error", ErrorTemplate.text),
            ("queue", QueueTemplate.list),
            ("flags", QueueTemplate.flags),
            ("project", QueueTemplate.project),
            ("outcomes", QueueTemplate.outcomes),
            ("records", QueueTemplate.records),
            ("notices", QueueTemplate.notices),
            ("mine", MineTemplate.text),
            ("live", LiveTemplate.text),
            ("line", LineTemplate.text),
            ("runs", RunsTemplate.text),
            ("applications", AdminTemplates.applications),
            ("quotas", AdminTemplates.quotas),
            ("cityStudios", AdminTemplates.cityStudios),
            ("joinRequests", AdminTemplates.joinRequests),
        ] {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// A part of a page (rendered, escaped), to be placed unescaped in another template.
    func fragment(_ template: String, _ object: Any) -> String { self.library.render(object, withTemplate: template) ?? "" }

    /// The page `template` renders from `object`, framed, with `status`.
    func page(
        _ template: String,
        _ object: Any,
        title: String,
        session: ConsoleSession?,
        status: HTTPResponse.Status = .ok,
        refresh: Int? = nil
    ) -> Response {
        let body = self.library.render(object, withTemplate: template) ?? ""
        let frame: [String: Any] = [
            "title": title, "body": body, "signedIn": session != nil, "csrf": session?.csrf ?? "",
            "subject": session.map { $0.name ?? $0.subject } ?? "",
            "office": session.map { $0.roles.contains(.provinceOffice) } ?? false,
            "applications": session.map { $0.has(any: .provinceOffice, .cityAdmin) } ?? false,
            "places": session.map { $0.has(any: .provinceOffice, .cityAdmin, .countyAdmin) } ?? false,
            "admin": session.map { $0.has(any: .provinceOffice, .workstation, .cityAdmin, .countyAdmin) } ?? false,
            "teacher": session.map { $0.has(any: .teacher) } ?? false,
            "reviews": session.map { $0.has(any: .workstation, .provinceOffice, .cityAdmin, .countyAdmin) } ?? false,
            "roleNames": session.map { $0.roles.map(Self.roleName).joined(separator: "、") } ?? "",
        ]
        var framed = frame
        framed.setIfPresent("refresh", refresh.map(String.init))
        let html = self.library.render(framed, withTemplate: "layout") ?? ""
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// A service's refusal or failure as a readable page: its message, field and rule; never a stack trace.
    func failure(_ error: any Error, session: ConsoleSession?) -> Response {
        guard let rpc = error as? RPCError else {
            return self.page(
                "error",
                ["heading": "服务暂时不可用", "message": "请稍后再试。"],
                title: "出错了",
                session: session,
                status: .badGateway
            )
        }
        let (heading, status): (String, HTTPResponse.Status) =
            switch rpc.status {
            case .permissionDenied: ("无权查看或操作", .forbidden)
            case .notFound: ("未找到", .notFound)
            case .invalidArgument, .failedPrecondition, .alreadyExists: ("请求未被接受", .badRequest)
            case .unauthenticated: ("请重新登录", .unauthorized)
            default: ("服务暂时不可用", .badGateway)
            }
        // A refusal says what the service said; a failure (unavailable, internal) says only that: its text may name
        // peers' addresses or internals the reader has no use for.
        let refusal = status != .badGateway
        var object: [String: Any] = ["heading": heading, "message": refusal ? rpc.message : "请稍后再试。"]
        if refusal, let field = rpc.field { object["field"] = field }
        if refusal, let rule = rpc.rule { object["rule"] = rule }
        return self.page("error", object, title: heading, session: session, status: status)
    }

    static func roleName(_ role: Role) -> String {
        switch role {
        case .provinceOffice: "项目办"
        case .workstation: "名师工作站"
        case .cityAdmin: "市级管理员"
        case .countyAdmin: "县级管理员"
        case .teacher: "教师"
        case .service: "服务"
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets `key` only for a value worth showing: swift-mustache counts an empty string as true in a section, so an
    /// absent value must be an absent key.
    mutating func setIfPresent(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { self[key] = value }
    }
}
