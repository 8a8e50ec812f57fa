import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// The business's audit trail: every change, by whom and when, whether made
/// here, through the API with a key, or with `booknowctl`, newest first,
/// a page at a time (`AuditLog.page`, the admin API's keyset).
extension BusinessConsole {
    static let auditPageSize = 50

    func auditTrail(_ request: Request, _ session: Sessions.AdminSession) throws -> Response {
        let before = request.query["before"].flatMap { Int($0) }
        let entries = try pool.withConnection {
            try AuditLog.page(business: session.admin.businessID, before: before, limit: Self.auditPageSize + 1, on: $0)
        }
        let rows: [MustacheValue] = entries.prefix(Self.auditPageSize).compactMap { entry in
            guard let object = Self.object(entry.json) else { return nil }
            let kind = object["actor_kind"] as? String ?? ""
            let who = (object["actor_id"] as? String) ?? (object["key_prefix"] as? String).map { "key \($0)…" } ?? ""
            let row: [String: MustacheValue] = [
                "at": .string(Self.instant(object["created_at"]).map { $0.formatted(.iso8601) } ?? ""),
                "who": .string("\(kind): \(who)"), "route": .string(object["route"] as? String ?? ""),
                "summary": .string(object["summary"] as? String ?? "")]
            return .dictionary(MustacheObject(row))
        }
        var context: [String: MustacheValue] = ["entries": .list(rows), "has_entries": .bool(!rows.isEmpty)]
        context["older"] = entries.count > Self.auditPageSize ? .string("/console/audit?before=\(entries[Self.auditPageSize - 1].id)") : .null
        return page("audit", request, session, title: "audit_title", context)
    }
}
