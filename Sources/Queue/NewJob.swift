public import Foundation
import Postgres

/// A job to enqueue.
///
/// `runAt` is nil for "now by the database's clock" (`booknow_now()`), which is
/// what most callers mean and what keeps the Swift clock out of due-ness.
public struct NewJob: Sendable {
    public var kind: String
    public var queue: String
    public var businessID: UUID?
    /// The payload as JSON text.
    public var payload: String
    public var runAt: Date?
    /// Run this many seconds after `booknow_now()`; ignored when `runAt` is set.
    public var delay: Duration?
    public var maxAttempts: Int?
    public var deadline: Date?
    public var dedupeKey: String?

    public init(
        kind: String, queue: String = "default", businessID: UUID? = nil, payload: String = "{}",
        runAt: Date? = nil, delay: Duration? = nil, maxAttempts: Int? = nil, deadline: Date? = nil, dedupeKey: String? = nil
    ) {
        precondition(!kind.isEmpty && !queue.isEmpty, "a job needs a kind and a queue")
        precondition(maxAttempts.map { $0 > 0 } ?? true, "maxAttempts must be positive")
        self.kind = kind
        self.queue = queue
        self.businessID = businessID
        self.payload = payload
        self.runAt = runAt
        self.delay = delay
        self.maxAttempts = maxAttempts
        self.deadline = deadline
        self.dedupeKey = dedupeKey
    }

    /// A job whose payload is an `Encodable` value, encoded with sorted keys.
    public init<Payload: Encodable & Sendable>(
        kind: String, queue: String = "default", businessID: UUID? = nil, payload: Payload,
        runAt: Date? = nil, delay: Duration? = nil, maxAttempts: Int? = nil, deadline: Date? = nil, dedupeKey: String? = nil
    ) {
        self.init(
            kind: kind, queue: queue, businessID: businessID, payload: JSONParameter(payload).postgresText,
            runAt: runAt, delay: delay, maxAttempts: maxAttempts, deadline: deadline, dedupeKey: dedupeKey)
    }
}
