import HTTPServer
import Runtime

/// Request latency by route and method, and answers by route and status
/// class, for `/metrics` (p50/p99 per route come from the histogram).
struct RequestMetrics: Sendable {
    let metrics: MetricsRegistry
    static let buckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5]

    init(_ metrics: MetricsRegistry) {
        self.metrics = metrics
    }

    /// The router's observer: labels are route patterns, never raw paths, so
    /// tokens and ids in URLs stay out of the metrics and the series stay few.
    func observe(_ method: HTTPMethod, _ route: String, _ status: Int, _ duration: Duration) {
        let labels = ["method": method.rawValue, "route": route]
        metrics.histogram("booknow_http_request_duration_seconds", help: "Time handlers took, by route.",
                          buckets: Self.buckets, labels: labels).observe(duration)
        metrics.counter("booknow_http_responses_total", help: "Answers by route and status class.",
                        labels: labels.merging(["status": "\(status / 100)xx"]) { $1 }).increment()
    }
}
