public import Foundation
public import Postgres

/// Stored answers to POSTs by `Idempotency-Key`.
///
/// The operation and the record of its answer share one transaction, so a
/// key is recorded exactly when its effects commit: a crash in between leaves
/// neither, and the client's retry runs the operation afresh.
public enum IdempotencyStore {
    /// An answer, fresh or replayed.
    public struct Answer: Sendable, Equatable {
        public let status: Int
        public let body: [UInt8]
        /// True when this is the stored answer to an earlier request.
        public let replayed: Bool
    }

    /// Serialises requests carrying the same key (a client retrying while its
    /// first attempt still runs), held until commit. A hash collision with
    /// another key only makes two requests take turns.
    static let lockKey = "SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2, 0))"
    /// How long a key's answer is kept (README, openapi.yaml): a retry within
    /// this replays the first answer; after it, the key is free again. A day,
    /// as Stripe keeps its keys.
    public static let retention: Duration = .seconds(24 * 3600)
    /// Deletes up to `$2` keys older than `$1` seconds, for the worker's
    /// maintenance loop: `idempotency_keys_by_age` finds them; by `ctid`, so the
    /// delete is a TID scan of that batch, and short batches never hold locks long.
    public static let pruneSQL = """
        DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM idempotency_keys WHERE created_at < booknow_now() - make_interval(secs => $1) LIMIT $2))
        """
    /// Primary key (business_id, key).
    static let selectAnswer = "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE business_id = $1 AND key = $2"
    static let insertAnswer = """
        INSERT INTO idempotency_keys (business_id, key, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, $5)
        """

    /// Runs `operation` once per business and key, in one transaction with
    /// the record of its answer; later requests with the same key and request
    /// hash get that answer again.
    ///
    /// Only an operation that ran is recorded (as Stripe does): a 2xx answer.
    /// A refusal (4xx: the request broke a rule, named a record that is not
    /// there, or lost a race for a slot) rolls back to a savepoint what the
    /// operation wrote and records nothing, so the key stays free for the
    /// corrected request. A thrown error records nothing and rolls everything back.
    /// - Parameter requestHash: SHA-256 of method, path and body.
    /// - Throws: `BookingError` `idempotencyKeyReused` when the key was used
    ///   with another request; whatever `operation` throws.
    public static func answer(business: UUID, key: String, requestHash: Data, pool: ConnectionPool,
                              _ operation: (Connection) throws -> (status: Int, body: [UInt8])) throws -> Answer {
        try pool.withTransaction { connection in
            try connection.query(lockKey, [business, key])
            if let stored = try connection.query(selectAnswer, [business, key]).first {
                guard try stored.decode(Data.self, "request_hash") == requestHash else {
                    throw BookingError(.idempotencyKeyReused, "this Idempotency-Key was used with a different request")
                }
                return Answer(status: try stored.decode(Int.self, "response_status"),
                              body: Array(try stored.decode(Data.self, "response_body")), replayed: true)
            }
            try connection.execute("SAVEPOINT idempotent_operation")
            let result = try operation(connection)
            guard result.status < 400 else {
                try connection.execute("ROLLBACK TO SAVEPOINT idempotent_operation")
                return Answer(status: result.status, body: result.body, replayed: false)
            }
            try connection.execute(insertAnswer, [business, key, requestHash, result.status, Data(result.body)])
            return Answer(status: result.status, body: result.body, replayed: false)
        }
    }
}
