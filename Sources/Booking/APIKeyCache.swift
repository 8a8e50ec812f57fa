public import Foundation
public import Postgres
import Synchronization

/// Keys this daemon has verified, kept in memory so that a request is
/// authorised without a database round trip.
///
/// A kept key is only as good as this daemon's hearing. The database sends a
/// numbered notification on `api_keys_changed` when a key is revoked, changed
/// or deleted and when a business is disabled or deleted (migration 0020), and
/// each one drops every key kept here. So the cache serves and keeps keys only
/// while its follower is listening and has lately proved its connection alive
/// (`confirmed`, at most `trustWindow` ago): a lost connection, a follower that
/// stopped, a daemon cut off from the database all fall back to reading the
/// database on every request, which is what happens with no cache at all. A
/// read that raced a change is never kept: every drop moves the generation on,
/// and a row read under an older generation is discarded.
///
/// Only rows of live keys are kept, never "no such key", so creating a key
/// needs no notification. At most `maxEntries`; a full cache starts over.
/// Thread-safe.
public final class APIKeyCache: ChangeListening {
    /// The channel the triggers notify on; the payload is the change's number.
    public static let channel = "api_keys_changed"

    /// A live key's row: what `APIKeyStore.verify` compares and grants.
    struct Entry: Sendable {
        let hash: Data
        let grant: APIKeyStore.Grant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var generation: UInt64 = 0
        var listening = false
        var trustedUntil: ContinuousClock.Instant?
        /// The highest change number heard.
        var heard: Int64 = 0
    }

    public struct Statistics: Sendable, Equatable {
        public var hits: Int
        public var misses: Int
        /// Times every key was dropped: a change heard, a (re)subscription, a lost connection.
        public var drops: Int
        public var entries: Int
    }

    public let maxEntries: Int
    /// How long a confirmation of the follower's connection keeps the cache trusted.
    public let trustWindow: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())
    private let hits = Atomic<Int>(0)
    private let misses = Atomic<Int>(0)
    private let drops = Atomic<Int>(0)

    /// - Parameters:
    ///   - maxEntries: how many keys are kept at most.
    ///   - trustWindow: how long after the follower last proved its connection
    ///     alive the cache is still used; the longest a silently broken
    ///     connection can leave a revoked key working on this daemon.
    ///   - now: the monotonic clock (a test's, to move it).
    public init(maxEntries: Int = 100_000, trustWindow: Duration = .seconds(5),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        precondition(maxEntries > 0 && trustWindow > .zero, "the key cache needs room and a trust window")
        self.maxEntries = maxEntries
        self.trustWindow = trustWindow
        self.now = now
    }

    public var statistics: Statistics {
        Statistics(hits: hits.load(ordering: .relaxed), misses: misses.load(ordering: .relaxed), drops: drops.load(ordering: .relaxed),
                   entries: state.withLock { $0.entries.count })
    }

    /// Whether keys are served and kept now.
    public var isTrusted: Bool { state.withLock { trusted($0) } }

    /// The highest change number heard; `APIKeyCache.latestChange` gives the
    /// database's, so a test can wait until this daemon has heard a change.
    public var heard: Int64 { state.withLock { $0.heard } }

    /// The number of the latest change any transaction started (0 before the first).
    public static func latestChange(on connection: Connection) throws -> Int64 {
        try connection.query("SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS change FROM api_key_changes")
            .first?.decode(Int64.self, "change") ?? 0
    }

    // MARK: Requests

    /// The kept row for `prefix`, when the cache is trusted.
    func entry(_ prefix: String) -> Entry? {
        let found = state.withLock { trusted($0) ? $0.entries[prefix] : nil }
        if found == nil { misses.add(1, ordering: .relaxed) } else { hits.add(1, ordering: .relaxed) }
        return found
    }

    /// Taken before reading a row from the database and handed to `keep`: nil
    /// when the cache is not trusted (the row is then not kept).
    func ticket() -> UInt64? {
        state.withLock { trusted($0) ? $0.generation : nil }
    }

    /// Keeps `entry` unless something was dropped since `ticket` was taken.
    func keep(_ prefix: String, _ entry: Entry, ticket: UInt64) {
        state.withLock { state in
            guard trusted(state), state.generation == ticket else { return }
            if state.entries.count >= maxEntries && state.entries[prefix] == nil { state.entries = [:] }
            state.entries[prefix] = entry
        }
    }

    // MARK: The follower

    /// LISTENs on `connection`, then drops everything (changes made before this
    /// moment were not heard) and trusts the cache for one window.
    public func subscribe(_ connection: Connection) throws {
        try connection.listen(Self.channel)
        drop { state in
            state.listening = true
            state.trustedUntil = now() + trustWindow
        }
    }

    /// Drops everything when `notifications` hold a change (others' channels are ignored).
    public func apply(_ notifications: [PostgresNotification]) {
        let changes = notifications.filter { $0.channel == Self.channel }
        guard !changes.isEmpty else { return }
        let highest = changes.compactMap { Int64($0.payload) }.max() ?? 0
        drop { $0.heard = max($0.heard, highest) }
    }

    /// The follower's connection answered a round trip, and what it heard
    /// before the answer is applied: trust one window more. When the last
    /// window had already run out, everything is dropped first.
    public func confirmed() {
        if state.withLock({ $0.listening && !trusted($0) }) { drop { _ in } }
        state.withLock { state in
            if state.listening { state.trustedUntil = now() + trustWindow }
        }
    }

    /// The follower's connection is gone: nothing is served or kept until it subscribes again.
    public func lost() {
        drop { state in
            state.listening = false
            state.trustedUntil = nil
        }
    }

    private func drop(_ change: (inout State) -> Void) {
        state.withLock { state in
            state.entries = [:]
            state.generation &+= 1
            change(&state)
        }
        drops.add(1, ordering: .relaxed)
    }

    private func trusted(_ state: State) -> Bool {
        guard state.listening, let until = state.trustedUntil else { return false }
        return now() < until
    }
}
