import Foundation
public import Postgres
import Delivery
import Vocabulary

/// Reads and writes `message_receipts`.
///
/// Synchronous, on a connection the caller holds: the routes record a receipt
/// and its suppression in one transaction on a libmicrohttpd pool thread.
public enum ReceiptStore {
    /// Append-only: providers repeat callbacks, and every one is history.
    static let insertReceipt = """
        INSERT INTO message_receipts (provider, provider_message_id, channel, status, error_code, detail)
        VALUES ($1, $2, $3, $4, $5, $6::jsonb)
        """
    /// Deletes up to `$2` receipts older than `$1` seconds (`worker.receipt_retention`),
    /// for the worker's maintenance loop: `message_receipts_received_brin` finds
    /// them; by `ctid`, so the delete is a TID scan of that batch.
    public static let pruneSQL = """
        DELETE FROM message_receipts WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM message_receipts WHERE received_at < booknow_now() - make_interval(secs => $1) LIMIT $2))
        """
    /// The view's DISTINCT ON columns take the predicate, so it uses
    /// message_receipts_message_idx and sorts one message's rows only.
    static let selectLatest = """
        SELECT provider, provider_message_id, channel, status, error_code, received_at
        FROM message_receipt_latest WHERE provider_message_id = $1 AND provider = $2
        """
    /// message_receipts_message_idx; oldest first, as an operator reads a history.
    static let selectHistory = """
        SELECT provider, provider_message_id, channel, status, error_code, detail, received_at
        FROM message_receipts WHERE provider_message_id = $1 AND provider = $2 ORDER BY received_at, id
        """

    /// Stores `receipt` (its `receivedAt` is the database clock's now).
    public static func record(_ receipt: MessageReceipt, on connection: Connection) throws {
        _ = try connection.execute(insertReceipt, [
            receipt.provider, receipt.providerMessageID, receipt.channel.rawValue, receipt.status.rawValue,
            receipt.errorCode, JSONParameter(receipt.detail),
        ])
    }

    /// The message's latest status: its furthest stage (a late "sent" does not
    /// hide "delivered"), then its newest receipt. Nil when none arrived.
    public static func latest(provider: String, messageID: String, on connection: Connection) throws -> MessageReceipt? {
        try connection.query(selectLatest, [messageID, provider]).first.map { try receipt($0, detail: [:]) }
    }

    /// Every receipt of the message, oldest first.
    public static func history(provider: String, messageID: String, on connection: Connection) throws -> [MessageReceipt] {
        try connection.query(selectHistory, [messageID, provider]).map { try receipt($0, detail: $0.decodeJSON([String: String].self, "detail")) }
    }

    static func receipt(_ row: Row, detail: [String: String]) throws -> MessageReceipt {
        guard let channel = Channel(rawValue: try row.decode(String.self, "channel")),
              let status = ReceiptStatus(rawValue: try row.decode(String.self, "status")) else {
            throw PostgresError(.decode, "message_receipts holds a channel or status this release does not know")
        }
        return MessageReceipt(
            provider: try row.decode(String.self, "provider"), providerMessageID: try row.decode(String.self, "provider_message_id"),
            channel: channel, status: status, errorCode: try row.decode(String?.self, "error_code"), detail: detail,
            receivedAt: try row.decode(Date.self, "received_at"))
    }
}
