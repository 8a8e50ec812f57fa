public import Foundation
import Synchronization

/// Public-form submissions per client address and business: a token bucket
/// of `perHour` tokens refilled evenly over the hour, held in this daemon's
/// memory.
///
/// In memory rather than PostgreSQL: a flood of submissions must cost no
/// write, and the caps that matter across daemons (messages per recipient,
/// open bookings, flood mode) are in the database. With N daemons behind a
/// proxy an address gets up to N times the rate. Time is the injected clock's.
/// Memory is bounded like `RateLimiter`'s: past `capacity` buckets the full
/// ones (equal to new ones) are dropped, then the least recently used.
public final class SubmissionThrottle: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let capacity: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(capacity: Int = 100_000) {
        precondition(capacity >= 1, "capacity must be positive")
        self.capacity = capacity
    }

    /// Takes one submission from the bucket of `address` at `business`, or
    /// refuses with the seconds until one is allowed; `perHour` 0 allows all.
    public func admit(address: String, business: UUID, perHour: Int, now: Date) throws(PublicRefusal) {
        guard perHour > 0 else { return }
        let key = "\(business.uuidString)|\(address)"
        let size = Double(perHour), rate = size / 3600
        let wait: Double? = buckets.withLock { buckets in
            var bucket = buckets[key].map { refill($0, size: size, rate: rate, now: now) } ?? Bucket(tokens: size, updated: now)
            if buckets[key] == nil, buckets.count >= capacity { evict(&buckets, now: now) }
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / rate }
            bucket.tokens -= 1
            return nil
        }
        if let wait { throw PublicRefusal(.submissionRateLimit, retryAfter: Int(wait.rounded(.up))) }
    }

    private func refill(_ bucket: Bucket, size: Double, rate: Double, now: Date) -> Bucket {
        Bucket(tokens: min(size, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * rate), updated: max(now, bucket.updated))
    }

    /// Drops buckets untouched for an hour (full again, whatever their size); if none, the least recently used.
    private func evict(_ buckets: inout [String: Bucket], now: Date) {
        let before = buckets.count
        buckets = buckets.filter { now.timeIntervalSince($0.value.updated) < 3600 }
        if buckets.count == before, let oldest = buckets.min(by: { $0.value.updated < $1.value.updated }) {
            buckets[oldest.key] = nil
        }
    }
}

/// What the public doors (the booking page, `POST /v1/bookings`) share: the
/// limits, the per-address throttle, and who hears of each refusal (the
/// `booknow_public_refusals_total` counter).
public struct PublicDoors: Sendable {
    public let limits: PublicLimits
    public let throttle: SubmissionThrottle
    public let onRefusal: @Sendable (PublicRefusal.Reason) -> Void
    /// The clock of the throttle for routes that have no other (the API's).
    public let now: @Sendable () -> Date

    public init(limits: PublicLimits = PublicLimits(), throttle: SubmissionThrottle = SubmissionThrottle(),
                onRefusal: @escaping @Sendable (PublicRefusal.Reason) -> Void = { _ in }, now: @escaping @Sendable () -> Date = { Date() }) {
        self.limits = limits
        self.throttle = throttle
        self.onRefusal = onRefusal
        self.now = now
    }
}
