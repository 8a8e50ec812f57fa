public import Foundation

/// Figures read from the database at most once per `maxAge`, whoever asks:
/// the operator console's overview and the `/metrics` gauges that aggregate
/// an hour of work.
///
/// The overview refreshes every 5 s in each open tab, and ten operators
/// refreshing it once a second must not slow the queue they watch: its
/// counts walk the claim index, which a draining burst is rewriting, and its
/// last-hour aggregates cover ~120,000 attempts at the target scale. The
/// first request past `maxAge` reads them again; requests meanwhile get the
/// figures being replaced, so one request in a window pays, not all. Pages
/// say when the figures were read.
public final class SharedFigures<Value: Sendable>: @unchecked Sendable {
    public struct Reading: Sendable {
        public var value: Value
        public var readAt: Date
    }

    private let maxAge: TimeInterval
    private let now: @Sendable () -> Date
    // Guards `latest` and `reading`.
    private let lock = NSLock()
    private var latest: Reading?
    private var reading = false

    public init(maxAge: TimeInterval, now: @escaping @Sendable () -> Date = { Date() }) {
        self.maxAge = maxAge
        self.now = now
    }

    /// The figures, from `read` when none are younger than `maxAge` and no
    /// other request is reading them already.
    public func current(_ read: () throws -> Value) throws -> Reading {
        let time = now()
        let cached: Reading? = lock.withLock {
            guard let latest, time.timeIntervalSince(latest.readAt) < maxAge || reading else {
                reading = true
                return nil
            }
            return latest
        }
        if let cached { return cached }
        defer { lock.withLock { reading = false } }
        let fresh = Reading(value: try read(), readAt: time)
        lock.withLock { latest = fresh }
        return fresh
    }
}
