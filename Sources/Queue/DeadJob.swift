public import Foundation
import Postgres

/// A dead job as operators see it: `dead list` prints these, `dead show` adds
/// the payload and the attempt history, and replay checks receive one.
public struct DeadJob: Sendable, Codable, Equatable {
    public var id: Int64
    public var queue: String
    public var kind: String
    public var businessID: UUID?
    public var payload: String
    public var attempt: Int
    public var lastErrorCode: String?
    public var lastError: String?
    public var createdAt: Date
    public var finishedAt: Date?

    init(row: Row) throws {
        (id, queue, kind, businessID, payload, attempt) = try row.jobColumns()
        (lastErrorCode, lastError, createdAt, finishedAt) = try row.outcomeColumns()
    }
}

/// One row of `job_attempts`: an attempt, a rescue or an operator's replay.
public struct JobAttempt: Sendable, Codable, Equatable {
    public var attempt: Int
    /// The worker that ran it, or the operator who replayed the job.
    public var worker: String
    public var startedAt: Date
    public var finishedAt: Date
    /// `succeeded`, `retry`, `snooze`, `cancel`, `dead`, `expired`, `lease_expired`, `worker_lost`, `replayed`, `discarded`.
    public var outcome: String
    public var errorCode: String?
    public var error: String?
    public var providerReply: String?
    public var providerMessageID: String?
    public var durationMilliseconds: Double?

    init(row: Row) throws {
        attempt = try row.decode(Int.self, "attempt")
        worker = try row.decode(String.self, "worker")
        startedAt = try row.decode(Date.self, "started_at")
        finishedAt = try row.decode(Date.self, "finished_at")
        outcome = try row.decode(String.self, "outcome")
        errorCode = try row.decode(String?.self, "error_code")
        error = try row.decode(String?.self, "error")
        providerReply = try row.decode(String?.self, "provider_reply")
        providerMessageID = try row.decode(String?.self, "provider_message_id")
        durationMilliseconds = try row.decode(Double?.self, "duration_ms")
    }
}

/// Which dead jobs a list or a bulk replay covers; nil fields do not filter.
public struct DeadJobFilter: Sendable, Equatable {
    public var businessID: UUID?
    public var kind: String?
    /// Jobs that died at or after this time.
    public var since: Date?
    public var limit: Int?

    public init(businessID: UUID? = nil, kind: String? = nil, since: Date? = nil, limit: Int? = nil) {
        self.businessID = businessID
        self.kind = kind
        self.since = since
        self.limit = limit
    }
}

/// What a replay did (or, in a dry run, would do).
public struct ReplayReport: Sendable, Codable, Equatable {
    public struct Refusal: Sendable, Codable, Equatable {
        public var id: Int64
        public var reason: String
    }

    public var replayed: [Int64] = []
    public var refused: [Refusal] = []
    /// Ids that are not dead jobs (unknown, or not in state `dead`).
    public var notFound: [Int64] = []
    public var dryRun: Bool
}
