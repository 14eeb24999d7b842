import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// A program started for a test that keeps running until stopped: its standard output is read line by line (so a
/// test can wait for a ready line), its standard error goes to `logFile`, and it can be sent signals and awaited.
/// Started through swift-subprocess (see ``Interop/run(_:_:input:)`` for why not `Process`).
public final class RunningProgram: Sendable {
    public let processIdentifier: Int32
    private let exit: Task<Int32, Never>
    private let ended = Flag()
    private let lines: AsyncStream<String>

    /// Starts `executable`; answers once the process exists.
    public init(_ executable: String, arguments: [String], logFile: URL?) async throws {
        let (started, startedContinuation) = AsyncStream<Result<Int32, any Error>>.makeStream()
        let (lines, linesContinuation) = AsyncStream<String>.makeStream()
        self.lines = lines
        let error: FileDescriptorOutput
        if let logFile {
            error = .fileDescriptor(
                try FileDescriptor.open(
                    FilePath(logFile.path),
                    .writeOnly,
                    options: [.create, .truncate],
                    permissions: [.ownerReadWrite]
                ),
                closeAfterSpawningProcess: true
            )
        } else {
            error = .fileDescriptor(try FileDescriptor.open(FilePath("/dev/null"), .writeOnly), closeAfterSpawningProcess: true)
        }
        let ended = self.ended
        self.exit = Task {
            defer {
                ended.set()
                linesContinuation.finish()
                startedContinuation.finish()
            }
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)),
                    arguments: Arguments(arguments),
                    input: .none,
                    output: .sequence,
                    error: error
                ) { execution in
                    startedContinuation.yield(.success(execution.processIdentifier.value))
                    for try await line in execution.standardOutput.strings() { linesContinuation.yield(line) }
                }
                switch result.terminationStatus {
                case .exited(let code): return code
                case .signaled(let signal): return 128 + signal
                }
            } catch {
                startedContinuation.yield(.failure(error))
                return -1
            }
        }
        var iterator = started.makeAsyncIterator()
        guard let first = await iterator.next() else { throw InteropError("\(executable) did not start") }
        self.processIdentifier = try first.get()
    }

    /// The first line of standard output that starts with `prefix`, or nil if the program ended first.
    public func line(startingWith prefix: String) async -> String? {
        for await line in self.lines where line.hasPrefix(prefix) { return line }
        return nil
    }

    public var isRunning: Bool { !self.ended.isSet }

    /// Sends `signal` (SIGTERM by default) and answers the exit status once the program has ended (128 + the
    /// signal for a program the signal ended).
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) async -> Int32 {
        if self.isRunning { _ = Foundation.kill(self.processIdentifier, signal) }
        return await self.exit.value
    }

    /// The exit status, once the program ends by itself.
    public func wait() async -> Int32 { await self.exit.value }
}

/// A flag set once, read from any thread.
private final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { self.value.withLock { $0 = true } }
    var isSet: Bool { self.value.withLock { $0 } }
}
