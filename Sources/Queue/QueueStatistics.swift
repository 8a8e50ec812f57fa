import Foundation
public import Postgres

/// The database's view of the queue, shared by every daemon: what `jobs stats`
/// prints and what the metrics endpoint exports as depth and age.
public struct QueueStatistics: Sendable, Codable, Equatable {
    /// How many jobs of one kind are in one state in one queue.
    public struct Count: Sendable, Codable, Equatable {
        public var queue: String
        public var kind: String
        public var state: JobState
        public var count: Int
    }

    /// Why cancelled jobs were cancelled: one reason and how many jobs it stopped.
    public struct CancelReason: Sendable, Codable, Equatable {
        /// The reason with its numbers replaced by `N`, so "version 2" and "version 3" count together.
        public var reason: String
        public var count: Int
    }

    public var counts: [Count]
    /// How late the oldest due, unclaimed job is, in seconds (0 when none is due).
    public var oldestDueLatenessSeconds: Double
    /// Names of paused queues.
    public var pausedQueues: [String]
    /// The most frequent cancellation reasons, most frequent first; nil unless asked for
    /// (the metrics scrape does not need them).
    public var cancelReasons: [CancelReason]?

    /// Runs the statistics queries on `connection`; with `cancelReasons` > 0, also
    /// the that many most frequent reasons for cancelled jobs.
    public static func fetch(on connection: Connection, cancelReasons limit: Int = 0) throws -> QueueStatistics {
        let counts = try connection.query(countsSQL).map { row in
            Count(
                queue: try row.decode(String.self, "queue"), kind: try row.decode(String.self, "kind"),
                state: JobState(rawValue: try row.decode(String.self, "state")) ?? .dead, count: try row.decode(Int.self, "n"))
        }
        let lateness = try connection.query(oldestDueSQL)[0].decode(Double.self, "lateness_s")
        let paused = try connection.query(pausedSQL).map { try $0.decode(String.self, "name") }
        let reasons = limit > 0 ? try connection.query(cancelReasonsSQL, [limit]).map { row in
            CancelReason(reason: try row.decode(String.self, "reason"), count: try row.decode(Int.self, "n"))
        } : nil
        return QueueStatistics(counts: counts, oldestDueLatenessSeconds: lateness, pausedQueues: paused, cancelReasons: reasons)
    }

    /// Total jobs in `state`, over every queue and kind.
    public func total(_ state: JobState) -> Int {
        counts.filter { $0.state == state }.reduce(0) { $0 + $1.count }
    }

    /// A full scan, acceptable for an operator's command and a metrics scrape
    /// because pruning keeps the table to near-term work.
    static let countsSQL = """
        SELECT queue, kind, state, count(*)::bigint AS n FROM jobs GROUP BY queue, kind, state ORDER BY queue, kind, state
        """

    /// The earliest of each queue's first entry in `jobs_claimable_idx`
    /// (queue, run_at, id). The queues with claimable rows are found by
    /// skipping from one queue name to the next in the same index (a handful
    /// of lookups), so a scrape reads a few rows however large a backlog is.
    static let oldestDueSQL = """
        WITH RECURSIVE waiting(name) AS (
                (SELECT queue FROM jobs WHERE state IN ('scheduled', 'retryable') ORDER BY queue LIMIT 1)
            UNION ALL
                SELECT (SELECT queue FROM jobs WHERE state IN ('scheduled', 'retryable') AND queue > w.name
                         ORDER BY queue LIMIT 1)
                  FROM waiting w WHERE w.name IS NOT NULL),
             clock AS MATERIALIZED (SELECT booknow_now() AS now)
        SELECT coalesce(extract(epoch FROM (SELECT now FROM clock) - min(first.run_at)), 0)::float8 AS lateness_s
          FROM waiting w CROSS JOIN LATERAL (
                SELECT run_at FROM jobs
                 WHERE state IN ('scheduled', 'retryable') AND queue = w.name AND run_at <= (SELECT now FROM clock)
                 ORDER BY run_at, id LIMIT 1) AS first
        """

    /// Cancelled rows through `jobs_finished_idx`; the cancel reason is the job's `last_error`.
    static let cancelReasonsSQL = """
        SELECT regexp_replace(coalesce(last_error, '(no reason given)'), '[0-9]+', 'N', 'g') AS reason, count(*)::bigint AS n
          FROM jobs WHERE state = 'cancelled'
         GROUP BY 1 ORDER BY n DESC, reason LIMIT $1
        """

    static let pausedSQL = "SELECT name FROM queues WHERE paused ORDER BY name"
}
