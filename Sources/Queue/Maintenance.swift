import Postgres

/// The worker's housekeeping: the rescuer, the periodic scheduler and pruning.
/// Every worker runs it; the statements are safe to run side by side (SKIP
/// LOCKED, dedupe keys, idempotent deletes), so no leader is needed.
struct Maintenance: Sendable {
    let pool: ConnectionPool
    let periodic: [JobRegistry.Periodic]
    let finishedRetention: Duration
    let deadRetention: Duration
    let attemptRetention: Duration
    /// Rows per statement, so that pruning a large backlog never holds locks long.
    let batchSize = 5_000

    func run() throws -> MaintenanceReport {
        var report = MaintenanceReport()
        report.rescued = try rescue()
        report.periodicEnqueued = try enqueuePeriodic()
        report.prunedJobs = try deleteAll(Self.pruneJobsSQL, [seconds(finishedRetention), seconds(deadRetention), batchSize])
        report.prunedAttempts = try deleteAll(Self.pruneAttemptsSQL, [seconds(attemptRetention), batchSize])
        return report
    }

    /// Returns expired leases to `retryable`, or `dead` when no attempt is left
    /// (by the row's own limit or the default) or the deadline has passed, and
    /// wakes the workers when any became due.
    func rescue() throws -> Int {
        try pool.withConnection { connection in
            try connection.query(Self.rescueSQL, [RetryPolicy.default.maxAttempts, Jobs.channel])[0].decode(Int.self, "rescued")
        }
    }

    /// Enqueues each periodic kind for the current period unless some worker already did.
    func enqueuePeriodic() throws -> Int {
        if periodic.isEmpty { return 0 }
        return try pool.withConnection { connection in
            try connection.query(Self.periodicSQL, [
                periodic.map(\.kind), periodic.map(\.queue), periodic.map(\.payload),
                periodic.map { seconds($0.interval) }, Jobs.channel,
            ]).count
        }
    }

    private func deleteAll(_ sql: String, _ parameters: [(any PostgresEncodable)?]) throws -> Int {
        var total = 0
        while true {
            let deleted = try pool.withConnection { try $0.execute(sql, parameters) }
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    /// Served by `jobs_lease_idx`; SKIP LOCKED so two rescuers never wait on each
    /// other, and a completion racing the rescue either wins (the row is no longer
    /// `running`) or loses its guard. Each rescued attempt leaves a history row.
    static let rescueSQL = """
        WITH expired AS MATERIALIZED (
            SELECT id, locked_by, updated_at FROM jobs
             WHERE state = 'running' AND locked_until < booknow_now()
             ORDER BY locked_until
             LIMIT 1000
             FOR UPDATE SKIP LOCKED
        ), u AS (
            UPDATE jobs j
               SET state = CASE WHEN j.attempt >= coalesce(j.max_attempts, $1) OR j.deadline < booknow_now()
                                THEN 'dead' ELSE 'retryable' END,
                   last_error_code = CASE WHEN j.deadline < booknow_now() THEN 'expired' ELSE 'lease_expired' END,
                   last_error = 'lease expired on worker ' || coalesce(e.locked_by, '?'),
                   finished_at = CASE WHEN j.attempt >= coalesce(j.max_attempts, $1) OR j.deadline < booknow_now()
                                      THEN booknow_now() END,
                   run_at = booknow_now(), locked_by = NULL, locked_until = NULL, updated_at = booknow_now()
              FROM expired e WHERE j.id = e.id
            RETURNING j.id, j.attempt, j.state, e.locked_by, e.updated_at
        ), h AS (
            INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_code, error)
            SELECT id, attempt, coalesce(locked_by, '?'), updated_at, booknow_now(), 'lease_expired',
                   'lease_expired', 'the worker did not answer before its lease expired'
              FROM u
            RETURNING 1
        ), woken AS (
            SELECT pg_notify($2, '') FROM (SELECT 1 FROM u WHERE state = 'retryable' LIMIT 1) AS d
        )
        SELECT (SELECT count(*) FROM h)::int AS rescued, (SELECT count(*) FROM woken) AS notified
        """

    /// One row per periodic kind for the period `floor(epoch / interval)`, due at
    /// the period's start; the dedupe key makes a second insert by another worker
    /// a no-op (unique index `jobs_dedupe_key_idx`).
    static let periodicSQL = """
        WITH p AS (
            SELECT kind, queue, payload, interval_s,
                   floor(extract(epoch FROM booknow_now()) / interval_s)::bigint AS period
              FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) AS p(kind, queue, payload, interval_s)
        ), inserted AS (
            INSERT INTO jobs (kind, queue, payload, run_at, dedupe_key)
            SELECT kind, queue, payload::jsonb, to_timestamp(period * interval_s), 'periodic:' || kind || ':' || period
              FROM p
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            RETURNING id
        ), woken AS (
            SELECT pg_notify($5, '') FROM (SELECT 1 FROM inserted LIMIT 1) AS d
        )
        SELECT id, (SELECT count(*) FROM woken) AS notified FROM inserted
        """

    /// Served by `jobs_finished_idx`, in bounded batches.
    static let pruneJobsSQL = """
        DELETE FROM jobs WHERE id IN (
            SELECT id FROM jobs
             WHERE (state IN ('succeeded', 'cancelled') AND finished_at < booknow_now() - make_interval(secs => $1))
                OR (state = 'dead' AND finished_at < booknow_now() - make_interval(secs => $2))
             LIMIT $3)
        """

    /// Served by the BRIN index on `finished_at`, in bounded batches.
    static let pruneAttemptsSQL = """
        DELETE FROM job_attempts WHERE id IN (
            SELECT id FROM job_attempts WHERE finished_at < booknow_now() - make_interval(secs => $1) LIMIT $2)
        """
}

/// What one maintenance run did.
public struct MaintenanceReport: Sendable, Equatable {
    /// Expired leases returned to `retryable` (or `dead`).
    public var rescued = 0
    /// Periodic jobs this run enqueued (0 when another worker was first).
    public var periodicEnqueued = 0
    public var prunedJobs = 0
    public var prunedAttempts = 0
}
