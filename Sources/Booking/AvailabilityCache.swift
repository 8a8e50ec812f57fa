public import Foundation
import Scheduling
import Synchronization

/// This daemon's copy of what availability reads that does not depend on the
/// current time: one provider's rules, time off (with their location's
/// closures) and live bookings, per UTC day. Notice, horizon, services and who
/// offers what are read on every request and never cached.
///
/// Entries are validated on read, never trusted: each is stamped with the
/// provider's and the location's versions (`availability_versions`, bumped by
/// triggers in the writer's own transaction) read before its rows, and a read
/// uses it only when the versions it has just fetched — in the round trip that
/// also reads `booknow_now()` and the policy — are the same. A change committed
/// by any writer on any daemon is therefore seen by the next read everywhere,
/// with no notification to miss. The TTL (against `booknow_now()`) only bounds
/// what a writer that bypasses triggers could leave behind.
///
/// Memory is bounded by `maxBytes` (estimated): two generations, the recent one
/// taking new and used entries; when it reaches half the budget the older one
/// is dropped and the recent one takes its place, so unused entries age out.
/// Thread-safe: state sits in a `Mutex`, counters in atomics.
public final class AvailabilityCache: Sendable {
    /// The versions an entry was read under.
    struct Stamp: Hashable {
        var provider: Int64
        var location: Int64

        /// Whether `self` is at least as new as `other` in both parts.
        func covers(_ other: Stamp) -> Bool { provider >= other.provider && location >= other.location }
    }

    struct Key: Hashable {
        var business: UUID
        var location: UUID
        var provider: UUID
        /// Days since 1970-01-01 UTC (the `LocalDate` numbering of the UTC date).
        var day: Int
    }

    /// One provider's rows that touch one UTC day (dates a day either side, so
    /// any zone's local dates are covered).
    struct Day {
        var stamp: Stamp
        /// `booknow_now()` when it was read; the TTL runs from here.
        var readAt: Date
        var rules: [AvailabilityRule]
        var timeOff: [TimeOff]
        var closures: [Closure]
        var locationBlocks: [TimeOff]
        var booked: [Range<Date>]

        /// A rough size: the dictionary slot, the arrays and their elements.
        var bytes: Int {
            192 + rules.count * 48 + (timeOff.count + locationBlocks.count) * 96 + closures.count * 64 + booked.count * 16
        }
    }

    private struct Generations {
        var recent: [Key: Day] = [:]
        var older: [Key: Day] = [:]
        var recentBytes = 0
        var olderBytes = 0
    }

    /// Figures for metrics; counters only go up.
    public struct Statistics: Sendable, Equatable {
        public var hits: Int
        public var misses: Int
        /// Entries dropped because a version moved on (the data changed).
        public var invalidations: Int
        /// Entries dropped because they outlived the TTL.
        public var expirations: Int
        /// Entries dropped to stay within the memory budget.
        public var evictions: Int
        public var entries: Int
        public var bytes: Int
    }

    public let maxBytes: Int
    public let ttl: TimeInterval
    private let state = Mutex(Generations())
    private let hits = Atomic<Int>(0)
    private let misses = Atomic<Int>(0)
    private let invalidations = Atomic<Int>(0)
    private let expirations = Atomic<Int>(0)
    private let evictions = Atomic<Int>(0)

    /// - Parameters:
    ///   - maxBytes: the memory budget (estimated sizes), at least 1 KiB.
    ///   - ttl: the longest an entry is used, measured by `booknow_now()`.
    public init(maxBytes: Int, ttl: TimeInterval) {
        precondition(maxBytes >= 1024 && ttl > 0, "the cache needs a budget and a positive TTL")
        self.maxBytes = maxBytes
        self.ttl = ttl
    }

    /// The cache a daemon's configuration asks for: nil when `enabled` is false,
    /// so every read goes to the database as before.
    public static func make(enabled: Bool, maxBytes: Int, ttl: TimeInterval) -> AvailabilityCache? {
        enabled ? AvailabilityCache(maxBytes: maxBytes, ttl: ttl) : nil
    }

    public var statistics: Statistics {
        let (entries, bytes) = state.withLock { ($0.recent.count + $0.older.count, $0.recentBytes + $0.olderBytes) }
        return Statistics(hits: hits.load(ordering: .relaxed), misses: misses.load(ordering: .relaxed),
                          invalidations: invalidations.load(ordering: .relaxed), expirations: expirations.load(ordering: .relaxed),
                          evictions: evictions.load(ordering: .relaxed), entries: entries, bytes: bytes)
    }

    /// Drops every entry (an operator's escape hatch and a test's reset).
    public func removeAll() {
        state.withLock { $0 = Generations() }
    }

    /// The entry for `key` if it was read under `stamp` and is younger than the
    /// TTL at `now`; a stale or expired entry is dropped.
    func day(_ key: Key, stamp: Stamp, now: Date) -> Day? {
        let found: Day? = state.withLock { generations in
            if let day = generations.recent[key] {
                guard day.stamp == stamp, abs(now.timeIntervalSince(day.readAt)) < ttl else {
                    generations.recent[key] = nil
                    generations.recentBytes -= day.bytes
                    count(day, stamp: stamp)
                    return nil
                }
                return day
            }
            guard let day = generations.older.removeValue(forKey: key) else { return nil }
            generations.olderBytes -= day.bytes
            guard day.stamp == stamp, abs(now.timeIntervalSince(day.readAt)) < ttl else {
                count(day, stamp: stamp)
                return nil
            }
            insert(key, day, into: &generations)
            return day
        }
        if found == nil { misses.add(1, ordering: .relaxed) } else { hits.add(1, ordering: .relaxed) }
        return found
    }

    /// Keeps `day`, unless an entry read under newer versions is already there
    /// (a slower reader of older versions must not replace it).
    func store(_ key: Key, _ day: Day) {
        state.withLock { generations in
            if let current = generations.recent[key] {
                if current.stamp != day.stamp && current.stamp.covers(day.stamp) { return }
                generations.recent[key] = nil
                generations.recentBytes -= current.bytes
            } else if let current = generations.older.removeValue(forKey: key) {
                generations.olderBytes -= current.bytes
            }
            insert(key, day, into: &generations)
        }
    }

    private func insert(_ key: Key, _ day: Day, into generations: inout Generations) {
        generations.recent[key] = day
        generations.recentBytes += day.bytes
        if generations.recentBytes >= maxBytes / 2 {
            evictions.add(generations.older.count, ordering: .relaxed)
            generations.older = generations.recent
            generations.olderBytes = generations.recentBytes
            generations.recent = [:]
            generations.recentBytes = 0
        }
    }

    private func count(_ day: Day, stamp: Stamp) {
        if day.stamp == stamp { expirations.add(1, ordering: .relaxed) } else { invalidations.add(1, ordering: .relaxed) }
    }
}
