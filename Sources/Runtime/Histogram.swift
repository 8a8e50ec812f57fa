import Synchronization

/// A Prometheus histogram with fixed buckets (request latency, reminder lateness).
///
/// Buckets are fixed at registration so that every daemon exposes the same
/// `le` boundaries and Prometheus can aggregate them across hosts.
public final class Histogram: Sendable {
    /// A consistent copy of the histogram, taken under its lock; also what a
    /// histogram kept outside the registry reports through `callbackHistograms`.
    public struct Snapshot: Sendable, Equatable {
        /// Non-cumulative counts per bucket, then one for observations above the last bound.
        public var counts: [UInt64]
        public var sum: Double
        public var count: UInt64

        public init(counts: [UInt64], sum: Double, count: UInt64) {
            self.counts = counts
            self.sum = sum
            self.count = count
        }
    }

    /// Upper bounds, sorted, finite; `+Inf` is implicit.
    public let buckets: [Double]
    private let storage: Mutex<Snapshot>

    init(buckets: [Double]) {
        precondition(!buckets.isEmpty && buckets.allSatisfy(\.isFinite), "histogram buckets must be finite")
        precondition(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 }, "histogram buckets must increase")
        self.buckets = buckets
        storage = Mutex(Snapshot(counts: Array(repeating: 0, count: buckets.count + 1), sum: 0, count: 0))
    }

    /// Records one observation.
    public func observe(_ value: Double) {
        let bucket = buckets.firstIndex { value <= $0 } ?? buckets.count
        storage.withLock {
            $0.counts[bucket] += 1
            $0.sum += value
            $0.count += 1
        }
    }

    /// Records a duration in seconds, the Prometheus base unit.
    public func observe(_ duration: Duration) {
        observe(duration.timeInterval)
    }

    var snapshot: Snapshot { storage.withLock { $0 } }

    /// Bounds in seconds suited to request latency: 1 ms to 10 s.
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
}
