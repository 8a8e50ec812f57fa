public import Foundation
public import Postgres

/// Enqueueing and cancelling jobs, inside the caller's transaction.
///
/// Every function takes the caller's `Connection`, so a booking and the jobs it
/// causes commit or roll back together (the transactional outbox).
///
/// Dedupe keys: a key is reserved for as long as its row exists, in every state,
/// finished ones included; pruning frees it. So a reminder that was sent is not
/// planned again by a later run of the planner (that is the point of the key),
/// and a periodic job's per-period key stays taken for the whole period as long
/// as the finished-job retention is longer than the period. Callers who want to
/// run the same thing again choose a new key (the booking's version is in the
/// reminder keys for that reason). An empty key means no key.
public enum Jobs {
    /// The channel workers LISTEN on for work due now.
    public static let channel = "booknow_jobs"

    /// Inserts many jobs with one statement (`unnest` over arrays) and, when any of
    /// them is due now, sends one `NOTIFY`.
    ///
    /// PostgreSQL folds identical notifications (same channel and payload) sent in
    /// one transaction into one, so even several calls in a transaction wake the
    /// workers once, at commit, never once per row.
    /// - Returns: the ids of the inserted jobs; a job whose dedupe key is taken is skipped.
    @discardableResult
    public static func enqueue(_ jobs: [NewJob], on connection: Connection) throws -> [Int64] {
        if jobs.isEmpty { return [] }
        let rows = try connection.query(insertSQL, [
            jobs.map(\.kind), jobs.map(\.queue), jobs.map { $0.businessID?.uuidString ?? "" },
            jobs.map(\.payload), jobs.map { $0.runAt?.postgresText ?? "" }, jobs.map { $0.delay.map(seconds) ?? 0 },
            jobs.map { $0.maxAttempts ?? 0 }, jobs.map { $0.deadline?.postgresText ?? "" },
            jobs.map { $0.dedupeKey ?? "" }, channel,
        ])
        return try rows.map { try $0.decode(Int64.self, "id") }
    }

    /// Inserts one job; nil when its dedupe key is already taken.
    @discardableResult
    public static func enqueue(_ job: NewJob, on connection: Connection) throws -> Int64? {
        try enqueue([job], on: connection).first
    }

    /// Cancels jobs that have not started (scheduled or retryable) by dedupe key:
    /// how a cancelled or moved booking withdraws its planned reminders.
    /// - Returns: how many jobs were cancelled.
    @discardableResult
    public static func cancel(dedupeKeys: [String], reason: String, on connection: Connection) throws -> Int {
        try connection.execute(cancelSQL, [dedupeKeys, reason])
    }

    /// Wakes every listening worker now (after an operator resumes a queue, or a
    /// test moves the clock).
    public static func wakeWorkers(on connection: Connection) throws {
        try connection.notify(channel)
    }

    /// Arrays rather than one statement per job: one round trip for a batch.
    /// NULLs travel as empty strings or zeros because the array encoding has no
    /// NULL elements. `ON CONFLICT ... DO NOTHING` names the partial unique index's
    /// predicate so PostgreSQL can infer it. The notification is an uncorrelated
    /// subquery, so it runs at most once per statement, and only when a row is due.
    static let insertSQL = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                 $6::float8[], $7::int[], $8::text[], $9::text[])
                AS i(kind, queue, business_id, payload, run_at, delay_s, max_attempts, deadline, dedupe_key)
        ), inserted AS (
            INSERT INTO jobs (kind, queue, business_id, payload, run_at, max_attempts, deadline, dedupe_key)
            SELECT kind, queue, NULLIF(business_id, '')::uuid, payload::jsonb,
                   coalesce(NULLIF(run_at, '')::timestamptz, booknow_now() + make_interval(secs => delay_s)),
                   NULLIF(max_attempts, 0), NULLIF(deadline, '')::timestamptz, NULLIF(dedupe_key, '')
              FROM input
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            RETURNING id, run_at <= booknow_now() AS due
        ), woken AS (
            SELECT pg_notify($10, '') FROM (SELECT 1 FROM inserted WHERE due LIMIT 1) AS d
        )
        SELECT id, (SELECT count(*) FROM woken) AS notified FROM inserted
        """

    /// Served by the dedupe key's unique index; running jobs are left alone (their
    /// handler re-reads the booking and cancels itself).
    /// Cancels the waiting jobs of `kind` whose payload field `field` is one of
    /// `values` (a customer's messages, when the customer is erased).
    /// - Returns: how many jobs were cancelled.
    @discardableResult
    public static func cancel(kind: String, business: UUID, payloadField field: String, in values: [String], reason: String,
                              on connection: Connection) throws -> Int {
        try connection.execute(cancelByPayloadSQL, [kind, business, field, values, reason])
    }

    // Waiting jobs only: a running one finishes (its handler re-reads the data).
    static let cancelByPayloadSQL = """
        UPDATE jobs SET state = 'cancelled', last_error_code = 'cancelled', last_error = $5,
               finished_at = booknow_now(), updated_at = booknow_now()
         WHERE kind = $1 AND business_id = $2 AND payload->>$3 = ANY($4::text[]) AND state IN ('scheduled', 'retryable')
        """
    static let cancelSQL = """
        UPDATE jobs SET state = 'cancelled', last_error_code = 'cancelled', last_error = $2,
               finished_at = booknow_now(), updated_at = booknow_now()
         WHERE dedupe_key = ANY($1::text[]) AND state IN ('scheduled', 'retryable')
        """
}
