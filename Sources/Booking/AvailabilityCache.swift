public import Foundation
public import Postgres
import Scheduling
import Synchronization

/// This daemon's copy of what availability reads that does not depend on the
/// current time: one provider's rules, time off (with their location's
/// closures) and live bookings, per UTC day. Notice, horizon, services and who
/// offers what are read on every request and never cached.
///
/// Entries are stamped with the provider's and the location's versions
/// (`availability_versions`, bumped by triggers in the writer's own
/// transaction) read before their rows, and used only under those versions.
/// A read learns the current versions in one of two ways:
///
/// - **Validated**: one round trip that also reads `booknow_now()`, the zone,
///   the policy, the service and who offers it. A change committed by any
///   writer on any daemon is seen by the next read everywhere, with nothing to
///   miss.
/// - **Heard**: while this daemon's change follower listens on
///   `availability_changed` and has lately proved its connection alive, the
///   last round trip's answer (a `Place`) is kept per business, location and
///   service, and a read needs no round trip at all when every day it needs
///   is kept too. Every transaction that changes what a business can offer
///   notifies with the business id when it commits (migration 0021), and
///   hearing it drops that business's places, so the next read validates. A
///   lost or quiet listener, a reconnect, an emptied table or a moved test
///   clock drops every place. "Now" is then this host's clock plus the test
///   offset the database last announced. Staleness is the notification's
///   delay; a place read before a change it has not heard is never kept.
///   The daemon's own writes are never stale to it: each answered write
///   (`fence()`) sends every read back to the database until the follower
///   has proved, with a round trip sent after that write, that it has heard
///   everything committed before it.
///
/// The TTL (by the database clock) bounds what a writer that bypasses
/// triggers could leave behind, in both ways.
///
/// Memory is bounded by `maxBytes` (estimated), three quarters for days and a
/// quarter for places, each in two generations: the recent one takes new and
/// used entries; when it reaches half its budget the older one is dropped and
/// the recent one takes its place, so unused entries age out.
/// Thread-safe: state sits in a `Mutex`, counters in atomics.
public final class AvailabilityCache: ChangeListening {
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

    /// What one round trip told about a business's location and service: the
    /// header (its "now" when it was read) with every provider who offers the
    /// service there, and the versions each provider's days were read under.
    struct Place {
        var header: ScheduleSnapshot.Header
        var stamps: [UUID: Stamp]

        /// A rough size: the slots, the header and a stamp per provider.
        var bytes: Int { 400 + header.providerIDs.count * 80 }
    }

    struct PlaceKey: Hashable {
        var business: UUID
        var location: UUID
        var service: UUID
    }

    /// Handed out before a round trip and back with its place: a place is kept
    /// only if nothing about its business was heard in between.
    struct Ticket: Equatable {
        var epoch: UInt64
        var business: UInt64
    }

    /// What the change follower has told: whether places can be trusted, and them.
    private struct Hearing {
        var listening = false
        var trustedUntil: ContinuousClock.Instant?
        /// Moves on whenever every place is dropped.
        var epoch: UInt64 = 0
        /// Moves on whenever one business's places are dropped.
        var businessEpochs: [UUID: UInt64] = [:]
        /// Places by business, in two generations like the days (`recent`
        /// takes new and used places; when it reaches half the places' budget
        /// the older one is dropped), so one business's are dropped at once.
        var recent: [UUID: [PlaceKey: Place]] = [:]
        var older: [UUID: [PlaceKey: Place]] = [:]
        var recentBytes = 0
        var olderBytes = 0
        /// The database's test clock offset, as last announced.
        var clockOffset: TimeInterval = 0
        /// The last marker heard (`heard …` notifications, a test's "caught up" hook).
        var marker = ""
        /// This daemon's own writes, counted as they are answered (`fence()`),
        /// and how many of them the follower has proved heard: places are
        /// used only while the two are equal.
        var fences: UInt64 = 0
        var fencesHeard: UInt64 = 0
        /// `fences` when the follower sent its current round trip.
        var fencesProving: UInt64 = 0

        var count: Int { (recent.values.map(\.count) + older.values.map(\.count)).reduce(0, +) }

        mutating func dropAll() {
            epoch &+= 1
            businessEpochs = [:]
            (recent, older, recentBytes, olderBytes) = ([:], [:], 0, 0)
        }

        mutating func drop(_ business: UUID) {
            businessEpochs[business, default: 0] &+= 1
            recentBytes -= recent.removeValue(forKey: business)?.values.reduce(0) { $0 + $1.bytes } ?? 0
            olderBytes -= older.removeValue(forKey: business)?.values.reduce(0) { $0 + $1.bytes } ?? 0
        }

        /// Takes `key`'s place out (from either generation).
        mutating func remove(_ key: PlaceKey) -> Place? {
            if let place = recent[key.business]?.removeValue(forKey: key) {
                recentBytes -= place.bytes
                return place
            }
            guard let place = older[key.business]?.removeValue(forKey: key) else { return nil }
            olderBytes -= place.bytes
            return place
        }

        /// Puts `place` in the recent generation, turning generations over at half of `budget`.
        mutating func insert(_ key: PlaceKey, _ place: Place, budget: Int) {
            _ = remove(key)
            recent[key.business, default: [:]][key] = place
            recentBytes += place.bytes
            if recentBytes >= budget / 2 {
                (older, olderBytes) = (recent, recentBytes)
                (recent, recentBytes) = ([:], 0)
            }
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
        /// Provider-days kept.
        public var entries: Int
        /// Estimated bytes of the days and places kept.
        public var bytes: Int
        /// Places kept (heard round trips' answers, per business, location and service).
        public var places: Int = 0
        /// Reads answered with no round trip (a heard place and every day kept).
        public var heardReads: Int = 0
        /// Businesses' places dropped on hearing a change.
        public var changesHeard: Int = 0
    }

    /// The channel migration 0021's triggers notify on.
    public static let channel = "availability_changed"

    public let maxBytes: Int
    public let ttl: TimeInterval
    private let state = Mutex(Generations())
    private let hits = Atomic<Int>(0)
    private let misses = Atomic<Int>(0)
    private let invalidations = Atomic<Int>(0)
    private let expirations = Atomic<Int>(0)
    private let evictions = Atomic<Int>(0)
    private let heardReads = Atomic<Int>(0)
    private let changesHeard = Atomic<Int>(0)
    private let hearing = Mutex(Hearing())
    /// How long a confirmation of the follower's connection keeps places trusted.
    public let trustWindow: Duration
    private let monotonic: @Sendable () -> ContinuousClock.Instant
    private let wallClock: @Sendable () -> Date
    /// The change follower's, woken by `fence()` so it proves at once what it has heard.
    private let followerWakeup: Wakeup?

    /// - Parameters:
    ///   - maxBytes: the memory budget (estimated sizes), at least 1 KiB.
    ///   - ttl: the longest an entry is used, measured by `booknow_now()`.
    ///   - trustWindow: how long after the change follower last proved its
    ///     connection alive places are still used.
    ///   - followerWakeup: what ends the change follower's wait, woken by `fence()`.
    ///   - monotonic, wallClock: the clocks (a test's, to move them).
    public init(maxBytes: Int, ttl: TimeInterval, trustWindow: Duration = .seconds(5),
                monotonic: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
                wallClock: @escaping @Sendable () -> Date = { Date() }, followerWakeup: Wakeup? = nil) {
        precondition(maxBytes >= 1024 && ttl > 0 && trustWindow > .zero, "the cache needs a budget, a positive TTL and a trust window")
        self.maxBytes = maxBytes
        self.ttl = ttl
        self.trustWindow = trustWindow
        self.monotonic = monotonic
        self.wallClock = wallClock
        self.followerWakeup = followerWakeup
    }

    /// The cache a daemon's configuration asks for: nil when `enabled` is false,
    /// so every read goes to the database as before.
    public static func make(enabled: Bool, maxBytes: Int, ttl: TimeInterval, followerWakeup: Wakeup? = nil) -> AvailabilityCache? {
        enabled ? AvailabilityCache(maxBytes: maxBytes, ttl: ttl, followerWakeup: followerWakeup) : nil
    }

    public var statistics: Statistics {
        let (entries, bytes) = state.withLock { ($0.recent.count + $0.older.count, $0.recentBytes + $0.olderBytes) }
        let (places, placeBytes) = hearing.withLock { ($0.count, $0.recentBytes + $0.olderBytes) }
        return Statistics(hits: hits.load(ordering: .relaxed), misses: misses.load(ordering: .relaxed),
                          invalidations: invalidations.load(ordering: .relaxed), expirations: expirations.load(ordering: .relaxed),
                          evictions: evictions.load(ordering: .relaxed), entries: entries, bytes: bytes + placeBytes, places: places,
                          heardReads: heardReads.load(ordering: .relaxed), changesHeard: changesHeard.load(ordering: .relaxed))
    }

    /// The estimated bytes days and places may take.
    private var placeBudget: Int { maxBytes / 4 }
    private var dayBudget: Int { maxBytes - placeBudget }

    /// Whether reads may use heard places now.
    public var isTrusted: Bool { hearing.withLock { trusted($0) } }

    /// The last marker heard: a test sends `heard <text>` on the channel after
    /// a change and waits for it here; notifications arrive in commit order,
    /// so the change has been heard too.
    public var marker: String { hearing.withLock { $0.marker } }

    /// Drops every entry (an operator's escape hatch and a test's reset).
    public func removeAll() {
        state.withLock { $0 = Generations() }
        hearing.withLock { $0.dropAll() }
    }

    // MARK: Heard places

    /// The kept place for `key` with "now" (this host's clock plus the
    /// announced offset), when places are trusted and it is younger than the TTL.
    func place(_ key: PlaceKey) -> Place? {
        hearing.withLock { hearing in
            guard trusted(hearing), var place = hearing.remove(key) else { return nil }
            let now = wallClock().addingTimeInterval(hearing.clockOffset)
            guard abs(now.timeIntervalSince(place.header.now)) < ttl else { return nil }
            hearing.insert(key, place, budget: placeBudget)
            place.header.now = now
            return place
        }
    }

    /// Taken before the round trip whose answer may be kept; nil when places are not trusted.
    func ticket(for business: UUID) -> Ticket? {
        hearing.withLock { trusted($0) ? Ticket(epoch: $0.epoch, business: $0.businessEpochs[business] ?? 0) : nil }
    }

    /// Keeps `place` unless something about its business was heard since `ticket`.
    func keep(_ place: Place, _ key: PlaceKey, ticket: Ticket) {
        hearing.withLock { hearing in
            guard trusted(hearing), ticket == Ticket(epoch: hearing.epoch, business: hearing.businessEpochs[key.business] ?? 0) else { return }
            hearing.insert(key, place, budget: placeBudget)
        }
    }

    /// A read answered with no round trip.
    func countHeardRead() { heardReads.add(1, ordering: .relaxed) }

    // MARK: This daemon's own writes

    /// Call after a write that may change availability has committed and
    /// before it is answered: until the change follower has heard everything
    /// committed so far, every read validates, so whoever sent the write never
    /// reads an answer from before it.
    public func fence() {
        hearing.withLock { $0.fences &+= 1 }
        followerWakeup?.wake()
    }

    // MARK: The change follower

    /// LISTENs on `connection`, reads the test clock's offset, then drops every
    /// place (changes made before this moment were not heard) and trusts for one window.
    public func subscribe(_ connection: Connection) throws {
        try connection.listen(Self.channel)
        let offset = try connection.query("SELECT extract(epoch FROM test_offset)::float8 AS offset FROM booknow_clock")
            .first?.decode(Double.self, "offset") ?? 0
        hearing.withLock { hearing in
            hearing.dropAll()
            // Every write fenced so far committed before this LISTEN, and the
            // places kept from now on are read after it.
            hearing.fencesHeard = hearing.fences
            hearing.clockOffset = offset
            hearing.listening = true
            hearing.trustedUntil = monotonic() + trustWindow
        }
    }

    /// Drops what `notifications` on the channel name: one business's places
    /// (its id), every place (`*`, or `clock <offset seconds>`, which also sets
    /// the offset); `heard <marker>` is remembered. Other channels are ignored.
    public func apply(_ notifications: [PostgresNotification]) {
        var businesses = 0
        hearing.withLock { hearing in
            for notification in notifications where notification.channel == Self.channel {
                let payload = notification.payload
                if let business = UUID(uuidString: payload) {
                    hearing.drop(business)
                    businesses += 1
                } else if payload.hasPrefix("heard ") {
                    hearing.marker = String(payload.dropFirst("heard ".count))
                } else if payload.hasPrefix("clock "), let offset = Double(payload.dropFirst("clock ".count)) {
                    hearing.clockOffset = offset
                    hearing.dropAll()
                } else {
                    hearing.dropAll()
                }
            }
        }
        if businesses > 0 { changesHeard.add(businesses, ordering: .relaxed) }
    }

    /// The follower is about to send a round trip: writes fenced so far
    /// committed before it, so they are heard once it is answered.
    public func proving() {
        hearing.withLock { $0.fencesProving = $0.fences }
    }

    /// The follower's connection answered a round trip, and what it heard
    /// before the answer is applied: trust one window more (after a window
    /// that had run out, starting over), and the writes fenced before the
    /// round trip are heard.
    public func confirmed() {
        hearing.withLock { hearing in
            guard hearing.listening else { return }
            if !heardLately(hearing) { hearing.dropAll() }
            hearing.trustedUntil = monotonic() + trustWindow
            hearing.fencesHeard = max(hearing.fencesHeard, hearing.fencesProving)
        }
    }

    /// The follower's connection is gone: every read validates until it subscribes again.
    public func lost() {
        hearing.withLock { hearing in
            hearing.dropAll()
            hearing.listening = false
            hearing.trustedUntil = nil
        }
    }

    /// Places may be used: the follower listens, proved it within the window,
    /// and has heard this daemon's own writes.
    private func trusted(_ hearing: Hearing) -> Bool {
        hearing.fencesHeard == hearing.fences && heardLately(hearing)
    }

    private func heardLately(_ hearing: Hearing) -> Bool {
        guard hearing.listening, let until = hearing.trustedUntil else { return false }
        return monotonic() < until
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
        if generations.recentBytes >= dayBudget / 2 {
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
