import Delivery
public import Foundation
public import Postgres
public import Vocabulary

/// The operator's view of the suppression list: list, show, the entry that
/// blocks a send, and removal. Statements live here because this module owns
/// the `suppressions` table; `booknowctl` and the consoles call these.
extension PostgresSuppressionList {
    /// The columns `Suppression(row:)` reads.
    static let columns = "id, channel, recipient, reason, business_id, created_at"

    /// Newest first. A scan: the table holds one row per refused recipient, and
    /// `recipient` is matched as a substring for the operator's search.
    static let listSQL = """
        SELECT \(columns) FROM suppressions
         WHERE ($1::text IS NULL OR channel = $1) AND ($2::text IS NULL OR strpos(recipient, lower($2)) > 0)
           AND ($3::uuid IS NULL OR business_id = $3)
         ORDER BY created_at DESC, id DESC LIMIT $4
        """
    static let showSQL = "SELECT \(columns) FROM suppressions WHERE id = $1"
    /// The entry a send would meet, through the unique constraint's index; the global
    /// one first, since it outlives a business's own.
    static let blockingSQL = """
        SELECT \(columns) FROM suppressions
         WHERE channel = $1 AND recipient = $2 AND (business_id IS NULL OR business_id = $3)
         ORDER BY business_id NULLS FIRST LIMIT 1
        """
    /// FOR UPDATE is implied by DELETE: a concurrent removal of the same id returns nothing.
    static let removeSQL = "DELETE FROM suppressions WHERE id = $1 RETURNING \(columns)"

    /// Entries matching `filter`, newest first.
    public static func list(_ filter: SuppressionFilter = SuppressionFilter(), on connection: Connection) throws -> [Suppression] {
        try connection.query(listSQL, [filter.channel, filter.recipient, filter.businessID, filter.limit]).map(Suppression.init(row:))
    }

    /// The entry `id`, or nil.
    public static func show(_ id: Int64, on connection: Connection) throws -> Suppression? {
        try connection.query(showSQL, [id]).first.map(Suppression.init(row:))
    }

    /// The entry that stops a send to `recipient` on `channel` for `business`, or nil when none does.
    public static func blocking(channel: Channel, recipient: String, business: UUID?, on connection: Connection) throws -> Suppression? {
        let normalised = try Recipient.normalise(recipient, channel: channel)
        return try connection.query(blockingSQL, [channel.rawValue, normalised, business]).first.map(Suppression.init(row:))
    }

    /// Deletes the entry `id`; returns it, or nil when there was none. The caller
    /// records who removed it (`admin_audit`) in the same transaction.
    public static func remove(_ id: Int64, on connection: Connection) throws -> Suppression? {
        try connection.query(removeSQL, [id]).first.map(Suppression.init(row:))
    }
}

extension Suppression {
    init(row: Row) throws {
        self.init(
            id: try row.decode(Int64.self, "id"), channel: try row.decode(String.self, "channel"),
            recipient: try row.decode(String.self, "recipient"), reason: try row.decode(String.self, "reason"),
            businessID: try row.decode(UUID?.self, "business_id"), createdAt: try row.decode(Date.self, "created_at"))
    }
}
