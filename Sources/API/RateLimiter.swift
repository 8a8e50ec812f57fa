public import Foundation
import Synchronization

/// Per-key token buckets: each API key may make `burst` requests at once and
/// `ratePerSecond` a second after that; the next one answers 429 with how
/// long to wait.
///
/// State lives in this process's memory, so with several daemons behind a
/// load balancer a key's budget is per daemon (N daemons allow N times the
/// rate). Buckets sit in a `Mutex` (handlers run on the server's pool
/// threads). Memory is bounded: only verified keys get a bucket, and once
/// `capacity` buckets exist the idle ones (refilled to full, so equal to a new
/// bucket) are dropped, then the least recently used.
public final class RateLimiter: Sendable {
    /// Seconds on a monotonic clock; injected so tests move time by hand.
    public typealias Clock = @Sendable () -> Double

    /// The answer for one request.
    public enum Decision: Equatable, Sendable {
        case allowed
        /// Refused; the whole seconds until one request will be allowed again (at least 1).
        case limited(retryAfter: Int)
    }

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    public let ratePerSecond: Double
    public let burst: Double
    let capacity: Int
    private let clock: Clock
    private let buckets = Mutex<[UUID: Bucket]>([:])

    /// - Precondition: a positive rate, a burst of at least one, a capacity of at least one.
    public init(ratePerSecond: Double, burst: Int, capacity: Int = 10_000, clock: @escaping Clock = RateLimiter.monotonicSeconds) {
        precondition(ratePerSecond > 0 && burst >= 1 && capacity >= 1, "rate limits must be positive")
        self.ratePerSecond = ratePerSecond
        self.burst = Double(burst)
        self.capacity = capacity
        self.clock = clock
    }

    /// Takes one token from `key`'s bucket, or says how long until there is one.
    public func admit(_ key: UUID) -> Decision {
        let now = clock()
        return buckets.withLock { buckets in
            var bucket = buckets[key].map { refilled($0, at: now) } ?? Bucket(tokens: burst, updated: now)
            if buckets[key] == nil, buckets.count >= capacity { evict(&buckets, at: now) }
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                return .limited(retryAfter: max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up))))
            }
            bucket.tokens -= 1
            return .allowed
        }
    }

    /// How many buckets are held (for tests of the memory bound).
    var count: Int { buckets.withLock { $0.count } }

    private func refilled(_ bucket: Bucket, at now: Double) -> Bucket {
        Bucket(tokens: min(burst, bucket.tokens + max(0, now - bucket.updated) * ratePerSecond), updated: now)
    }

    /// Drops every bucket that has refilled to full; if none has, the least recently used one.
    private func evict(_ buckets: inout [UUID: Bucket], at now: Double) {
        let before = buckets.count
        buckets = buckets.filter { refilled($0.value, at: now).tokens < burst }
        if buckets.count == before, let oldest = buckets.min(by: { $0.value.updated < $1.value.updated }) {
            buckets[oldest.key] = nil
        }
    }

    /// Seconds since an arbitrary origin on the system's monotonic clock.
    public static let monotonicSeconds: Clock = {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
    private static let origin = ContinuousClock.now
}
