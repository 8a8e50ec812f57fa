public import Postgres

/// The operator's dead-letter API, kept here so `booknowctl dead …` is a thin
/// wrapper: list, show, replay (by id or by filter, with a dry run) and discard.
///
/// Replay puts a job back to `scheduled`, due now, with one more attempt than
/// it has used, and records who asked in `job_attempts`. A kind's replay check
/// may refuse (a cancelled booking's reminder); a dry run asks the checks but
/// changes nothing.
public enum DeadLetters {
    /// Dead jobs, newest first.
    public static func list(_ filter: DeadJobFilter = DeadJobFilter(), on connection: Connection) throws -> [DeadJob] {
        try connection.query(listSQL, [filter.businessID, filter.kind, filter.since, filter.limit ?? 100]).map(DeadJob.init(row:))
    }

    /// A dead job with every attempt, oldest first.
    /// - Throws: `QueueError.notFound` when `id` is not a dead job.
    public static func show(_ id: Int64, on connection: Connection) throws -> (job: DeadJob, attempts: [JobAttempt]) {
        guard let row = try connection.query(showSQL, [id]).first else {
            throw QueueError(.notFound, "no dead job with this id", jobID: id)
        }
        let attempts = try JobHistory.attempts(id, on: connection)
        return (try DeadJob(row: row), attempts)
    }

    /// Replays the dead jobs `ids`, in one transaction, asking each kind's replay check.
    /// `record` (not called in a dry run) runs in that transaction after the
    /// replay, so the caller's audit entry exists exactly when the replay committed.
    public static func replay(
        _ ids: [Int64], by actor: String, registry: JobRegistry, dryRun: Bool = false, on connection: Connection,
        record: ((ReplayReport, Connection) throws -> Void)? = nil
    ) throws -> ReplayReport {
        try connection.withTransaction { connection in
            // FOR UPDATE: a concurrent replay or discard of the same job waits for this one.
            let jobs = try connection.query(lockSQL, [ids]).map(DeadJob.init(row:))
            var report = ReplayReport(dryRun: dryRun)
            let found = Set(jobs.map(\.id))
            report.notFound = ids.filter { !found.contains($0) }
            for job in jobs {
                if let reason = try registry.replayChecks[job.kind]?(job, connection) {
                    report.refused.append(.init(id: job.id, reason: reason))
                } else {
                    report.replayed.append(job.id)
                }
            }
            if !dryRun && !report.replayed.isEmpty {
                try connection.execute(replaySQL, [report.replayed, actor, Jobs.channel])
            }
            if !dryRun { try record?(report, connection) }
            return report
        }
    }

    /// Replays every dead job the filter matches (its limit applies; none means all).
    public static func replayAll(
        _ filter: DeadJobFilter, by actor: String, registry: JobRegistry, dryRun: Bool = false, on connection: Connection
    ) throws -> ReplayReport {
        let ids = try connection.query(idsSQL, [filter.businessID, filter.kind, filter.since, filter.limit])
            .map { try $0.decode(Int64.self, "id") }
        return try replay(ids, by: actor, registry: registry, dryRun: dryRun, on: connection)
    }

    /// Deletes dead jobs for good; their history stays (with a `discarded` row)
    /// until the attempt retention prunes it.
    /// - Returns: the ids discarded; ids that are not dead jobs are skipped.
    public static func discard(_ ids: [Int64], by actor: String, on connection: Connection) throws -> [Int64] {
        try connection.query(discardSQL, [ids, actor]).map { try $0.decode(Int64.self, "id") }
    }

    /// The columns `DeadJob(row:)` reads.
    static let columns = "id, queue, kind, business_id, payload, attempt, last_error_code, last_error, created_at, finished_at"

    /// Dead rows through `jobs_finished_idx` (finished_at, newest first).
    static let listSQL = """
        SELECT \(columns)
          FROM jobs
         WHERE state = 'dead' AND ($1::uuid IS NULL OR business_id = $1) AND ($2::text IS NULL OR kind = $2)
           AND ($3::timestamptz IS NULL OR finished_at >= $3)
         ORDER BY finished_at DESC, id DESC
         LIMIT $4
        """

    static let idsSQL = """
        SELECT id FROM jobs
         WHERE state = 'dead' AND ($1::uuid IS NULL OR business_id = $1) AND ($2::text IS NULL OR kind = $2)
           AND ($3::timestamptz IS NULL OR finished_at >= $3)
         ORDER BY id
         LIMIT $4
        """

    static let showSQL = """
        SELECT \(columns) FROM jobs WHERE id = $1 AND state = 'dead'
        """

    /// Primary-key lookups, locked in id order so two replays cannot deadlock.
    static let lockSQL = """
        SELECT \(columns) FROM jobs WHERE id = ANY($1::bigint[]) AND state = 'dead' ORDER BY id FOR UPDATE
        """

    /// One more attempt than used, due now; the history row names the operator.
    static let replaySQL = """
        WITH u AS (
            UPDATE jobs SET state = 'scheduled', run_at = booknow_now(), max_attempts = attempt + 1,
                   finished_at = NULL, locked_by = NULL, locked_until = NULL, updated_at = booknow_now()
             WHERE id = ANY($1::bigint[]) AND state = 'dead'
            RETURNING id, attempt
        ), h AS (
            INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error)
            SELECT id, attempt, $2, booknow_now(), booknow_now(), 'replayed', 'replayed by ' || $2 FROM u
            RETURNING 1
        )
        SELECT pg_notify($3, ''), (SELECT count(*) FROM h) AS recorded
        """

    static let discardSQL = """
        WITH d AS (
            DELETE FROM jobs WHERE id = ANY($1::bigint[]) AND state = 'dead' RETURNING id, attempt
        ), h AS (
            INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error)
            SELECT id, attempt, $2, booknow_now(), booknow_now(), 'discarded', 'discarded by ' || $2 FROM d
            RETURNING 1
        )
        SELECT id, (SELECT count(*) FROM h) AS recorded FROM d ORDER BY id
        """
}
