import Foundation
import Postgres

/// Collects finished attempts and writes them in batches: on size, on a short
/// timer, and when asked to drain at shutdown. Dedicated writer threads do the
/// writing, so handler threads never wait on the database to report a result;
/// more than one, so that one batch commits (WAL flush) while the next is sent.
///
/// A failed write keeps the batch and tries again on the next tick: the rows
/// stay `running` meanwhile, and if that outlasts the lease the rescuer hands
/// them out again, after which the guard drops the stale answers.
final class Completer: Sendable {
    private struct State {
        var pending: [Completion] = []
        var oldest: ContinuousClock.Instant?
        var writing = 0
        var stopping = false
        var stoppedWriters = 0
    }

    private let state = Monitor(State())
    private let pool: ConnectionPool
    private let worker: String
    private let batchSize: Int
    private let interval: Duration
    private let writers: Int
    /// Called after each write with the batch and the outcome recorded for each
    /// job the guard let through, by id.
    private let onWrite: @Sendable ([Completion], [Int64: String]) -> Void
    /// Called when a write fails, with the error (the batch is kept).
    private let onError: @Sendable (any Error) -> Void

    init(
        pool: ConnectionPool, worker: String, batchSize: Int, interval: Duration, writers: Int,
        onWrite: @escaping @Sendable ([Completion], [Int64: String]) -> Void, onError: @escaping @Sendable (any Error) -> Void
    ) {
        self.pool = pool
        self.worker = worker
        self.batchSize = batchSize
        self.interval = interval
        self.writers = writers
        self.onWrite = onWrite
        self.onError = onError
    }

    func start() {
        for index in 0..<writers {
            let thread = Thread { [self] in run() }
            thread.name = "queue-completer-\(index)"
            thread.start()
        }
    }

    func add(_ completion: Completion) {
        let full = state.withLock { state -> Bool in
            if state.pending.isEmpty { state.oldest = .now }
            state.pending.append(completion)
            return state.pending.count == batchSize
        }
        if full { state.signal() }
    }

    /// Completions not yet written (waiting or being written).
    var unwritten: Int { state.withLock { $0.pending.count + $0.writing } }

    /// Writes everything pending, stops the thread and waits for it (up to `timeout`).
    /// - Returns: false when some completions could not be written in time.
    @discardableResult
    func drainAndStop(timeout: Duration) -> Bool {
        state.update { $0.stopping = true }
        return state.wait(timeout: timeout) { $0.stoppedWriters == writers }
    }

    private func run() {
        while true {
            state.wait(timeout: interval) { $0.pending.count >= batchSize || $0.stopping }
            let (batch, finish) = state.withLock { state -> ([Completion], Bool) in
                let due = state.oldest.map { $0.duration(to: .now) >= interval } ?? false
                guard state.pending.count >= batchSize || due || state.stopping else { return ([], false) }
                let batch = Array(state.pending.prefix(batchSize))
                state.pending.removeFirst(batch.count)
                state.oldest = state.pending.isEmpty ? nil : .now
                state.writing += batch.count
                return (batch, state.stopping && state.pending.isEmpty)
            }
            if batch.isEmpty {
                if finish { break }
                continue
            }
            let written = write(batch)
            state.withLock { state in
                state.writing -= batch.count
                // Kept for the next tick; at shutdown a failing database gets no
                // second chance: the rows stay `running` and the rescuer returns them.
                if !written && !state.stopping {
                    state.pending.insert(contentsOf: batch, at: 0)
                    state.oldest = state.oldest ?? .now
                }
            }
            if finish || (!written && state.withLock({ $0.stopping })) { break }
            if !written { Thread.sleep(forTimeInterval: seconds(interval)) }
        }
        state.update { $0.stoppedWriters += 1 }
    }

    private func write(_ batch: [Completion]) -> Bool {
        do {
            let recorded = try pool.withConnection { try Completion.write(batch, worker: worker, on: $0) }
            onWrite(batch, recorded)
            return true
        } catch {
            onError(error)
            return false
        }
    }
}
