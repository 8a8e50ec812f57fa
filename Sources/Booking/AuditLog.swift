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

    /// Who made a change other than through an API key.
    public enum ActorKind: String, Sendable {
        case admin
        case `operator`
        case cli
    }

    static let insertByActor = """
        INSERT INTO admin_audit (business_id, actor_kind, actor_id, method, route, targets, summary)
        VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
        """

    static let insert = """
        INSERT INTO admin_audit (business_id, key_id, key_prefix, method, route, targets, summary, client_address)
        VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
        """
    /// Newest first, continuing below the cursor's id: `admin_audit_by_business`'s
    /// (business_id, id) order read backwards. Absent fields (an operator's entry has
    /// no key, an API key's no actor id) are left out rather than null. Entries written while an admin
    /// pages have higher ids, so they never shift a page already seen.
    static let page = """
        SELECT t.id, jsonb_strip_nulls(jsonb_build_object(
                         'id', t.id, 'actor_kind', t.actor_kind, 'actor_id', t.actor_id, 'key_id', t.key_id, 'key_prefix', t.key_prefix,
                         'method', t.method, 'route', t.route, 'targets', t.targets, 'summary', t.summary, 'created_at', t.created_at)) AS item
        FROM admin_audit t
        WHERE t.business_id = $1 AND ($2::bigint IS NULL OR t.id < $2)
        ORDER BY t.id DESC LIMIT $3
        """

    /// - Parameter clientAddress: `Request.clientAddress` of the change's request.
    public static func record(business: UUID, keyID: UUID, keyPrefix: String, method: String, route: String,
                              targets: [String: String], summary: String, clientAddress: String? = nil, on connection: Connection) throws {
        try connection.execute(insert, [business, keyID, keyPrefix, method, route, try json(targets), String(summary.prefix(1000)),
                                        clientAddress.map { String($0.prefix(64)) }])
    }

    /// Records a change made by a person rather than an API key (`booknowctl`, a
    /// console); `business` is nil for a change that concerns none (a global suppression).
    /// Runs in the change's transaction, like `record`.
    public static func record(business: UUID?, actor: ActorKind, actorID: String, method: String, route: String,
                              targets: [String: String], summary: String, on connection: Connection) throws {
        try connection.execute(insertByActor, [business, actor.rawValue, String(actorID.prefix(200)), method, route,
                                               try json(targets), String(summary.prefix(1000))])
    }

    static func json(_ targets: [String: String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: targets, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Up to `limit` entries older than `before` (an entry id), newest first.
    public static func page(business: UUID, before: Int?, limit: Int, on connection: Connection) throws -> [Entry] {
        try connection.query(page, [business, before, limit]).map {
            Entry(id: try $0.decode(Int.self, "id"), json: try $0.decode(String.self, "item"))
        }
    }
}
