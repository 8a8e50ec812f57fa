import Foundation
import Synchronization

/// Heartbeats and self-fencing.
///
/// Peers call this worker dead once its heartbeat is older than
/// `heartbeatTimeout`, and then hand its running jobs to others. So this worker
/// stops claiming and starts no handler once it has not written a heartbeat for
/// half that: a handler it started before then has the other half to finish
/// before anyone else may take the job. A job claimed but not started when the
/// fence came is never run by this claim: it is released (if still held) once
/// a heartbeat is written again.
extension Worker {
    /// Writes the heartbeat every `heartbeatInterval` until shutdown has released
    /// the worker's jobs.
    func heartbeatLoop() {
        while !state.withLock({ $0.stopHeartbeat }) {
            try? heartbeat()
            state.wait(timeout: configuration.heartbeatInterval) { $0.stopHeartbeat }
        }
        state.update { $0.heartbeatStopped = true }
    }

    /// Writes the heartbeat once, now; after a fence, lifts it and releases the
    /// jobs the fence kept from running. The heartbeat thread calls this every
    /// interval; tests call it after moving the database clock.
    public func heartbeat() throws {
        let begun = configuration.clock.now()
        do {
            try heartbeats.beat()
        } catch {
            recorder.withLock { $0.heartbeatErrors += 1 }
            failures.failed(.heartbeat, error)
            throw error
        }
        failures.succeeded(.heartbeat)
        let (first, wasFenced, abandoned) = state.update { state -> (Bool, Bool, [Int64]) in
            let first = state.lastHeartbeat == nil
            // Measured from when the write began: the row's time is no earlier.
            state.lastHeartbeat = max(state.lastHeartbeat ?? begun, begun)
            let wasFenced = state.fenceReported
            state.fenceReported = false
            let abandoned = state.abandoned
            state.abandoned.removeAll()
            return (first, wasFenced, abandoned)
        }
        if wasFenced { configuration.events(.unfenced) }
        if !abandoned.isEmpty {
            do {
                _ = try store.release(notStarted: abandoned, started: [])
            } catch {
                state.withLock { $0.abandoned.append(contentsOf: abandoned) }
            }
        }
        if first || wasFenced { wake() }
    }

    /// True when no heartbeat has been written for half the timeout (or none yet).
    public var isFenced: Bool {
        let now = configuration.clock.now()
        return state.withLock { isFenced($0, now: now) }
    }

    func isFenced(_ state: State, now: Date) -> Bool {
        guard let last = state.lastHeartbeat else { return true }
        return now.timeIntervalSince(last) > seconds(configuration.heartbeatTimeout) / 2
    }

    /// Called by the claim loop instead of claiming: counts the pass and reports
    /// the fence once (not before the first heartbeat has had half the timeout).
    func skipFencedPass() {
        let now = configuration.clock.now()
        let report = state.update { state -> Date?? in
            state.fencedPasses += 1
            let overdue = state.lastHeartbeat != nil
                || (state.startedAt.map { now.timeIntervalSince($0) > seconds(configuration.heartbeatTimeout) / 2 } ?? true)
            guard overdue && !state.fenceReported else { return nil }
            state.fenceReported = true
            return .some(state.lastHeartbeat)
        }
        recorder.withLock { $0.fencedPasses += 1 }
        if let last = report { configuration.events(.fenced(lastHeartbeat: last)) }
    }

    /// Keeps a claimed job from running while fenced; the next heartbeat releases it.
    func abandon(_ job: Job) {
        let empty = state.withLock { state -> Bool in
            state.started.remove(job.id)
            state.abandoned.append(job.id)
            state.inFlight[job.queue, default: 1] -= 1
            return state.totalInFlight == 0
        }
        if empty { state.signal() }
    }

    /// Blocks until the claim loop has skipped a pass for the fence after this
    /// call (or `timeout`). For tests.
    @discardableResult
    public func waitUntilFenced(timeout: Duration) -> Bool {
        let since = state.withLock { $0.fencedPasses }
        wake()
        return state.wait(timeout: timeout) { $0.fencedPasses > since }
    }
}
