import Foundation
import HTTPTypes
import JSONRPC
import NIOCore
import NIOHTTPTypes

/// Writes a streamed answer on the stream's event loop; each body write completes when the frame has gone out.
final class ExchangeResponseWriter: StreamResponseWriter, @unchecked Sendable {
    private let context: NIOLoopBound<ChannelHandlerContext>
    private let requestID: String?
    /// Answering HEAD: the head is sent, body chunks are not (HTTP/2 refuses DATA beyond a HEAD answer's length).
    private let headOnly: Bool
    /// Loop-bound: what has been sent so far.
    private let state: NIOLoopBoundBox<State>

    enum State { case idle, headSent, ended }

    init(context: NIOLoopBound<ChannelHandlerContext>, requestID: String?, headOnly: Bool) {
        self.context = context
        self.requestID = requestID
        self.headOnly = headOnly
        self.state = .makeBoxSendingValue(.idle, eventLoop: context.value.eventLoop)
    }

    private var eventLoop: any EventLoop { self.state.eventLoop }

    func writeHead(status: Int, headers: [(String, String)]) async throws {
        try await self.eventLoop.submit {
            guard self.state.value == .idle else { throw RPCError.internalError("response head written twice") }
            guard (100...999).contains(status) else { throw RPCError.internalError("response status \(status) is not one") }
            var fields = HTTPFields()
            if let requestID = self.requestID, let name = HTTPField.Name.requestID { fields[name] = requestID }
            for (name, value) in headers {
                if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
            }
            self.state.value = .headSent
            let head = HTTPResponse(status: .init(code: status), headerFields: fields)
            self.context.value.write(NIOAny(HTTPResponsePart.head(head)), promise: nil)
        }.get()
    }

    func writeBody(_ chunk: ByteBuffer) async throws {
        if self.headOnly { return }
        try await self.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            guard self.state.value == .headSent else {
                return self.eventLoop.makeFailedFuture(RPCError.internalError("body written outside the response"))
            }
            return self.context.value.writeAndFlush(NIOAny(HTTPResponsePart.body(chunk)))
        }.get()
    }

    func end() async throws {
        try await self.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            guard self.state.value == .headSent else {
                return self.eventLoop.makeFailedFuture(RPCError.internalError("response ended before its head"))
            }
            self.state.value = .ended
            return self.context.value.writeAndFlush(NIOAny(HTTPResponsePart.end(nil)))
        }.get()
    }

    /// Answers `error` as JSON if nothing was sent yet; otherwise the stream is reset so the client sees a failure.
    func fail(with error: RPCError) async {
        let sendable = (try? await self.eventLoop.submit { self.state.value == .idle }.get()) ?? false
        guard sendable else { return }
        let body = (try? JSONCoding.encoder.encode(["error": error])).map(Array.init) ?? []
        try? await self.writeJSON(status: error.status.httpStatus, body)
    }

    /// Resets the stream if the handler returned without ending its answer.
    func closeIfUnfinished() async {
        try? await self.eventLoop.submit {
            if self.state.value != .ended { self.context.value.close(promise: nil) }
        }.get()
    }
}
