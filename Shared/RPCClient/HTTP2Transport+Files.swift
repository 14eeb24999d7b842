import Foundation
import JSONRPC
import NIOCore
import NIOFoundationCompat
import NIOHPACK
import NIOHTTP2
import Synchronization

/// Plain HTTP/2 requests beside JSON-RPC on the same connection: file uploads and downloads on a service's
/// streamed routes (e.g. `PUT`/`GET /files/{sha256}`), with the transport's token.
extension HTTP2Transport {
    /// The answer to a plain request.
    public struct PlainResponse: Sendable {
        public var status: Int
        /// Lowercased names.
        public var headers: [String: String]
        public var body: Data
    }

    /// Sends `method path` with `body` read chunk by chunk from `source` (each chunk waits for the connection to
    /// take the previous one, so a large file never sits in memory), and collects the (small) answer.
    public func send(
        _ method: String,
        path: String,
        headers extra: [(String, String)] = [],
        body source: (any BodySource)? = nil,
        timeout: Duration = .seconds(600)
    ) async throws -> PlainResponse {
        var headers = HPACKHeaders()
        headers.add(name: ":method", value: method)
        headers.add(name: ":scheme", value: self.configuration.useTLS ? "https" : "http")
        headers.add(name: ":authority", value: self.peer)
        headers.add(name: ":path", value: path)
        if let token = await self.currentToken() { headers.add(name: "authorization", value: "Bearer \(token)") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let (stream, promise) = try await self.openStream(headers: headers, endStream: source == nil)
        let timer = stream.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanosecondsClamped)) {
            promise.fail(DeadlinePassed())
            stream.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            if let source {
                while let chunk = try source.nextChunk() {
                    try await stream.writeAndFlush(HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer(data: chunk)))))
                }
                try await stream.writeAndFlush(HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true)))
            }
        } catch {
            // The server may answer early and reset the stream (a refused upload): its answer is what matters.
            // Otherwise (the body source failed) the stream is reset so the server drops the partial upload.
            stream.close(promise: nil)
            if let response = try? await promise.futureResult.get() { return response }
            throw RPCError.unavailable("\(self.peer) failed during \(method) \(path): \(error)").caused(by: error)
        }
        do {
            return try await promise.futureResult.get()
        } catch is DeadlinePassed {
            throw RPCError.deadlineExceeded("\(method) \(path) on \(self.peer) did not finish in time")
        } catch {
            throw RPCError.unavailable("\(self.peer) failed during \(method) \(path): \(error)").caused(by: error)
        }
    }

    /// Opens a stream and writes its HEADERS on the connection's event loop the moment the connection is up (see
    /// `sendOnce`): the promise is the answer's.
    private func openStream(
        headers: HPACKHeaders,
        endStream: Bool
    ) async throws -> (any Channel, EventLoopPromise<PlainResponse>) {
        do {
            return try await self.connection().flatMap { connection in
                let promise = connection.channel.eventLoop.makePromise(of: PlainResponse.self)
                return connection.multiplexer.createStreamChannel { stream in
                    stream.eventLoop.makeCompletedFuture {
                        try stream.pipeline.syncOperations.addHandler(PlainResponseCollector(promise: promise))
                    }
                }.flatMapError { error in
                    self.connectionFailed(connection)
                    promise.fail(error)
                    return connection.channel.eventLoop.makeFailedFuture(error)
                }.flatMap { stream in
                    stream.writeAndFlush(HTTP2Frame.FramePayload.headers(.init(headers: headers, endStream: endStream)))
                        .map { (stream, promise) }
                }
            }.get()
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError.unavailable("cannot open a stream to \(self.peer): \(error)").caused(by: error)
        }
    }
}

/// Where an upload's bytes come from, a chunk at a time.
public protocol BodySource: Sendable {
    /// The next chunk, or nil at the end.
    func nextChunk() throws -> Data?
}

/// A file read in 256 KiB chunks.
public final class FileBodySource: BodySource, @unchecked Sendable {
    private let handle: FileHandle
    public init(path: String) throws { self.handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)) }
    deinit { try? self.handle.close() }
    public func nextChunk() throws -> Data? {
        let data = try self.handle.read(upToCount: 256 << 10) ?? Data()
        return data.isEmpty ? nil : data
    }
}

/// Bytes already in memory (small files).
public final class DataBodySource: BodySource {
    private let data: Data
    private let sent = Mutex(false)
    public init(_ data: Data) { self.data = data }
    public func nextChunk() throws -> Data? {
        self.sent.withLock { sent in
            defer { sent = true }
            return sent || self.data.isEmpty ? nil : self.data
        }
    }
}

/// Gathers the status, headers and body of one plain response.
final class PlainResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame.FramePayload

    private let promise: EventLoopPromise<HTTP2Transport.PlainResponse>
    private var response = HTTP2Transport.PlainResponse(status: 0, headers: [:], body: Data())
    private var done = false

    init(promise: EventLoopPromise<HTTP2Transport.PlainResponse>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .headers(let frame):
            for (name, value, _) in frame.headers {
                if name == ":status" { self.response.status = Int(value) ?? 0 } else { self.response.headers[name] = value }
            }
            if frame.endStream { self.complete(.success(self.response)) }
        case .data(let frame):
            if case .byteBuffer(let bytes) = frame.data { self.response.body.append(contentsOf: bytes.readableBytesView) }
            if frame.endStream { self.complete(.success(self.response)) }
        case .rstStream(let code):
            self.complete(.failure(StreamReset(code: code)))
        default:
            break
        }
    }

    private func complete(_ result: Result<HTTP2Transport.PlainResponse, any Error>) {
        guard !self.done else { return }
        self.done = true
        self.promise.completeWith(result)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.complete(.failure(ChannelError.eof))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.complete(.failure(error))
        context.close(promise: nil)
    }
}
