import Runtime
import Synchronization
import Testing

@Suite("Callback families export metrics kept outside the registry, with labels known only at scrape time")
struct MetricsCallbackTests {
    @Test func callbackGaugesAndCountersReportEverySeriesTheCallbackReturns() throws {
        let registry = MetricsRegistry()
        let depth = Mutex<[[String: String]: Double]>([["queue": "email", "state": "scheduled"]: 3])
        registry.callbackGauges("booknow_jobs", help: "Jobs by queue and state.") { depth.withLock { $0 } }
        registry.callbackCounters("booknow_claims_total", help: "Jobs claimed.") { [["queue": "sms"]: 7, ["queue": "email"]: 2] }
        registry.counter("booknow_other_total", help: "A fixed counter.").increment()

        var parsed = try ExpositionParser(registry.render())
        #expect(parsed.types["booknow_jobs"] == "gauge" && parsed.types["booknow_claims_total"] == "counter")
        #expect(parsed.value("booknow_jobs", ["queue": "email", "state": "scheduled"]) == 3)
        #expect(parsed.value("booknow_claims_total", ["queue": "sms"]) == 7)
        #expect(parsed.value("booknow_claims_total", ["queue": "email"]) == 2)
        #expect(parsed.value("booknow_other_total") == 1)

        // A label set that appears later is exported at the very next scrape.
        depth.withLock { $0[["queue": "sms", "state": "dead"]] = 1 }
        parsed = try ExpositionParser(registry.render())
        #expect(parsed.value("booknow_jobs", ["queue": "sms", "state": "dead"]) == 1)
        #expect(parsed.samples.filter { $0.name == "booknow_jobs" }.count == 2)
    }

    @Test func callbackHistogramsRenderCumulativeBucketsFromNonCumulativeCounts() throws {
        let registry = MetricsRegistry()
        registry.callbackHistograms("booknow_lateness_seconds", help: "Lateness.", buckets: [1, 10]) {
            [["queue": "email"]: Histogram.Snapshot(counts: [2, 3, 1], sum: 40.5, count: 6)]
        }
        let parsed = try ExpositionParser(registry.render())
        let email = ["queue": "email"]
        #expect(parsed.types["booknow_lateness_seconds"] == "histogram")
        #expect(parsed.value("booknow_lateness_seconds_bucket", email.merging(["le": "1"]) { $1 }) == 2)
        #expect(parsed.value("booknow_lateness_seconds_bucket", email.merging(["le": "10"]) { $1 }) == 5)
        #expect(parsed.value("booknow_lateness_seconds_bucket", email.merging(["le": "+Inf"]) { $1 }) == 6)
        #expect(parsed.value("booknow_lateness_seconds_sum", email) == 40.5)
        #expect(parsed.value("booknow_lateness_seconds_count", email) == 6)
    }

    @Test func registeringACallbackFamilyAgainReplacesItsCallback() throws {
        let registry = MetricsRegistry()
        registry.callbackGauges("booknow_paused", help: "Paused queues.") { [["queue": "sms"]: 1] }
        registry.callbackGauges("booknow_paused", help: "Paused queues.") { [["queue": "sms"]: 0] }
        let parsed = try ExpositionParser(registry.render())
        #expect(parsed.samples.filter { $0.name == "booknow_paused" } == [.init(name: "booknow_paused", labels: ["queue": "sms"], value: 0)])
    }
}
