public import Foundation
public import Postgres
public import Runtime
public import Vocabulary

/// The suppression list in PostgreSQL's `suppressions` table.
///
/// Entries without a business (`business_id` NULL) apply to every business:
/// a hard bounce or an invalid number is a fact about the recipient. An entry
/// for one business applies to that business only. The one store: the
/// message sender checks it before every send and adds to it on a refused
/// recipient, receipts and STOP replies add to it, operators lift entries.
/// Every call runs on a connection the caller holds, so a suppression lands
/// in the same transaction as the receipt or attempt that caused it.
public enum PostgresSuppressionList {
    /// Global entries and, when `business` is given, that business's own.
    /// Served by the unique constraint's index (channel, recipient, business_id).
    static let selectSuppressed = """
        SELECT EXISTS (SELECT 1 FROM suppressions
                       WHERE channel = $1 AND recipient = $2 AND (business_id IS NULL OR business_id = $3))
        """
    /// The same test for many recipients at once: the positions (from 1) of those suppressed.
    static let selectSuppressedMany = """
        SELECT r.i FROM unnest($1::text[], $2::text[], $3::uuid[]) WITH ORDINALITY AS r(channel, recipient, business_id, i)
        WHERE EXISTS (SELECT 1 FROM suppressions s
                      WHERE s.channel = r.channel AND s.recipient = r.recipient
                        AND (s.business_id IS NULL OR s.business_id = r.business_id))
        """
    /// A second report of the same recipient keeps the first entry and its
    /// reason (the conflict target is the NULLS NOT DISTINCT unique constraint);
    /// RETURNING tells the caller whether this call added it, for the metric.
    static let insertSuppression = """
        INSERT INTO suppressions (channel, recipient, reason, business_id) VALUES ($1, $2, $3, $4)
        ON CONFLICT (channel, recipient, business_id) DO NOTHING RETURNING id
        """
    /// `IS NOT DISTINCT FROM` so a NULL business clears the global entry only;
    /// a NULL reason clears whatever the reason.
    static let deleteSuppression = """
        DELETE FROM suppressions
        WHERE channel = $1 AND recipient = $2 AND business_id IS NOT DISTINCT FROM $3 AND ($4::text IS NULL OR reason = $4)
        """

    /// Whether a send to `recipient` is suppressed globally or, given `business`, for that business;
    /// `recipient` is normalised first.
    public static func isSuppressed(channel: Channel, recipient: String, business: UUID?, on connection: Connection) throws -> Bool {
        let normalised = try Recipient.normalise(recipient, channel: channel)
        return try connection.query(selectSuppressed, [channel.rawValue, normalised, business])[0].decode(Bool.self, at: 0)
    }

    /// A recipient to test, as `isSuppressed` takes it.
    public struct Candidate: Sendable {
        public var channel: Channel
        public var recipient: String
        public var business: UUID
        public init(channel: Channel, recipient: String, business: UUID) {
            self.channel = channel
            self.recipient = recipient
            self.business = business
        }
    }

    /// `isSuppressed` for many recipients in one statement: for each candidate,
    /// true (suppressed), false, or nil when its recipient does not normalise
    /// (which `isSuppressed` would throw for).
    public static func suppressed(_ candidates: [Candidate], on connection: Connection) throws -> [Bool?] {
        let normalised = candidates.map { try? Recipient.normalise($0.recipient, channel: $0.channel) }
        let asked = candidates.indices.filter { normalised[$0] != nil }
        var answers = normalised.map { $0 == nil ? nil : false as Bool? }
        if asked.isEmpty { return answers }
        let rows = try connection.query(selectSuppressedMany, [asked.map { candidates[$0].channel.rawValue },
                                                               asked.map { normalised[$0]! }, asked.map { candidates[$0].business }])
        for row in rows { answers[asked[try row.decode(Int.self, "i") - 1]] = true }
        return answers
    }

    /// Adds an entry (global when `business` is nil); true when this call added it. The caller
    /// counts it once its transaction commits, so a rollback is never counted.
    @discardableResult
    public static func suppress(channel: Channel, recipient: String, reason: SuppressionReason, business: UUID?,
                                on connection: Connection) throws -> Bool {
        let normalised = try Recipient.normalise(recipient, channel: channel)
        return try connection.query(insertSuppression, [channel.rawValue, normalised, reason.rawValue, business]).count == 1
    }

    /// Counts an entry in `booknow_suppressions_added_total`, for callers of the
    /// `on:` forms (the message sender's 550s), once their change has committed.
    public static func countAdded(channel: Channel, reason: SuppressionReason, in metrics: MetricsRegistry) {
        ReceiptMetrics(metrics).suppressionAdded(channel: channel, reason: reason)
    }

    /// Deletes the matching entry; `reason` limits it to entries made for that reason
    /// (a START reply lifts an opt-out, not an invalid-number entry).
    @discardableResult
    public static func clear(channel: Channel, recipient: String, business: UUID?, reason: SuppressionReason?,
                      on connection: Connection) throws -> Bool {
        let normalised = try Recipient.normalise(recipient, channel: channel)
        return try connection.execute(deleteSuppression, [channel.rawValue, normalised, business, reason?.rawValue]) > 0
    }
}
