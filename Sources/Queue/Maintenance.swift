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
    /// The rescuing worker: it rescues a dead peer's jobs only while its own
    /// heartbeats are fresh and have been unbroken for longer than the timeout.
    var worker = ""
    var heartbeatTimeout: Duration = .seconds(30)
    var retentionRules: [RetentionRule] = []
    /// Rows per statement, so that pruning a large backlog never holds locks long.
    let batchSize = 5_000

    func run() throws -> MaintenanceReport {
        var report = MaintenanceReport()
        (report.rescued, report.lost) = try rescue()
        report.periodicEnqueued = try enqueuePeriodic()
        report.prunedJobs = try deleteAll(Self.pruneJobsSQL, [seconds(finishedRetention), seconds(deadRetention), batchSize])
        report.prunedAttempts = try deleteAll(Self.pruneAttemptsSQL, [seconds(attemptRetention), batchSize])
        for rule in retentionRules {
            report.pruned[rule.name] = try deleteAll(rule.deleteSQL, [seconds(rule.retention), batchSize])
        }
        _ = try pool.withConnection { try $0.execute(Heartbeats.pruneSQL, [seconds(Heartbeats.deadRowRetention)]) }
        return report
    }

    /// Returns to `retryable` the running jobs whose lease expired or whose
    /// worker's heartbeat stopped (or to `dead` when no attempt is left, by the
    /// row's own limit or the default, or the deadline has passed), and wakes
    /// the workers when any became due.
    /// - Returns: all the jobs rescued, and of them those lost with their worker.
    func rescue() throws -> (rescued: Int, lost: Int) {
        try pool.withConnection { connection in
            let row = try connection.query(Self.rescueSQL, [
                RetryPolicy.default.maxAttempts, Jobs.channel, worker, seconds(heartbeatTimeout),
            ])[0]
            return (try row.decode(Int.self, "rescued"), try row.decode(Int.self, "lost"))
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

    /// Served by `jobs_lease_idx` (every running job is in it, a few hundred at
    /// most); SKIP LOCKED so two rescuers never wait on each other, and a
    /// completion racing the rescue either wins (the row is no longer `running`)
    /// or loses its guard. Each rescued attempt leaves a history row.
    ///
    /// A peer is dead when its heartbeat is
    /// older than the timeout ($4) *and* this worker ($3) beat within half the
    /// timeout and without a break for longer than the timeout: a rescuer that
    /// was itself cut off (a failover, a partition) sees every peer stale and
    /// must give them a whole timeout to beat again first. Workers without a
    /// row (the previous release) are left to the lease.
    static let rescueSQL = """
        WITH rescuer AS (
            SELECT 1 FROM queue_workers
             WHERE name = $3 AND heartbeat_at >= booknow_now() - make_interval(secs => $4::float8 / 2)
               AND unbroken_since < booknow_now() - make_interval(secs => $4)
        ), dead AS (
            SELECT name FROM queue_workers
             WHERE heartbeat_at < booknow_now() - make_interval(secs => $4) AND EXISTS (SELECT 1 FROM rescuer)
        ), expired AS MATERIALIZED (
            SELECT id, locked_by, updated_at, locked_until < booknow_now() AS lease_expired FROM jobs
             WHERE state = 'running' AND (locked_until < booknow_now() OR locked_by IN (SELECT name FROM dead))
             ORDER BY locked_until
             LIMIT 1000
             FOR UPDATE SKIP LOCKED
        ), u AS (
            UPDATE jobs j
               SET state = CASE WHEN j.attempt >= coalesce(j.max_attempts, $1) OR j.deadline < booknow_now()
                                THEN 'dead' ELSE 'retryable' END,
                   last_error_code = CASE WHEN j.deadline < booknow_now() THEN 'expired'
                                          WHEN e.lease_expired THEN 'lease_expired' ELSE 'worker_lost' END,
                   last_error = CASE WHEN e.lease_expired THEN 'lease expired on worker ' ELSE 'heartbeat stopped on worker ' END
                                || coalesce(e.locked_by, '?'),
                   finished_at = CASE WHEN j.attempt >= coalesce(j.max_attempts, $1) OR j.deadline < booknow_now()
                                      THEN booknow_now() END,
                   run_at = booknow_now(), locked_by = NULL, locked_until = NULL, updated_at = booknow_now()
              FROM expired e WHERE j.id = e.id
            RETURNING j.id, j.attempt, j.state, e.locked_by, e.updated_at, e.lease_expired
        ), h AS (
            INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_code, error)
            SELECT id, attempt, coalesce(locked_by, '?'), updated_at, booknow_now(),
                   CASE WHEN lease_expired THEN 'lease_expired' ELSE 'worker_lost' END,
                   CASE WHEN lease_expired THEN 'lease_expired' ELSE 'worker_lost' END,
                   CASE WHEN lease_expired THEN 'the worker did not answer before its lease expired'
                        ELSE 'the worker''s heartbeat stopped for longer than the timeout' END
              FROM u
            RETURNING outcome
        ), woken AS (
            SELECT pg_notify($2, '') FROM (SELECT 1 FROM u WHERE state = 'retryable' LIMIT 1) AS d
        )
        SELECT (SELECT count(*) FROM h)::int AS rescued, (SELECT count(*) FROM h WHERE outcome = 'worker_lost')::int AS lost,
               (SELECT count(*) FROM woken) AS notified
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
    /// Running jobs returned to `retryable` (or `dead`): expired leases and dead workers' jobs.
    public var rescued = 0
    /// Periodic jobs this run enqueued (0 when another worker was first).
    public var periodicEnqueued = 0
    /// Of `rescued`, the jobs whose worker's heartbeat stopped (the rest: expired leases).
    public var lost = 0
    public var prunedJobs = 0
    public var prunedAttempts = 0
    /// Rows each `RetentionRule` deleted, by rule name.
    public var pruned: [String: Int] = [:]
}
