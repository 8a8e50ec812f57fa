import Foundation
import Postgres

/// One finished attempt waiting to be written: the outcome resolved into the
/// row's next state, so a batch of them is one statement.
struct Completion: Sendable {
    var jobID: Int64
    var queue: String
    var kind: String
    var businessID: UUID?
    var attempt: Int
    var claimedAt: Date
    /// The handler's word: `succeeded`, `retry`, `snooze`, `cancel`, `dead`.
    var outcome: String
    var nextState: JobState
    /// For `retryable` and `scheduled`: seconds after `booknow_now()` to run again.
    var delaySeconds: Double = 0
    var errorCode = ""
    var error = ""
    var providerReply = ""
    var providerMessageID = ""
    /// For the log only; not written.
    var replyCode = ""
    var durationMilliseconds: Double
    /// False for a job refused before its handler ran (no handler, past its
    /// deadline, out of attempts): its zero duration is not a handler's.
    var handlerRan = true

    /// Resolves a handler's outcome. A retry with no attempts left is dead here;
    /// a retry past the deadline is decided in SQL, by the database's clock.
    init(job: Job, outcome: Outcome, policy: RetryPolicy, random: Double, duration: Duration) {
        jobID = job.id
        queue = job.queue
        kind = job.kind
        businessID = job.businessID
        attempt = job.attempt
        claimedAt = job.claimedAt
        durationMilliseconds = seconds(duration) * 1000
        switch outcome {
        case .succeeded(let details):
            self.outcome = "succeeded"
            nextState = .succeeded
            providerReply = details.providerReply ?? ""
            providerMessageID = details.providerMessageID ?? ""
            replyCode = details.replyCode ?? ""
        case .retry(let failure):
            self.outcome = "retry"
            let exhausted = job.attempt >= (job.maxAttempts ?? policy.maxAttempts)
            nextState = exhausted ? .dead : .retryable
            delaySeconds = exhausted ? 0 : seconds(policy.delay(afterAttempt: job.attempt, random: random))
            record(failure)
        case .snooze(let delay):
            self.outcome = "snooze"
            nextState = .scheduled
            delaySeconds = max(0, seconds(delay))
        case .cancel(let reason):
            self.outcome = "cancel"
            nextState = .cancelled
            errorCode = "cancelled"
            error = reason
        case .dead(let failure):
            self.outcome = "dead"
            nextState = .dead
            record(failure)
        }
    }

    /// A claimed job that must not run: past its deadline or out of attempts.
    init(refusing job: Job, _ failure: Failure) {
        self.init(job: job, outcome: .dead(failure), policy: .default, random: 0.5, duration: .zero)
        handlerRan = false
    }

    private mutating func record(_ failure: Failure) {
        errorCode = failure.code
        error = failure.message
        providerReply = failure.providerReply ?? ""
        replyCode = failure.replyCode ?? ""
    }

    /// Writes `batch` in one statement.
    /// - Returns: the outcome recorded for each job the guard let through, by id
    ///   (`expired` where a retry or snooze would have landed past the deadline).
    static func write(_ batch: [Completion], worker: String, on connection: Connection) throws -> [Int64: String] {
        // A text column empty for the whole batch (the error columns of a batch
        // that succeeded, usually) goes as an empty array: `unnest` pads it with
        // NULL, which the statement reads as it reads '' (NULLIF), and a batch
        // spent a third of its encoding quoting those empty strings.
        func column(_ values: [String]) -> [String] { values.allSatisfy(\.isEmpty) ? [] : values }
        let row = try connection.query(writeSQL, [
            worker, batch.map(\.jobID), batch.map(\.attempt), batch.map(\.outcome), batch.map(\.nextState.rawValue),
            batch.map(\.delaySeconds), column(batch.map(\.errorCode)), column(batch.map(\.error)),
            column(batch.map(\.providerReply)), column(batch.map(\.providerMessageID)), batch.map(\.claimedAt),
            batch.map(\.durationMilliseconds),
        ])[0]
        let ids = try row.decode([Int64].self, "ids"), outcomes = try row.decode([String].self, "outcomes")
        return Dictionary(zip(ids, outcomes), uniquingKeysWith: { first, _ in first })
    }

    /// What the per-message log says about this completion, given the outcome the write recorded.
    func finished(recorded: String) -> FinishedJob {
        FinishedJob(id: jobID, kind: kind, queue: queue, businessID: businessID, attempt: attempt, outcome: recorded,
                    state: recorded == Failure.expiredCode ? .dead : nextState, errorCode: recorded == Failure.expiredCode ? recorded : errorCode,
                    replyCode: replyCode, delaySeconds: delaySeconds)
    }

    /// Many completions, one statement: `unnest` joins the batch to the rows by
    /// primary key. The guard (`state = 'running' AND locked_by = $1`) makes a late
    /// answer after a rescue change nothing, and the history rows are inserted
    /// only for the rows the guard let through, in the same statement.
    /// A retry or snooze landing after the deadline dies as `expired`. The time
    /// comes once from `clock`, not from `booknow_now()` at every use (seven a
    /// row; see `JobStore.claimSQL`).
    static let writeSQL = """
        WITH clock AS MATERIALIZED (SELECT booknow_now() AS now), r AS (
            SELECT * FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::text[],
                                 $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::float8[])
                AS r(id, attempt, outcome, next_state, delay_s, error_code, error, provider_reply,
                     provider_message_id, claimed_at, duration_ms)
        ), u AS (
            UPDATE jobs j
               SET state = CASE WHEN r.next_state IN ('retryable', 'scheduled')
                                 AND j.deadline < clock.now + make_interval(secs => r.delay_s)
                                THEN 'dead' ELSE r.next_state END,
                   attempt = CASE WHEN r.outcome = 'snooze' THEN j.attempt - 1 ELSE j.attempt END,
                   run_at = CASE WHEN r.next_state IN ('retryable', 'scheduled')
                                 THEN clock.now + make_interval(secs => r.delay_s) ELSE j.run_at END,
                   last_error_code = CASE WHEN r.next_state IN ('retryable', 'scheduled')
                                           AND j.deadline < clock.now + make_interval(secs => r.delay_s)
                                          THEN 'expired' ELSE coalesce(NULLIF(r.error_code, ''), j.last_error_code) END,
                   last_error = coalesce(NULLIF(r.error, ''), j.last_error),
                   finished_at = CASE WHEN r.next_state IN ('succeeded', 'dead', 'cancelled')
                                        OR j.deadline < clock.now + make_interval(secs => r.delay_s)
                                      THEN clock.now END,
                   locked_by = NULL, locked_until = NULL, updated_at = clock.now
              FROM r, clock
             WHERE j.id = r.id AND j.state = 'running' AND j.locked_by = $1
            RETURNING j.id, j.state
        ), h AS (
            INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_code, error,
                                      provider_reply, provider_message_id, duration_ms)
            SELECT r.id, r.attempt, $1, r.claimed_at, clock.now,
                   CASE WHEN u.state = 'dead' AND r.next_state <> 'dead' THEN 'expired' ELSE r.outcome END,
                   NULLIF(r.error_code, ''), NULLIF(r.error, ''), NULLIF(r.provider_reply, ''),
                   NULLIF(r.provider_message_id, ''), r.duration_ms
              FROM r JOIN u ON u.id = r.id, clock
            RETURNING job_id, outcome
        )
        SELECT coalesce(array_agg(job_id), '{}') AS ids, coalesce(array_agg(outcome), '{}') AS outcomes FROM h
        """
}
