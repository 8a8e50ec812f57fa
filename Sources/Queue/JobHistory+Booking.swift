public import Foundation
public import Postgres

/// One booking's jobs and their attempts, for the business console's message
/// log. Both reads are index lookups bounded by the caller's limit, so a
/// console page never scans the queue: the booking's rows through
/// `jobs_booking_idx`, their attempts through `job_attempts_job_idx`.
extension JobHistory {
    /// `jobs_booking_idx` (booking_id, id) gives the booking's rows in id order;
    /// the business and kind are checked on those few rows, so another
    /// business's booking id finds nothing.
    static let bookingJobsSQL = """
        SELECT id, queue, kind, state, business_id, booking_id, payload, attempt, max_attempts, run_at, deadline, locked_by,
               last_error_code, last_error, created_at, finished_at
          FROM jobs WHERE booking_id = $1 AND business_id = $2 AND kind = $3
         ORDER BY id LIMIT $4
        """

    /// `job_attempts_job_idx` (job_id, attempt), one range per job id.
    static let attemptsOfJobsSQL = """
        SELECT job_id, attempt, worker, started_at, finished_at, outcome, error_code, error, provider_reply,
               provider_message_id, duration_ms
          FROM job_attempts WHERE job_id = ANY($1::bigint[]) ORDER BY job_id, attempt, id
        """

    /// The jobs of `kind` naming `booking` of `business`, oldest first, at most
    /// `limit`. Finished jobs are pruned after the worker's retention, so this
    /// is the booking's pending work and its recent history.
    public static func jobs(booking: UUID, business: UUID, kind: String, limit: Int, on connection: Connection) throws -> [Record] {
        precondition(limit > 0, "a bounded read needs a positive limit")
        return try connection.query(bookingJobsSQL, [booking, business, kind, limit]).map(Record.init(row:))
    }

    /// Every attempt recorded for each of `jobs`, oldest first, by job id.
    public static func attempts(of jobs: [Int64], on connection: Connection) throws -> [Int64: [JobAttempt]] {
        guard !jobs.isEmpty else { return [:] }
        var byJob: [Int64: [JobAttempt]] = [:]
        for row in try connection.query(attemptsOfJobsSQL, [jobs]) {
            byJob[try row.decode(Int64.self, "job_id"), default: []].append(try JobAttempt(row: row))
        }
        return byJob
    }
}
