public import Foundation
public import Postgres

/// Pause and resume per queue, persisted in `queues` so every daemon obeys:
/// used by operators (`booknowctl queues`) and by the delivery circuit breaker.
public enum QueueControl {
    /// One queue as `queues list` shows it.
    public struct Status: Sendable, Codable, Equatable {
        public var name: String
        public var paused: Bool
        public var pausedBy: String?
        public var pausedReason: String?
        public var pausedAt: Date?
        public var concurrency: Int?
        /// Jobs waiting (scheduled or retryable), due or not.
        public var waiting: Int
    }

    /// Every queue that has a settings row or a job.
    public static func list(on connection: Connection) throws -> [Status] {
        try connection.query(listSQL).map { row in
            Status(
                name: try row.decode(String.self, "name"), paused: try row.decode(Bool.self, "paused"),
                pausedBy: try row.decode(String?.self, "paused_by"), pausedReason: try row.decode(String?.self, "paused_reason"),
                pausedAt: try row.decode(Date?.self, "paused_at"), concurrency: try row.decode(Int?.self, "concurrency"),
                waiting: try row.decode(Int.self, "waiting"))
        }
    }

    /// Stops every worker claiming from `queue` at its next pass; running jobs finish.
    public static func pause(_ queue: String, by actor: String, reason: String, on connection: Connection) throws {
        guard !queue.isEmpty else { throw QueueError(.invalidArgument, "queue name is empty") }
        try connection.execute(pauseSQL, [queue, actor, reason])
    }

    /// Pauses `queue` for an operator, refusing a name no daemon runs (`known`)
    /// and the database has never seen (no settings row, no job): a typo must not
    /// leave a phantom paused queue behind while the real one keeps sending.
    /// - Throws: `QueueError.notFound` naming the queues there are.
    public static func pause(_ queue: String, by actor: String, reason: String, known: [String], on connection: Connection) throws {
        if !known.contains(queue), try !connection.query(existsSQL, [queue])[0].decode(Bool.self, at: 0) {
            let names = Set(known).union(try list(on: connection).map(\.name)).sorted()
            throw QueueError(.notFound, "no queue named '\(queue)'; nothing was paused (queues: \(names.joined(separator: ", ")))")
        }
        try pause(queue, by: actor, reason: reason, on: connection)
    }

    /// Lets workers claim from `queue` again, and wakes them now.
    /// - Returns: false when the queue was not paused.
    @discardableResult
    public static func resume(_ queue: String, by actor: String, on connection: Connection) throws -> Bool {
        let changed = try connection.execute(resumeSQL, [queue, actor]) > 0
        if changed { try Jobs.wakeWorkers(on: connection) }
        return changed
    }

    /// Sets (or with nil clears) a cap on every worker's concurrency for `queue`.
    public static func setConcurrency(_ queue: String, _ concurrency: Int?, on connection: Connection) throws {
        try connection.execute(concurrencySQL, [queue, concurrency])
    }

    /// Queues with a settings row, plus those that only appear in `jobs` (a full
    /// scan of a table that pruning keeps small).
    static let listSQL = """
        WITH names AS (SELECT name FROM queues UNION SELECT DISTINCT queue FROM jobs)
        SELECT n.name, coalesce(q.paused, false) AS paused, q.paused_by, q.paused_reason, q.paused_at, q.concurrency,
               (SELECT count(*) FROM jobs j WHERE j.queue = n.name AND j.state IN ('scheduled', 'retryable')) AS waiting
          FROM names n LEFT JOIN queues q ON q.name = n.name
         ORDER BY n.name
        """

    /// The settings row by primary key; the jobs probe is a scan of a table pruning keeps small.
    static let existsSQL = """
        SELECT EXISTS (SELECT 1 FROM queues WHERE name = $1) OR EXISTS (SELECT 1 FROM jobs WHERE queue = $1) AS known
        """

    static let pauseSQL = """
        INSERT INTO queues (name, paused, paused_by, paused_reason, paused_at)
        VALUES ($1, true, $2, $3, booknow_now())
        ON CONFLICT (name) DO UPDATE SET paused = true, paused_by = $2, paused_reason = $3,
               paused_at = booknow_now(), updated_at = booknow_now()
        """

    /// `paused_by` keeps who resumed it, for the record.
    static let resumeSQL = """
        UPDATE queues SET paused = false, paused_by = $2, paused_reason = NULL, paused_at = NULL, updated_at = booknow_now()
         WHERE name = $1 AND paused
        """

    static let concurrencySQL = """
        INSERT INTO queues (name, concurrency) VALUES ($1, $2)
        ON CONFLICT (name) DO UPDATE SET concurrency = $2, updated_at = booknow_now()
        """
}
