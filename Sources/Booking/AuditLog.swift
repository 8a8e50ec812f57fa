public import Foundation
public import Postgres

/// The record of admin changes (`admin_audit`): who, what and when.
///
/// `record` runs inside the change's own transaction, so an entry exists
/// exactly when its change committed. Summaries name fields and ids, never
/// customer contact data or secrets.
public enum AuditLog {
    /// One admin change as the API shows it.
    public struct Entry: Sendable {
        public let id: Int
        public let json: String
    }

    static let insert = """
        INSERT INTO admin_audit (business_id, key_id, key_prefix, method, route, targets, summary)
        VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
        """
    /// Newest first, continuing below the cursor's id: the primary key's
    /// (business_id, id) order read backwards. Entries written while an admin
    /// pages have higher ids, so they never shift a page already seen.
    static let page = """
        SELECT t.id, jsonb_build_object('id', t.id, 'key_id', t.key_id, 'key_prefix', t.key_prefix, 'method', t.method,
                                        'route', t.route, 'targets', t.targets, 'summary', t.summary, 'created_at', t.created_at) AS item
        FROM admin_audit t
        WHERE t.business_id = $1 AND ($2::bigint IS NULL OR t.id < $2)
        ORDER BY t.id DESC LIMIT $3
        """

    public static func record(business: UUID, keyID: UUID, keyPrefix: String, method: String, route: String,
                              targets: [String: String], summary: String, on connection: Connection) throws {
        let targetJSON = String(decoding: try JSONSerialization.data(withJSONObject: targets, options: [.sortedKeys]), as: UTF8.self)
        try connection.execute(insert, [business, keyID, keyPrefix, method, route, targetJSON, String(summary.prefix(1000))])
    }

    /// Up to `limit` entries older than `before` (an entry id), newest first.
    public static func page(business: UUID, before: Int?, limit: Int, on connection: Connection) throws -> [Entry] {
        try connection.query(page, [business, before, limit]).map {
            Entry(id: try $0.decode(Int.self, "id"), json: try $0.decode(String.self, "item"))
        }
    }
}
