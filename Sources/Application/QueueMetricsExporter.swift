import Queue
import Runtime
import Synchronization

/// Puts the queue's metrics on the daemon's registry: the worker's own tallies
/// (claims, completions by outcome, handler duration, lateness) and the
/// database's view shared by every daemon (jobs by queue and state, the oldest
/// due job's age, paused queues).
///
/// Everything is read at scrape time through callbacks, so the Queue module
/// keeps its plain `QueueMetrics` value and knows nothing of Prometheus. The
/// statistics query blocks: it runs on the scraping HTTP thread (never the
/// cooperative pool), at most once per `cacheDuration` however many families
/// ask, and concurrent scrapes wait for the one query rather than each running
/// it. When it fails the database's series are left out (absent, not stale) and
/// `booknow_queue_statistics_errors_total` counts the failure.
struct QueueMetricsExporter: Sendable {
    /// Queues always reported in the jobs and paused gauges, even when empty
    /// (the worker's configured queues), so their series do not come and go.
    let queues: [String]
    let workerMetrics: @Sendable () -> QueueMetrics
    private let statistics: StatisticsCache

    init(
        queues: [String] = [], cacheDuration: Duration = .seconds(5),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        workerMetrics: @escaping @Sendable () -> QueueMetrics,
        fetchStatistics: @escaping @Sendable () throws -> QueueStatistics
    ) {
        self.queues = queues
        self.workerMetrics = workerMetrics
        self.statistics = StatisticsCache(duration: cacheDuration, now: now, fetch: fetchStatistics)
    }

    /// Registers every queue family on `registry`; call once, when the worker is built.
    func register(on registry: MetricsRegistry) {
        registerStatistics(on: registry)
        registerWorker(on: registry)
    }

    private func registerStatistics(on registry: MetricsRegistry) {
        let statistics = self.statistics
        let known = queues
        registry.callbackGauges("booknow_queue_jobs", help: "Jobs in the database by queue and state (every daemon reports the same).") {
            guard let current = statistics.current() else { return [:] }
            let names = Set(known + current.pausedQueues + current.counts.map(\.queue))
            var values: [[String: String]: Double] = [:]
            for queue in names {
                for state in JobState.allCases { values[["queue": queue, "state": state.rawValue]] = 0 }
            }
            for count in current.counts { values[["queue": count.queue, "state": count.state.rawValue], default: 0] += Double(count.count) }
            return values
        }
        registry.callbackGauges("booknow_queue_oldest_due_seconds", help: "How late the oldest due, unclaimed job is (0 when none is due).") {
            statistics.current().map { [[:]: $0.oldestDueLatenessSeconds] } ?? [:]
        }
        registry.callbackGauges("booknow_queue_paused", help: "1 while a queue is paused (by an operator or a circuit breaker), else 0.") {
            guard let current = statistics.current() else { return [:] }
            let paused = Set(current.pausedQueues)
            let names = Set(known + current.pausedQueues + current.counts.map(\.queue))
            return Dictionary(uniqueKeysWithValues: names.map { (["queue": $0], paused.contains($0) ? 1 : 0) })
        }
        registry.callbackCounters("booknow_queue_statistics_errors_total", help: "Scrapes whose queue statistics query failed.") {
            [[:]: Double(statistics.failures)]
        }
    }

    private func registerWorker(on registry: MetricsRegistry) {
        let metrics = workerMetrics
        registry.callbackCounters("booknow_queue_claimed_total", help: "Jobs this worker claimed, by queue.") {
            Dictionary(uniqueKeysWithValues: metrics().claimed.map { (["queue": $0.key], Double($0.value)) })
        }
        registry.callbackCounters("booknow_queue_claim_statements_total", help: "Claim statements this worker ran (each takes a batch).") {
            [[:]: Double(metrics().claimStatements)]
        }
        registry.callbackCounters("booknow_queue_completions_total", help: "Completions this worker wrote, by queue and outcome.") {
            Dictionary(uniqueKeysWithValues: metrics().completions.map {
                (["queue": $0.key.queue, "outcome": $0.key.outcome], Double($0.value))
            })
        }
        registry.callbackCounters("booknow_queue_completions_dropped_total",
                                  help: "Completions the guard dropped: the job was rescued or another worker holds it.") {
            [[:]: Double(metrics().completionsDropped)]
        }
        registry.callbackCounters("booknow_queue_rescued_total",
                                  help: "Running jobs this worker's rescuer returned, by cause: an expired lease, or a worker whose heartbeat stopped.") {
            let current = metrics()
            return [["cause": "lease_expired"]: Double(current.rescued - current.lost), ["cause": "worker_lost"]: Double(current.lost)]
        }
        registry.callbackCounters("booknow_queue_fenced_passes_total",
                                  help: "Claim passes skipped because this worker could not write its heartbeat for half the timeout.") {
            [[:]: Double(metrics().fencedPasses)]
        }
        registry.callbackCounters("booknow_queue_released_total", help: "Jobs released to retryable at shutdown.") {
            [[:]: Double(metrics().released)]
        }
        registry.callbackCounters("booknow_queue_errors_total", help: "Worker passes that failed on the database, by stage.") {
            let current = metrics()
            return [["stage": "claim"]: Double(current.claimErrors), ["stage": "completion"]: Double(current.completionErrors),
                    ["stage": "maintenance"]: Double(current.maintenanceErrors), ["stage": "heartbeat"]: Double(current.heartbeatErrors)]
        }
        let shape = QueueMetrics()
        registry.callbackHistograms("booknow_queue_handler_duration_seconds", help: "Seconds a job handler ran.",
                                    buckets: shape.handlerDuration.bounds) {
            [[:]: Self.snapshot(metrics().handlerDuration)]
        }
        registry.callbackHistograms("booknow_queue_lateness_seconds", help: "Seconds from a job's run_at to its claim.",
                                    buckets: shape.lateness.bounds) {
            [[:]: Self.snapshot(metrics().lateness)]
        }
    }

    /// The worker's per-bucket counts with its overflow as the `+Inf` bucket.
    static func snapshot(_ histogram: Queue.Histogram) -> Runtime.Histogram.Snapshot {
        Runtime.Histogram.Snapshot(
            counts: histogram.counts.map(UInt64.init) + [UInt64(histogram.overflow)], sum: histogram.sum, count: UInt64(histogram.count))
    }
}

/// The last `QueueStatistics`, refetched when older than `duration`.
private final class StatisticsCache: Sendable {
    private struct State {
        var fetchedAt: ContinuousClock.Instant?
        var value: QueueStatistics?
        var failures = 0
    }

    private let duration: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let fetch: @Sendable () throws -> QueueStatistics
    private let state = Mutex(State())

    init(duration: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant, fetch: @escaping @Sendable () throws -> QueueStatistics) {
        self.duration = duration
        self.now = now
        self.fetch = fetch
    }

    /// The cached statistics, or fresh ones; nil when the last fetch failed.
    /// The lock is held across the query on purpose, so concurrent scrapes share it.
    func current() -> QueueStatistics? {
        state.withLock { state in
            let time = now()
            if let fetchedAt = state.fetchedAt, time - fetchedAt < duration { return state.value }
            state.fetchedAt = time
            do {
                state.value = try fetch()
            } catch {
                state.value = nil
                state.failures += 1
            }
            return state.value
        }
    }

    var failures: Int { state.withLock { $0.failures } }
}
