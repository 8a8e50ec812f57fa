import Synchronization

extension MetricsRegistry {
    /// The `Content-Type` to send with `render()`'s output.
    public static let contentType = PrometheusText.contentType

    /// Every metric in the Prometheus text format, families sorted by name.
    ///
    /// The family table is copied under the lock and callbacks run after it
    /// is released, so a callback that itself touches the registry cannot
    /// deadlock and a slow one does not block registration.
    public func render() -> String {
        let snapshot = families.withLock { $0 }
        var out = ""
        for (name, family) in snapshot.sorted(by: { $0.key < $1.key }) {
            out += "# HELP \(name) \(PrometheusText.escapeHelp(family.help))\n"
            out += "# TYPE \(name) \(family.kind.typeName)\n"
            for (labels, series) in family.series.sorted(by: { $0.key < $1.key }) {
                out += Self.render(name, labels, series, kind: family.kind)
            }
        }
        return out
    }

    private static func render(_ name: String, _ labels: String, _ series: Series, kind: Kind) -> String {
        switch series {
        case .counter(let counter):
            return PrometheusText.sample(name, labels, PrometheusText.format(counter.value))
        case .gauge(let gauge):
            return PrometheusText.sample(name, labels, PrometheusText.format(gauge.value))
        case .callback(let value):
            return PrometheusText.sample(name, labels, PrometheusText.format(value()))
        case .histogram(let histogram):
            return render(name, labels, buckets: histogram.buckets, histogram.snapshot)
        case .collected(let readings):
            return readings().sorted { $0.labels < $1.labels }.map { reading in
                switch (reading.value, kind) {
                case (.number(let value), _):
                    return PrometheusText.sample(name, reading.labels, PrometheusText.format(value))
                case (.histogram(let snapshot), .histogram(let buckets)):
                    return render(name, reading.labels, buckets: buckets, snapshot)
                case (.histogram, _):
                    preconditionFailure("\(name) reports a histogram but is not one")
                }
            }
            .joined()
        }
    }

    private static func render(_ name: String, _ labels: String, buckets: [Double], _ snapshot: Histogram.Snapshot) -> String {
        precondition(snapshot.counts.count == buckets.count + 1, "\(name): one count per bucket and one above the last")
        var out = ""
        var cumulative: UInt64 = 0
        for (bound, count) in zip(buckets.map(PrometheusText.format) + ["+Inf"], snapshot.counts) {
            cumulative += count
            out += PrometheusText.sample(name + "_bucket", labels, extra: "le=\"\(bound)\"", String(cumulative))
        }
        out += PrometheusText.sample(name + "_sum", labels, PrometheusText.format(snapshot.sum))
        out += PrometheusText.sample(name + "_count", labels, String(snapshot.count))
        return out
    }
}
