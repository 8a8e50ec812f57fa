public import Foundation
public import Postgres

/// What the operator console's overview shows, read in a few bounded
/// statements, none of which scans finished jobs: live jobs through the
/// claim and lease indexes, dead ones through the partial dead index, recent
/// throughput from `job_attempts`' BRIN index on finish time.
public struct QueueOverview: Sendable, Equatable {
    /// One queue's row.
    public struct Queue: Sendable, Equatable {
        public var name: String
        /// Due now, waiting for a worker (scheduled or retryable).
        public var available = 0
        /// Scheduled for later.
        public var scheduled = 0
        public var running = 0
        /// Failed, waiting for their next attempt.
        public var retryable = 0
        public var dead = 0
        /// How late the oldest due job is, in seconds (0 when none is due).
        public var oldestDueLatenessSeconds: Double = 0
        public var paused = false
        public var pausedBy: String?
        public var pausedReason: String?
        public var pausedAt: Date?
    }

    /// Attempts finished in one minute of the last hour.
    public struct Minute: Sendable, Equatable {
        /// Minutes before now: 0 is the current minute, 59 the oldest.
        public var minutesAgo: Int
        public var succeeded: Int
        public var failed: Int
    }

    public var queues: [Queue]
    /// The last 60 minutes, oldest first, every minute present.
    public var minutes: [Minute]

    /// Succeeded and failed attempts (retry or dead) over the last `minutes`.
    public func totals(lastMinutes window: Int) -> (succeeded: Int, failed: Int) {
        minutes.filter { $0.minutesAgo < window }.reduce((0, 0)) { ($0.0 + $1.succeeded, $0.1 + $1.failed) }
    }

    /// The overview of `known` queues (the ones daemons run) and any with a settings row.
    /// Pauses are always read; the counts and the last hour's attempts may come
    /// from the caller (`counts`, `lastHour`), read earlier and shared; nil reads them.
    public static func fetch(known: [String], counts: [Queue]? = nil, minutes: [Minute]? = nil,
                             on connection: Connection) throws -> QueueOverview {
        var byName: [String: Queue] = [:]
        for queue in try counts ?? self.counts(on: connection) { byName[queue.name] = queue }
        for row in try connection.query(settingsSQL, [known]) {
            let name = try row.decode(String.self, "name")
            var queue = byName[name] ?? Queue(name: name)
            queue.paused = try row.decode(Bool.self, "paused")
            queue.pausedBy = try row.decode(String?.self, "paused_by")
            queue.pausedReason = try row.decode(String?.self, "paused_reason")
            queue.pausedAt = try row.decode(Date?.self, "paused_at")
            byName[name] = queue
        }
        return QueueOverview(queues: byName.values.sorted { $0.name < $1.name }, minutes: try minutes ?? lastHour(on: connection))
    }

    /// What waits, runs and died, per queue that has any (no pause state).
    public static func counts(on connection: Connection) throws -> [Queue] {
        var byName: [String: Queue] = [:]
        func update(_ name: String, _ change: (inout Queue) -> Void) {
            var queue = byName[name] ?? Queue(name: name)
            change(&queue)
            byName[name] = queue
        }
        for row in try connection.query(pendingSQL) {
            let available = try row.decode(Int.self, "available"), scheduled = try row.decode(Int.self, "scheduled")
            let retryable = try row.decode(Int.self, "retryable"), lateness = try row.decode(Double.self, "lateness_s")
            update(try row.decode(String.self, "queue")) {
                $0.available = available
                $0.scheduled = scheduled
                $0.retryable = retryable
                $0.oldestDueLatenessSeconds = lateness
            }
        }
        for row in try connection.query(runningSQL) {
            let count = try row.decode(Int.self, "n")
            update(try row.decode(String.self, "queue")) { $0.running = count }
        }
        for row in try connection.query(deadSQL) {
            let count = try row.decode(Int.self, "n")
            update(try row.decode(String.self, "queue")) { $0.dead = count }
        }
        return Array(byName.values)
    }

    /// The last 60 minutes of attempts, oldest first, every minute present.
    public static func lastHour(on connection: Connection) throws -> [Minute] {
        var minutes = (0..<60).map { Minute(minutesAgo: 59 - $0, succeeded: 0, failed: 0) }
        for row in try connection.query(minutesSQL) {
            let ago = try row.decode(Int.self, "minutes_ago")
            guard (0..<60).contains(ago) else { continue }
            minutes[59 - ago].succeeded = try row.decode(Int.self, "succeeded")
            minutes[59 - ago].failed = try row.decode(Int.self, "failed")
        }
        return minutes
    }

    /// The known names and the settings rows (a handful).
    static let settingsSQL = """
        SELECT n.name, coalesce(q.paused, false) AS paused, q.paused_by, q.paused_reason, q.paused_at
          FROM (SELECT unnest($1::text[]) AS name UNION SELECT name FROM queues) n LEFT JOIN queues q ON q.name = n.name
        """

    /// Claimable rows only, through `jobs_claimable_idx`: the near-term work, however many jobs finished.
    static let pendingSQL = """
        SELECT queue,
               count(*) FILTER (WHERE run_at <= booknow_now())::int AS available,
               count(*) FILTER (WHERE state = 'scheduled' AND run_at > booknow_now())::int AS scheduled,
               count(*) FILTER (WHERE state = 'retryable' AND run_at > booknow_now())::int AS retryable,
               coalesce(extract(epoch FROM booknow_now() - min(run_at) FILTER (WHERE run_at <= booknow_now())), 0)::float8 AS lateness_s
          FROM jobs WHERE state IN ('scheduled', 'retryable') GROUP BY queue
        """

    /// Running rows through `jobs_lease_idx`.
    static let runningSQL = "SELECT queue, count(*)::int AS n FROM jobs WHERE state = 'running' GROUP BY queue"

    /// An index-only scan of `jobs_dead_idx`, which carries the queue.
    static let deadSQL = "SELECT queue, count(*)::int AS n FROM jobs WHERE state = 'dead' GROUP BY queue"

    /// The last hour of attempts through `job_attempts_finished_brin`; replays and discards are operators', not work.
    /// The clock is read once (`n`): `booknow_now()` in the select list would be
    /// evaluated per row, each time reading `booknow_clock` (5× slower at 45,000 attempts).
    static let minutesSQL = """
        SELECT floor(extract(epoch FROM n.t - a.finished_at) / 60)::int AS minutes_ago,
               count(*) FILTER (WHERE a.outcome = 'succeeded')::int AS succeeded,
               count(*) FILTER (WHERE a.outcome IN ('retry', 'dead', 'expired'))::int AS failed
          FROM (SELECT booknow_now() AS t OFFSET 0) n
          JOIN job_attempts a ON a.finished_at > n.t - interval '60 minutes' AND a.finished_at <= n.t
         GROUP BY 1
        """
}
