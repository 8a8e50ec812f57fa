@testable import Application
@testable import Queue
import Runtime
import Synchronization
import Testing

@Suite("QueueMetricsExporter puts the worker's tallies and the database's view on /metrics")
struct QueueMetricsExporterTests {
    /// Rendered samples keyed by `name{labels}` exactly as the registry writes them (label names sorted).
    private func samples(_ registry: MetricsRegistry) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in registry.render().split(separator: "\n") where !line.hasPrefix("#") {
            let space = line.lastIndex(of: " ")!
            samples[String(line[..<space])] = Double(line[line.index(after: space)...]) ?? .nan
        }
        return samples
    }

    private static let statistics = QueueStatistics(
        counts: [
            .init(queue: "email", kind: "send_message", state: .dead, count: 2),
            .init(queue: "email", kind: "slot_released", state: .dead, count: 1),
            .init(queue: "email", kind: "send_message", state: .scheduled, count: 5),
            .init(queue: "sms", kind: "send_message", state: .retryable, count: 4),
        ],
        oldestDueLatenessSeconds: 42.5, pausedQueues: ["sms"])

    @Test func exportsJobsByQueueAndStatePausedQueuesAndOldestDueAge() throws {
        let fetches = Mutex(0)
        let registry = MetricsRegistry()
        QueueMetricsExporter(queues: ["default", "email"], workerMetrics: { QueueMetrics() }) {
            fetches.withLock { $0 += 1 }
            return Self.statistics
        }.register(on: registry)

        let values = samples(registry)
        #expect(values[#"booknow_queue_jobs{queue="email",state="dead"}"#] == 3)
        #expect(values[#"booknow_queue_jobs{queue="email",state="scheduled"}"#] == 5)
        #expect(values[#"booknow_queue_jobs{queue="sms",state="retryable"}"#] == 4)
        #expect(values[#"booknow_queue_jobs{queue="default",state="running"}"#] == 0)
        #expect(values.keys.filter { $0.hasPrefix("booknow_queue_jobs{") }.count == 3 * JobState.allCases.count)
        #expect(values["booknow_queue_oldest_due_seconds"] == 42.5)
        #expect(values[#"booknow_queue_paused{queue="sms"}"#] == 1)
        #expect(values[#"booknow_queue_paused{queue="email"}"#] == 0 && values[#"booknow_queue_paused{queue="default"}"#] == 0)
        #expect(values["booknow_queue_statistics_errors_total"] == 0)
        // One query serves every family of a scrape, and the next scrape within the cache's life.
        _ = registry.render()
        #expect(fetches.withLock { $0 } == 1)
    }

    @Test func exportsClaimsCompletionsAndBothHistogramsFromTheWorkersSnapshot() throws {
        var metrics = QueueMetrics()
        metrics.claimStatements = 2
        metrics.claimed = ["email": 7]
        metrics.completions = [.init(queue: "email", outcome: "succeeded"): 5, .init(queue: "email", outcome: "dead"): 2]
        metrics.claimErrors = 1
        for seconds in [0.003, 0.2, 45] { metrics.handlerDuration.observe(seconds) }
        for seconds in [0.05, 0.3, 400] { metrics.lateness.observe(seconds) }
        let snapshot = metrics
        let registry = MetricsRegistry()
        QueueMetricsExporter(workerMetrics: { snapshot }) { Self.statistics }.register(on: registry)

        let values = samples(registry)
        #expect(values[#"booknow_queue_claimed_total{queue="email"}"#] == 7)
        #expect(values["booknow_queue_claim_statements_total"] == 2)
        #expect(values[#"booknow_queue_completions_total{outcome="succeeded",queue="email"}"#] == 5)
        #expect(values[#"booknow_queue_completions_total{outcome="dead",queue="email"}"#] == 2)
        #expect(values[#"booknow_queue_errors_total{stage="claim"}"#] == 1 && values[#"booknow_queue_errors_total{stage="completion"}"#] == 0)
        #expect(values[#"booknow_queue_handler_duration_seconds_bucket{le="0.005"}"#] == 1)
        #expect(values[#"booknow_queue_handler_duration_seconds_bucket{le="0.25"}"#] == 2)
        #expect(values[#"booknow_queue_handler_duration_seconds_bucket{le="30"}"#] == 2)
        #expect(values[#"booknow_queue_handler_duration_seconds_bucket{le="+Inf"}"#] == 3)
        #expect(values["booknow_queue_handler_duration_seconds_count"] == 3)
        #expect(values[#"booknow_queue_lateness_seconds_bucket{le="0.1"}"#] == 1)
        #expect(values[#"booknow_queue_lateness_seconds_bucket{le="300"}"#] == 2)
        #expect(values[#"booknow_queue_lateness_seconds_bucket{le="+Inf"}"#] == 3)
        #expect(abs(values["booknow_queue_lateness_seconds_sum"]! - 400.35) < 1e-9)
    }

    struct Unreachable: Error {}

    @Test func aFailedStatisticsQueryLeavesTheDatabaseSeriesOutAndIsCounted() throws {
        let registry = MetricsRegistry()
        QueueMetricsExporter(queues: ["email"], cacheDuration: .zero, workerMetrics: { QueueMetrics() }) {
            throw Unreachable()
        }.register(on: registry)
        var values = samples(registry)
        #expect(!values.keys.contains { $0.hasPrefix("booknow_queue_jobs") || $0.hasPrefix("booknow_queue_paused") })
        #expect(values["booknow_queue_oldest_due_seconds"] == nil)
        #expect(values["booknow_queue_claim_statements_total"] == 0)
        values = samples(registry)
        #expect(values["booknow_queue_statistics_errors_total"] == 6)
    }
}
