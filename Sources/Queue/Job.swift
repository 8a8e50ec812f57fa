public import Foundation
import Postgres

/// A claimed job as its handler sees it.
///
/// The payload stays JSON text until the handler decodes it into its own type:
/// the queue knows no job kind.
public struct Job: Sendable {
    public var id: Int64
    public var queue: String
    public var kind: String
    public var businessID: UUID?
    /// The payload as JSON text (`jsonb`'s canonical form).
    public var payload: String
    /// This attempt's number, counting from 1.
    public var attempt: Int
    /// NULL in the row means the kind's retry policy decides.
    public var maxAttempts: Int?
    public var runAt: Date
    public var deadline: Date?
    public var dedupeKey: String?
    /// When the claim took it, by `booknow_now()`: start − `runAt` is its lateness.
    public var claimedAt: Date
    /// The other jobs of the same claim, for reads a kind makes once for all of them; nil when claimed alone.
    public var batch: ClaimedBatch? = nil

    /// Decodes the payload into the handler's own type.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.utf8))
    }

    /// Reads a job from a row of the claim query (`JobStore.claimSQL`: these
    /// columns and `claimed_at`, not `j.*`: a claim returns hundreds of rows, and
    /// each column name is looked up among all the row's columns, for every row).
    init(row: Row) throws {
        (id, queue, kind, businessID, payload, attempt) = try row.jobColumns()
        maxAttempts = try row.decode(Int?.self, "max_attempts")
        runAt = try row.decode(Date.self, "run_at")
        deadline = try row.decode(Date?.self, "deadline")
        dedupeKey = try row.decode(String?.self, "dedupe_key")
        claimedAt = try row.decode(Date.self, "claimed_at")
    }
}

extension Row {
    /// How a job ended (or last failed), for the operator views (`DeadJob`, `JobHistory.Record`).
    func outcomeColumns() throws -> (lastErrorCode: String?, lastError: String?, createdAt: Date, finishedAt: Date?) {
        (try decode(String?.self, "last_error_code"), try decode(String?.self, "last_error"),
         try decode(Date.self, "created_at"), try decode(Date?.self, "finished_at"))
    }

    /// The columns every view of a job reads (a claimed `Job`, a `DeadJob`).
    func jobColumns() throws -> (id: Int64, queue: String, kind: String, businessID: UUID?, payload: String, attempt: Int) {
        (try decode(Int64.self, "id"), try decode(String.self, "queue"), try decode(String.self, "kind"),
         try decode(UUID?.self, "business_id"), try decode(String.self, "payload"), try decode(Int.self, "attempt"))
    }
}
