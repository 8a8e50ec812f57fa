/// What one worker has done since it started: plain counters and histograms the
/// worker updates under a lock, handed out as a value snapshot so the daemon
/// can export them (Prometheus) without this module knowing the exporter.
///
/// Depth by state, the oldest due job's age and paused queues are the
/// database's view, shared by all daemons: `QueueStatistics.fetch`.
public struct QueueMetrics: Sendable, Equatable {
    /// A queue and an outcome (`succeeded`, `retry`, `snooze`, `cancel`, `dead`, `expired`).
    public struct OutcomeKey: Hashable, Sendable {
        public var queue: String
        public var outcome: String
    }

    /// Claim statements run (each takes a batch).
    public var claimStatements = 0
    /// Jobs claimed, by queue.
    public var claimed: [String: Int] = [:]
    /// Completions written, by queue and outcome.
    public var completions: [OutcomeKey: Int] = [:]
    /// Completion statements run (each writes a batch).
    public var completionFlushes = 0
    /// Completions the guard dropped (the job was rescued, or another worker holds it).
    public var completionsDropped = 0
    /// Running jobs returned by this worker's rescuer (expired leases and dead workers' jobs).
    public var rescued = 0
    /// Of `rescued`, the jobs of workers whose heartbeat stopped.
    public var lost = 0
    /// Claim passes skipped because this worker could not write its heartbeat.
    public var fencedPasses = 0
    /// Heartbeats that failed to write.
    public var heartbeatErrors = 0
    /// Jobs released to `retryable` at shutdown.
    public var released = 0
    /// Claim passes that failed (the database was unreachable).
    public var claimErrors = 0
    /// Completion batches that failed to write and were kept for another try.
    public var completionErrors = 0
    /// Maintenance runs (rescue, periodic, pruning) that failed.
    public var maintenanceErrors = 0
    /// Seconds a handler ran, observed when its outcome is written.
    public var handlerDuration = Histogram(bounds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30])
    /// Seconds from `run_at` to the claim: how late jobs start.
    public var lateness = Histogram(bounds: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300])

    public init() {}
}

/// A histogram with fixed upper bounds, as Prometheus counts them.
public struct Histogram: Sendable, Equatable {
    /// Upper bounds, ascending; an observation above the last lands in `overflow`.
    public let bounds: [Double]
    /// Observations per bucket (not cumulative): `counts[i]` ≤ `bounds[i]`.
    public private(set) var counts: [Int]
    public private(set) var overflow = 0
    public private(set) var sum = 0.0
    public private(set) var count = 0

    public init(bounds: [Double]) {
        precondition(bounds == bounds.sorted(), "histogram bounds ascend")
        self.bounds = bounds
        self.counts = Array(repeating: 0, count: bounds.count)
    }

    public mutating func observe(_ value: Double) {
        count += 1
        sum += value
        if let index = bounds.firstIndex(where: { value <= $0 }) {
            counts[index] += 1
        } else {
            overflow += 1
        }
    }
}
