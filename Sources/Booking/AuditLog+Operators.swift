public import Foundation
public import Postgres

extension AuditLog {
    /// One entry of the operator console's audit page.
    public struct OperatorEntry: Sendable, Equatable {
        public var id: Int64
        public var actorKind: String
        public var actorID: String?
        public var route: String
        public var summary: String
        public var createdAt: Date
    }

    /// Entries by operators (the console) and the CLI, newest first, below the entry `before`.
    public static func operatorPage(before: Int64?, limit: Int, on connection: Connection) throws -> [OperatorEntry] {
        try connection.query(operatorPageSQL, [before, limit]).map { row in
            OperatorEntry(
                id: try row.decode(Int64.self, "id"), actorKind: try row.decode(String.self, "actor_kind"),
                actorID: try row.decode(String?.self, "actor_id"), route: try row.decode(String.self, "route"),
                summary: try row.decode(String.self, "summary"), createdAt: try row.decode(Date.self, "created_at"))
        }
    }

    /// The primary key read backwards from the cursor, keeping operator and CLI
    /// entries (API-key entries are per business, on the admin API's own page).
    static let operatorPageSQL = """
        SELECT id, actor_kind, actor_id, route, summary, created_at FROM admin_audit
         WHERE actor_kind IN ('operator', 'cli') AND ($1::bigint IS NULL OR id < $1)
         ORDER BY id DESC LIMIT $2
        """
}
