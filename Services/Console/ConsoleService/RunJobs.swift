import Foundation

/// The office's run, freeze and apply, done in the background so the page can show their progress: the form starts
/// a job and the browser is sent to a page that waits a moment for it, then shows it running (refreshing itself,
/// no script) until it ends with what it did. A job belongs to the session that started it; nobody else sees it.
actor RunJobs {
    enum State: Sendable {
        case running(since: Date)
        case done(String)
        case failed(String)
    }

    private struct Job {
        let session: String
        var state: State
        var endedAt: Date?
    }

    private var jobs: [String: Job] = [:]
    /// Jobs kept at once; finished ones go after ten minutes, and the oldest first when this many are kept.
    private let capacity = 200

    /// Starts `work` for `session`; its answer (or its error, in words) is the job's end.
    func start(
        session: String,
        _ work: @escaping @Sendable () async throws -> String,
        describe: @escaping @Sendable (any Error) -> String
    ) -> String {
        self.prune()
        let id = SessionStore.randomToken()
        self.jobs[id] = Job(session: session, state: .running(since: Date()))
        Task {
            let state: State
            do { state = .done(try await work()) } catch { state = .failed(describe(error)) }
            self.finish(id, state)
        }
        return id
    }

    /// The job's state for `session`, waiting up to `patience` for a running job to end; nil for another's or an unknown one.
    func state(_ id: String, session: String, patience: Duration = .seconds(2)) async -> State? {
        let deadline = ContinuousClock.now + patience
        while let job = self.jobs[id], job.session == session {
            guard case .running = job.state, ContinuousClock.now < deadline else { return job.state }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    private func finish(_ id: String, _ state: State) {
        self.jobs[id]?.state = state
        self.jobs[id]?.endedAt = Date()
    }

    private func prune() {
        let old = Date().addingTimeInterval(-600)
        self.jobs = self.jobs.filter { $0.value.endedAt.map { $0 > old } ?? true }
        while self.jobs.count >= self.capacity,
            let oldest = self.jobs.min(by: { ($0.value.endedAt ?? .distantFuture) < ($1.value.endedAt ?? .distantFuture) })
        {
            self.jobs[oldest.key] = nil
        }
    }
}
