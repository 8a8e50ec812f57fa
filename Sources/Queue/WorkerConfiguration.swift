import Foundation

/// How a worker runs: its queues, timings and retentions. Every default is the
/// daemon's default; tests shorten the timings.
public struct WorkerConfiguration: Sendable {
    /// Written to `jobs.locked_by` and `job_attempts.worker`; unique per process
    /// so that one worker's late answers cannot complete another's claims.
    public var name: String
    /// Queue name → how many of its jobs this worker has in flight at once.
    public var queues: [String: Int]
    /// Threads running handlers. A blocking handler holds one for its whole
    /// run; a finishing one (a send handed to a transport) only until it has
    /// handed the work over, so a few threads keep many sends in flight.
    /// The queues' concurrency added up by default: one thread per job in flight.
    public var handlerThreads: Int
    /// The longest the claim loop sleeps without a notification.
    public var pollInterval: Duration
    /// How long a claim holds a job before the rescuer may hand it to another worker.
    public var lease: Duration
    /// Completions are written when this many are waiting…
    public var completionBatchSize: Int
    /// …or when the oldest has waited this long.
    public var completionFlushInterval: Duration
    /// Threads (and connections) writing completion batches side by side.
    public var completionWriters: Int
    /// How often the rescuer, the periodic scheduler and pruning run.
    public var maintenanceInterval: Duration
    /// How often the rescuer alone runs between maintenance runs: a dead
    /// worker's jobs return at most this long after its heartbeat times out.
    /// The heartbeat interval by default.
    public var rescueInterval: Duration
    /// Succeeded and cancelled jobs leave the table after this long.
    public var finishedRetention: Duration
    /// Dead jobs stay for operators this long.
    public var deadRetention: Duration
    /// Attempt history stays this long.
    public var attemptRetention: Duration
    /// The claim loop counts as unhealthy when it has not finished a pass for this long.
    public var healthTolerance: Duration
    /// A worker whose heartbeat is older than this is dead and its running jobs
    /// are rescued; one that cannot write its heartbeat for half of it fences
    /// itself (claims nothing, starts no handler).
    public var heartbeatTimeout: Duration
    /// How often the heartbeat is written: a sixth of the timeout by default,
    /// so two missed beats still leave a margin before the fence.
    public var heartbeatInterval: Duration
    /// Recorded with the heartbeat, for operators (`queue_workers.version`).
    public var version: String
    /// Other tables pruned by age in the maintenance loop (receipts, idempotency keys).
    public var retentionRules: [RetentionRule]
    /// Receives failures, fences, rescues and every written outcome, for logging.
    /// Called on the worker's threads; must not block for long.
    public var events: @Sendable (QueueEvent) -> Void
    public var clock: any QueueClock
    /// Returns a number in [0, 1) for retry jitter; injected so tests can pin it.
    public var random: @Sendable () -> Double

    public init(
        name: String = WorkerConfiguration.defaultName(),
        queues: [String: Int] = ["default": 10],
        handlerThreads: Int? = nil,
        pollInterval: Duration = .seconds(5),
        lease: Duration = .seconds(300),
        completionBatchSize: Int = 100,
        completionFlushInterval: Duration = .milliseconds(100),
        completionWriters: Int = 2,
        maintenanceInterval: Duration = .seconds(10),
        finishedRetention: Duration = .seconds(24 * 3600),
        deadRetention: Duration = .seconds(14 * 24 * 3600),
        attemptRetention: Duration = .seconds(30 * 24 * 3600),
        healthTolerance: Duration? = nil,
        heartbeatTimeout: Duration = .seconds(30),
        heartbeatInterval: Duration? = nil,
        rescueInterval: Duration? = nil,
        version: String = "unknown",
        retentionRules: [RetentionRule] = [],
        events: @escaping @Sendable (QueueEvent) -> Void = { _ in },
        clock: any QueueClock = SystemQueueClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        precondition(!queues.isEmpty && queues.values.allSatisfy { $0 > 0 }, "a worker needs queues with positive concurrency")
        precondition(completionBatchSize > 0 && completionWriters > 0, "completions need a batch size and a writer")
        precondition(heartbeatTimeout >= .seconds(2), "a heartbeat timeout under 2 s leaves no room for a beat")
        self.name = name
        self.queues = queues
        self.handlerThreads = handlerThreads ?? queues.values.reduce(0, +)
        precondition(self.handlerThreads > 0, "a worker needs a handler thread")
        self.pollInterval = pollInterval
        self.lease = lease
        self.completionBatchSize = completionBatchSize
        self.completionFlushInterval = completionFlushInterval
        self.completionWriters = completionWriters
        self.maintenanceInterval = maintenanceInterval
        self.finishedRetention = finishedRetention
        self.deadRetention = deadRetention
        self.attemptRetention = attemptRetention
        self.healthTolerance = healthTolerance ?? pollInterval * 3 + .seconds(10)
        self.heartbeatTimeout = heartbeatTimeout
        self.heartbeatInterval = heartbeatInterval ?? heartbeatTimeout / 6
        self.rescueInterval = rescueInterval ?? self.heartbeatInterval
        self.version = version
        self.retentionRules = retentionRules
        self.events = events
        self.clock = clock
        self.random = random
    }

    /// `host:pid:random`, so two processes on one host never share a name.
    public static func defaultName() -> String {
        let host = ProcessInfo.processInfo.hostName
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return "\(host):\(ProcessInfo.processInfo.processIdentifier):\(suffix)"
    }

}
