extension MetricsRegistry {
    /// Where a family's scrape-time series sit in its table: not a label set any
    /// labels render to, so fixed series of the same family never collide with it.
    private static let collectedKey = "{collected}"

    /// Labelled values of one family read at each scrape, for metrics kept
    /// elsewhere whose label values are only known then: a worker's counts by
    /// queue, the database's jobs by state. Keys are label sets, values the samples.
    ///
    /// Like `callbackGauge`, `values` runs on the scraping thread outside the
    /// registry's lock; registering the name again replaces the callback.
    public func callbackGauges(_ name: String, help: String,
                               values: @escaping @Sendable () -> [[String: String]: Double]) {
        collect(name, help: help, kind: .gauge) { values().mapValues(CollectedValue.number) }
    }

    /// Counters kept elsewhere (a snapshot of a worker's own tallies), read at
    /// each scrape; the values must only go up for Prometheus' `rate` to work.
    public func callbackCounters(_ name: String, help: String,
                                 values: @escaping @Sendable () -> [[String: String]: Double]) {
        collect(name, help: help, kind: .counter) { values().mapValues(CollectedValue.number) }
    }

    /// Histograms kept elsewhere, read at each scrape. Every snapshot has one
    /// count per bucket plus one above the last bound (a mismatch traps: the
    /// exporter and the registration disagree, a programmer error).
    public func callbackHistograms(_ name: String, help: String, buckets: [Double],
                                   values: @escaping @Sendable () -> [[String: String]: Histogram.Snapshot]) {
        precondition(!buckets.isEmpty && buckets.allSatisfy(\.isFinite), "histogram buckets must be finite")
        precondition(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 }, "histogram buckets must increase")
        collect(name, help: help, kind: .histogram(buckets)) { values().mapValues(CollectedValue.histogram) }
    }

    private func collect(_ name: String, help: String, kind: Kind,
                         values: @escaping @Sendable () -> [[String: String]: CollectedValue]) {
        _ = register(name, help: help, kind: kind, labels: [:], key: Self.collectedKey, replacing: true) {
            .collected {
                values().map { labels, value in
                    precondition(labels.keys.allSatisfy(PrometheusText.isLabelName), "invalid label name in \(name)")
                    precondition(labels["le"] == nil, "the label le is reserved for histogram buckets")
                    return (PrometheusText.labelSet(labels), value)
                }
            }
        }
    }
}
