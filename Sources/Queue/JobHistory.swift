public import Foundation
public import Postgres

/// Any job and its attempts, whatever its state: what `booknowctl jobs show`
/// prints, so an operator can follow a message that was cancelled, is waiting
/// to retry or was sent, not only a dead one.
public enum JobHistory {
    /// One job row as operators see it.
    public struct Record: Sendable, Codable, Equatable {
        public var id: Int64
        public var queue: String
        public var kind: String
        public var state: JobState
        public var businessID: UUID?
        /// The booking the payload names (`jobs.booking_id`), for "this booking's other jobs".
        public var bookingID: UUID?
        public var payload: String
        public var attempt: Int
        public var maxAttempts: Int?
        public var runAt: Date
        public var deadline: Date?
        public var lockedBy: String?
        public var lastErrorCode: String?
        public var lastError: String?
        public var createdAt: Date
        public var finishedAt: Date?

        init(row: Row) throws {
            (id, queue, kind, businessID, payload, attempt) = try row.jobColumns()
            state = JobState(rawValue: try row.decode(String.self, "state")) ?? .dead
            bookingID = try row.decode(UUID?.self, "booking_id")
            maxAttempts = try row.decode(Int?.self, "max_attempts")
            runAt = try row.decode(Date.self, "run_at")
            deadline = try row.decode(Date?.self, "deadline")
            lockedBy = try row.decode(String?.self, "locked_by")
            (lastErrorCode, lastError, createdAt, finishedAt) = try row.outcomeColumns()
        }
    }

    /// The job `id` (nil once discarded or pruned) and every attempt recorded for it, oldest first.
    /// - Throws: `QueueError.notFound` when neither the job nor any history of it exists.
    public static func show(_ id: Int64, on connection: Connection) throws -> (job: Record?, attempts: [JobAttempt]) {
        let job = try connection.query(showSQL, [id]).first.map(Record.init(row:))
        let attempts = try self.attempts(id, on: connection)
        if job == nil && attempts.isEmpty { throw QueueError(.notFound, "no job with this id (nor any history of one)", jobID: id) }
        return (job, attempts)
    }

    /// Every attempt of job `id`, oldest first.
    public static func attempts(_ id: Int64, on connection: Connection) throws -> [JobAttempt] {
        try connection.query(attemptsSQL, [id]).map(JobAttempt.init(row:))
    }

    /// By primary key.
    static let showSQL = """
        SELECT id, queue, kind, state, business_id, booking_id, payload, attempt, max_attempts, run_at, deadline, locked_by,
               last_error_code, last_error, created_at, finished_at
          FROM jobs WHERE id = $1
        """

    /// Served by `job_attempts_job_idx` (job_id, attempt).
    static let attemptsSQL = """
        SELECT attempt, worker, started_at, finished_at, outcome, error_code, error, provider_reply,
               provider_message_id, duration_ms
          FROM job_attempts WHERE job_id = $1 ORDER BY attempt, id
        """
}
