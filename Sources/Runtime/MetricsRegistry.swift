import Synchronization

/// All metrics of the process, rendered for Prometheus at `/metrics`.
///
/// Registration is idempotent: asking twice for the same name and labels
/// returns the same handle, so code can register where it uses a metric.
/// Registering a name again with another type, help text or buckets is a
/// programmer error and traps. One registry is created by the daemon and
/// passed down; there is no global registry.
public final class MetricsRegistry: Sendable {
    enum Kind: Equatable {
        case counter, gauge
        case histogram([Double])

        var typeName: String {
            switch self {
            case .counter: "counter"
            case .gauge: "gauge"
            case .histogram: "histogram"
            }
        }
    }

    enum Series {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
        /// Computed at scrape time.
        case callback(@Sendable () -> Double)
        /// Every series of a family computed at scrape time, for label values
        /// known only then (queue names, outcomes): rendered label set and value.
        case collected(@Sendable () -> [(labels: String, value: CollectedValue)])
    }

    enum CollectedValue {
        case number(Double)
        case histogram(Histogram.Snapshot)
    }

    struct Family {
        let help: String
        let kind: Kind
        /// Keyed by the rendered label set (`a="x",b="y"`, names sorted).
        var series: [String: Series] = [:]
    }

    let families = Mutex<[String: Family]>([:])

    public init() {}

    public func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        let series = register(name, help: help, kind: .counter, labels: labels) { .counter(Counter()) }
        guard case .counter(let counter) = series else { preconditionFailure("\(name) is not a counter") }
        return counter
    }

    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Gauge {
        let series = register(name, help: help, kind: .gauge, labels: labels) { .gauge(Gauge()) }
        guard case .gauge(let gauge) = series else { preconditionFailure("\(name) is a callback gauge") }
        return gauge
    }

    public func histogram(_ name: String, help: String, buckets: [Double], labels: [String: String] = [:]) -> Histogram {
        let series = register(name, help: help, kind: .histogram(buckets), labels: labels) { .histogram(Histogram(buckets: buckets)) }
        guard case .histogram(let histogram) = series else { preconditionFailure("\(name) is not a histogram") }
        return histogram
    }

    /// A gauge whose value `value` computes at each scrape, such as a queue
    /// depth cached by the worker. It runs outside the registry's lock but
    /// on the scraping thread, so it must be quick and must not block.
    public func callbackGauge(_ name: String, help: String, labels: [String: String] = [:],
                              value: @escaping @Sendable () -> Double) {
        _ = register(name, help: help, kind: .gauge, labels: labels, replacing: true) { .callback(value) }
    }

    func register(_ name: String, help: String, kind: Kind, labels: [String: String], key: String? = nil,
                  replacing: Bool = false, make: () -> Series) -> Series {
        precondition(PrometheusText.isMetricName(name), "invalid metric name \(name)")
        precondition(labels.keys.allSatisfy(PrometheusText.isLabelName), "invalid label name in \(name)")
        precondition(labels["le"] == nil, "the label le is reserved for histogram buckets")
        let key = key ?? PrometheusText.labelSet(labels)
        return families.withLock { families in
            var family = families[name] ?? Family(help: help, kind: kind)
            precondition(family.kind == kind && family.help == help, "\(name) registered twice differently")
            if let existing = family.series[key], !replacing { return existing }
            let series = make()
            family.series[key] = series
            families[name] = family
            return series
        }
    }
}
