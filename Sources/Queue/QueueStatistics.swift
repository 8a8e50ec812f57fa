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

    public var counts: [Count]
    /// How late the oldest due, unclaimed job is, in seconds (0 when none is due).
    public var oldestDueLatenessSeconds: Double
    /// Names of paused queues.
    public var pausedQueues: [String]

    /// Runs the three statistics queries on `connection`.
    public static func fetch(on connection: Connection) throws -> QueueStatistics {
        let counts = try connection.query(countsSQL).map { row in
            Count(
                queue: try row.decode(String.self, "queue"), kind: try row.decode(String.self, "kind"),
                state: JobState(rawValue: try row.decode(String.self, "state")) ?? .dead, count: try row.decode(Int.self, "n"))
        }
        let lateness = try connection.query(oldestDueSQL)[0].decode(Double.self, "lateness_s")
        let paused = try connection.query(pausedSQL).map { try $0.decode(String.self, "name") }
        return QueueStatistics(counts: counts, oldestDueLatenessSeconds: lateness, pausedQueues: paused)
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

    /// The first entry of `jobs_claimable_idx`.
    static let oldestDueSQL = """
        SELECT coalesce(extract(epoch FROM booknow_now() - min(run_at)), 0)::float8 AS lateness_s
          FROM jobs WHERE state IN ('scheduled', 'retryable') AND run_at <= booknow_now()
        """

    static let pausedSQL = "SELECT name FROM queues WHERE paused ORDER BY name"
}
