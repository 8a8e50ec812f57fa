import Foundation
import Postgres

/// The worker's statements on the jobs table: claim, the next due time and the
/// shutdown release. One connection per call, from the worker's pool, on the
/// calling (dedicated) thread.
struct JobStore: Sendable {
    let pool: ConnectionPool
    let worker: String
    /// Kinds this worker can run: it never claims a job it has no handler for
    /// (another daemon, perhaps a newer release, may have one).
    let kinds: [String]

    /// Claims up to `capacity − inFlight` due jobs of `queue` (fewer when the
    /// `queues` row caps concurrency lower, none when it is paused).
    func claim(queue: String, capacity: Int, inFlight: Int, lease: Duration) throws -> [Job] {
        let rows = try pool.withConnection {
            try $0.query(Self.claimSQL, [queue, kinds, capacity, inFlight, worker, seconds(lease)])
        }
        return try rows.map(Job.init(row:))
    }

    /// Seconds until the earliest claimable job of these queues is due (≤ 0 when
    /// one is due now), or nil when none is waiting.
    func secondsUntilNextDue(queues: [String]) throws -> Double? {
        try pool.withConnection {
            try $0.query(Self.nextDueSQL, [queues, kinds])[0].decode(Double?.self, "wait_s")
        }
    }

    /// Returns claimed jobs to `retryable` at shutdown. Jobs that never started get
    /// their attempt back; jobs whose handler outlived the shutdown timeout keep it.
    /// - Returns: how many were released (the guard skips any already completed).
    func release(notStarted: [Int64], started: [Int64]) throws -> Int {
        if notStarted.isEmpty && started.isEmpty { return 0 }
        return try pool.withConnection {
            try $0.execute(Self.releaseSQL, [worker, notStarted, notStarted + started])
        }
    }

    /// The claim: the materialized CTE keeps the planner from locking more
    /// rows than the limit; SKIP LOCKED lets workers claim side by side. Served by
    /// `jobs_claimable_idx` (queue, run_at, id): it reads only this queue's due
    /// rows, however many of another queue's wait. The LIMIT is one uncorrelated subquery
    /// on `queues`: 0 when the queue is paused, else the free capacity, capped by
    /// the operator's per-queue concurrency when set. The update finds its rows
    /// through `id = ANY(ARRAY(...))`, a primary-key lookup whatever the planner
    /// guesses: joining the CTE instead made it hash-join a full scan of `jobs`
    /// (the LIMIT is a subquery, so it assumed 10,000 rows) — 25 ms a claim.
    /// It returns only the columns `Job(row:)` reads. `booknow_now()` reads the
    /// test clock's table, so PostgreSQL cannot inline it and runs it at every
    /// call (about 2 µs): the update takes it once, from `clock`, instead of three
    /// times a row. (In `c` it is an index condition, evaluated once a scan.)
    static let claimSQL = """
        WITH clock AS MATERIALIZED (SELECT booknow_now() AS now), c AS MATERIALIZED (
            SELECT id FROM jobs
             WHERE state IN ('scheduled', 'retryable') AND run_at <= booknow_now()
               AND queue = $1 AND kind = ANY($2::text[])
             ORDER BY run_at, id
             LIMIT (SELECT CASE WHEN coalesce(bool_or(q.paused), false) THEN 0
                                ELSE greatest(0, least($3::int, coalesce(min(q.concurrency), $3::int)) - $4::int) END
                      FROM queues q WHERE q.name = $1)
             FOR UPDATE SKIP LOCKED
        )
        UPDATE jobs j
           SET state = 'running', attempt = j.attempt + 1, locked_by = $5,
               locked_until = clock.now + make_interval(secs => $6), updated_at = clock.now
          FROM clock
         WHERE j.id = ANY(ARRAY(SELECT id FROM c))
        RETURNING j.id, j.queue, j.kind, j.business_id, j.payload, j.attempt, j.max_attempts, j.run_at,
                  j.deadline, j.dedupe_key, clock.now AS claimed_at
        """

    /// Each queue's first row in `jobs_claimable_idx` that this worker can run,
    /// and the earliest of those; paused queues are left out so a paused backlog
    /// does not keep the loop awake. One queue at a time, because the index
    /// orders rows within a queue: `min(run_at)` over `queue = ANY(…)` would
    /// read every claimable row of those queues, after every pass.
    static let nextDueSQL = """
        SELECT extract(epoch FROM min(first.run_at) - booknow_now())::float8 AS wait_s
          FROM unnest($1::text[]) AS q(name)
          CROSS JOIN LATERAL (
                SELECT run_at FROM jobs
                 WHERE state IN ('scheduled', 'retryable') AND queue = q.name AND kind = ANY($2::text[])
                 ORDER BY run_at, id LIMIT 1) AS first
         WHERE q.name NOT IN (SELECT name FROM queues WHERE paused)
        """

    /// Guarded like completion: only rows this worker still holds.
    static let releaseSQL = """
        UPDATE jobs
           SET state = 'retryable', run_at = booknow_now(), locked_by = NULL, locked_until = NULL,
               attempt = CASE WHEN id = ANY($2::bigint[]) THEN attempt - 1 ELSE attempt END,
               updated_at = booknow_now()
         WHERE id = ANY($3::bigint[]) AND state = 'running' AND locked_by = $1
        """
}
