public import Foundation
public import Postgres
import Synchronization

/// Runs registered job kinds from named queues: claims due jobs in batches,
/// runs their handlers on dedicated threads, writes their outcomes in batches,
/// rescues expired leases, enqueues periodic jobs and prunes finished ones.
///
/// Threads, all dedicated (blocking libpq calls never touch Swift's cooperative
/// pool): one claim loop, one listener (its own connection), the completion
/// writers, one maintenance loop, one heartbeat and `handlerThreads` handler
/// threads (by default one per unit of total queue concurrency). The claim loop, the writers, maintenance and the
/// heartbeat borrow connections from `pool`; size it for them plus whatever the
/// handlers borrow.
///
/// Lifecycle: `start()` once, `shutdown(timeout:)` once. Several workers, in one
/// process or many, may share a database: claims use SKIP LOCKED and completions
/// are guarded by `locked_by`, so each job runs once per claim. A worker that
/// cannot write its heartbeat fences itself before its peers may call it dead
/// (`Worker+Heartbeat.swift`).
public final class Worker: Sendable {
    enum Phase: Sendable { case idle, running, stopping, stopped }

    struct State: Sendable {
        var phase = Phase.idle
        var inFlight: [String: Int] = [:]
        /// Claimed jobs waiting for a handler thread.
        var queued = Backlog<Job>()
        /// Jobs whose handler is running.
        var started: Set<Int64> = []
        var claimLoopStopped = false
        var passes = 0
        var lastPassClaimed = 0
        var lastPassWriteSequence = 0
        var lastPassAt: Date?
        var consecutiveFailures = 0
        var writeSequence = 0
        var unwritten = 0
        var completed = 0
        /// By `configuration.clock`: when the worker started, and when the last
        /// heartbeat that succeeded was begun (nil until the first).
        var startedAt: Date?
        var lastHeartbeat: Date?
        /// Whether the current fence was reported (one event per fence).
        var fenceReported = false
        /// Claim passes skipped because the worker was fenced.
        var fencedPasses = 0
        /// Claimed jobs not run because the worker was fenced: released (if still
        /// held) by the next heartbeat that succeeds, or at shutdown.
        var abandoned: [Int64] = []
        var stopHeartbeat = false
        var heartbeatStopped = false
        var totalInFlight: Int { inFlight.values.reduce(0, +) }
    }

    public let configuration: WorkerConfiguration
    let registry: JobRegistry
    let pool: ConnectionPool
    let store: JobStore
    let maintenance: Maintenance
    let heartbeats: Heartbeats
    let failures: FailureReporter
    let state = Monitor(State())
    /// Set by a notification, a completion that frees capacity or a stop; consumed by the claim loop.
    let wakeup = Monitor(false)
    let available = DispatchSemaphore(value: 0)
    let recorder = Mutex(QueueMetrics())
    private let completerBox = Mutex<Completer?>(nil)
    var completer: Completer? { completerBox.withLock { $0 } }
    private let listenerBox = Mutex<Listener?>(nil)

    public init(pool: ConnectionPool, registry: JobRegistry, configuration: WorkerConfiguration = WorkerConfiguration()) {
        self.pool = pool
        self.registry = registry
        self.configuration = configuration
        self.store = JobStore(pool: pool, worker: configuration.name, kinds: registry.kinds.keys.sorted())
        self.maintenance = Maintenance(
            pool: pool, periodic: registry.periodic, finishedRetention: configuration.finishedRetention,
            deadRetention: configuration.deadRetention, attemptRetention: configuration.attemptRetention,
            worker: configuration.name, heartbeatTimeout: configuration.heartbeatTimeout,
            retentionRules: configuration.retentionRules)
        self.heartbeats = Heartbeats(pool: pool, worker: configuration.name, version: configuration.version,
                                     timeout: configuration.heartbeatTimeout, lease: configuration.lease)
        self.failures = FailureReporter(interval: Self.failureReportInterval, clock: configuration.clock, emit: configuration.events)
    }

    /// At most one report per part this often while it keeps failing.
    static let failureReportInterval: Duration = .seconds(60)

    /// Starts every thread. Claims begin at once; a job enqueued for now is
    /// picked up through the listener, not the poll interval.
    /// - Throws: `QueueError.lifecycle` when already started.
    public func start() throws {
        let now = configuration.clock.now()
        try state.update { state in
            guard state.phase == .idle else { throw QueueError(.lifecycle, "worker \(configuration.name) was already started") }
            state.phase = .running
            state.startedAt = now
        }
        // First, so that the claim loop (fenced until a heartbeat is written) starts soon.
        spawn("queue-heartbeat") { [self] in heartbeatLoop() }
        let completer = Completer(
            pool: pool, worker: configuration.name, batchSize: configuration.completionBatchSize,
            interval: configuration.completionFlushInterval, writers: configuration.completionWriters,
            onWrite: { [self] batch, recorded in recordWrite(batch, recorded: recorded) },
            onError: { [self] error in
                recorder.withLock { $0.completionErrors += 1 }
                failures.failed(.completion, error)
            })
        completerBox.withLock { $0 = completer }
        completer.start()
        let listener = Listener(configuration: pool.configuration, failures: failures) { [self] in wake() }
        listenerBox.withLock { $0 = listener }
        listener.start()
        for index in 0..<configuration.handlerThreads {
            spawn("queue-handler-\(index)") { [self] in handlerLoop() }
        }
        spawn("queue-claim") { [self] in claimLoop() }
        spawn("queue-maintenance") { [self] in maintenanceLoop() }
    }

    /// Stops claiming, waits up to `timeout` for running handlers, writes every
    /// outcome, then releases what is left (not started, or still running) to
    /// `retryable` so another worker takes it at once rather than after the lease,
    /// and deletes the worker's heartbeat row. The heartbeat goes on until then,
    /// so no peer takes a job whose handler is still finishing.
    @discardableResult
    public func shutdown(timeout: Duration) -> ShutdownReport {
        let wasRunning = state.update { state -> Bool in
            let running = state.phase == .running
            if running { state.phase = .stopping }
            return running
        }
        guard wasRunning else { return ShutdownReport(drained: true, released: 0) }
        wake()
        listenerBox.withLock { $0 }?.stop()
        state.wait(timeout: .seconds(30)) { $0.claimLoopStopped }
        let drained = state.wait(timeout: timeout) { $0.totalInFlight == 0 }
        let (notStarted, started) = state.update { state -> ([Int64], [Int64]) in
            let waiting = state.queued.waiting.map(\.id) + state.abandoned
            state.queued.removeAll()
            state.abandoned.removeAll()
            state.phase = .stopped
            return (waiting, Array(state.started))
        }
        for _ in 0..<configuration.handlerThreads { available.signal() }
        completerBox.withLock { $0 }?.drainAndStop(timeout: .seconds(10))
        let released = (try? store.release(notStarted: notStarted, started: started)) ?? 0
        recorder.withLock { $0.released += released }
        // The heartbeat stops last: until the release nothing of ours may look dead.
        state.update { $0.stopHeartbeat = true }
        state.wait(timeout: .seconds(30)) { $0.heartbeatStopped }
        try? heartbeats.remove()
        return ShutdownReport(drained: drained, released: released)
    }

    /// Makes the claim loop look for work now (after moving the test clock, say).
    public func wake() {
        wakeup.update { $0 = true }
    }

    /// A snapshot of this worker's counters and histograms.
    public var metrics: QueueMetrics { recorder.withLock { $0 } }

    /// Whether the claim loop is alive and reaching the database: what the
    /// systemd watchdog is fed on.
    public var health: WorkerHealth {
        let now = configuration.clock.now()
        return state.withLock { state in
            let recent = state.lastPassAt.map { now.timeIntervalSince($0) <= seconds(configuration.healthTolerance) } ?? false
            return WorkerHealth(
                isHealthy: state.phase == .running && recent && state.consecutiveFailures == 0,
                lastClaimPass: state.lastPassAt, consecutiveFailures: state.consecutiveFailures,
                inFlight: state.totalInFlight)
        }
    }

    /// Blocks until at least `count` outcomes have been written since start, or `timeout`.
    @discardableResult
    public func waitForCompletions(_ count: Int, timeout: Duration) -> Bool {
        state.wait(timeout: timeout) { $0.completed >= count }
    }

    /// Outcomes written so far (through the guard or dropped by it).
    public var completedCount: Int { state.withLock { $0.completed } }

    /// Blocks until the worker is idle: nothing running, nothing unwritten, and a
    /// claim pass that started after the last write (and after this call) found
    /// nothing due. For tests; returns false on timeout.
    @discardableResult
    public func waitUntilIdle(timeout: Duration) -> Bool {
        let since = state.withLock { $0.passes }
        wake()
        return state.wait(timeout: timeout) { state in
            state.passes > since && state.lastPassClaimed == 0 && state.lastPassWriteSequence == state.writeSequence
                && state.totalInFlight == 0 && state.unwritten == 0
        }
    }

    /// Runs the rescuer, the periodic scheduler and pruning once, now. The
    /// maintenance thread does this every `maintenanceInterval`; tests and the
    /// operator tool call it directly.
    @discardableResult
    public func runMaintenance() throws -> MaintenanceReport {
        let report = try maintenance.run()
        recordRescue(rescued: report.rescued, lost: report.lost)
        return report
    }

    func recordRescue(rescued: Int, lost: Int) {
        recorder.withLock {
            $0.rescued += rescued
            $0.lost += lost
        }
        if rescued > 0 { configuration.events(.rescued(total: rescued, lost: lost)) }
    }

    private func recordWrite(_ batch: [Completion], recorded: [Int64: String]) {
        failures.succeeded(.completion)
        for completion in batch {
            if let outcome = recorded[completion.jobID] { configuration.events(.finished(completion.finished(recorded: outcome))) }
        }
        let written = recorded.count
        var wakeLoop = false
        recorder.withLock { metrics in
            metrics.completionFlushes += 1
            metrics.completionsDropped += batch.count - written
            for completion in batch {
                metrics.completions[QueueMetrics.OutcomeKey(queue: completion.queue, outcome: completion.outcome), default: 0] += 1
                if completion.handlerRan { metrics.handlerDuration.observe(completion.durationMilliseconds / 1000) }
                if completion.nextState == .retryable || completion.nextState == .scheduled { wakeLoop = true }
            }
        }
        let drained = state.update { state -> Bool in
            state.completed += batch.count
            state.unwritten -= batch.count
            state.writeSequence += 1
            return state.totalInFlight == 0 && state.unwritten == 0
        }
        // A retry or snooze may be due before the loop's current sleep ends; and
        // once everything is written, one more pass lets `waitUntilIdle` see it.
        if wakeLoop || drained { wake() }
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }
}

/// What `Worker.shutdown` did.
public struct ShutdownReport: Sendable, Equatable {
    /// True when every running handler finished within the timeout.
    public var drained: Bool
    /// Jobs returned to `retryable` (never started, or still running at the timeout).
    public var released: Int
}

/// The claim loop's health, for the watchdog and `/health`.
public struct WorkerHealth: Sendable, Equatable {
    public var isHealthy: Bool
    public var lastClaimPass: Date?
    public var consecutiveFailures: Int
    public var inFlight: Int
}
