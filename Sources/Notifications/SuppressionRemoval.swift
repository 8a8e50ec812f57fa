public import Booking
import Foundation
public import Postgres
public import Receipts

/// Lifting a suppression on an operator's word, in one transaction with its
/// audit entry: what `booknowctl suppressions remove` and the operator console
/// both call, so the trail reads the same whoever removed it.
public enum SuppressionRemoval {
    /// Deletes the entry `id` and records `actorID` (of `actor`'s kind) as who removed it.
    /// - Returns: the entry removed, or nil when there was none (nothing recorded).
    public static func remove(_ id: Int64, actor: AuditLog.ActorKind, actorID: String, route: String,
                              on connection: Connection) throws -> Suppression? {
        try connection.withTransaction { connection -> Suppression? in
            guard let entry = try PostgresSuppressionList.remove(id, on: connection) else { return nil }
            // The summary names the entry, never the recipient (no contact data in the audit trail).
            try AuditLog.record(
                business: entry.businessID, actor: actor, actorID: actorID, method: "DELETE", route: route,
                targets: ["suppression_id": String(entry.id), "channel": entry.channel],
                summary: "removed \(entry.channel) suppression \(entry.id) (\(entry.why))", on: connection)
            return entry
        }
    }
}
