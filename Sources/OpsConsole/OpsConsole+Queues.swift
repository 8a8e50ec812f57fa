import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Notifications
import Queue
import Receipts
import Templates
import Web

/// Queues (pause and resume with a reason), suppressions (lift one), and the
/// audit trail of operators' and the CLI's actions.
extension OpsConsole {
    func queues(_ request: Request, _ session: Sessions.Session) throws -> Response {
        let overview = try pool.withConnection { try sharedOverview(on: $0).0 }
        return page("queues", request, session, title: "queues_title", [
            "queues": .list(overview.queues.map { queue in
                .dictionary([
                    "name": .string(queue.name), "paused": .bool(queue.paused), "paused_by": .optional(queue.pausedBy),
                    "paused_reason": .optional(queue.pausedReason), "paused_at": .optional(queue.pausedAt.map(ConsoleText.time)),
                    "waiting": .number(Double(queue.available + queue.scheduled + queue.retryable)),
                ])
            }),
            "flash": .optional(request.query["done"].flatMap { ["paused", "resumed", "unchanged"].contains($0) ? $0 : nil }),
        ])
    }

    func pause(_ request: Request, _ session: Sessions.Session, _ form: FormBody) throws -> Response {
        let queue = request.parameter("name")
        let reason = String((form.nonEmpty("reason") ?? "paused by an operator").prefix(500))
        let name = session.account.name
        do {
            try pool.withTransaction { connection in
                try QueueControl.pause(queue, by: actor(session), reason: reason, known: knownQueues, on: connection)
                try AuditLog.record(business: nil, actor: .operator, actorID: name, method: "POST", route: "/ops/queues/{name}/pause",
                                    targets: ["queue": queue], summary: "paused queue \(queue): \(reason)", on: connection)
            }
        } catch let error as QueueError where error.code == .notFound {
            return notFound(request, session)
        }
        return PageResponse.redirect(to: "/ops/queues?done=paused")
    }

    func resume(_ request: Request, _ session: Sessions.Session, _ form: FormBody) throws -> Response {
        let queue = request.parameter("name")
        let name = session.account.name
        let changed = try pool.withTransaction { connection in
            let changed = try QueueControl.resume(queue, by: actor(session), on: connection)
            if changed {
                try AuditLog.record(business: nil, actor: .operator, actorID: name, method: "POST", route: "/ops/queues/{name}/resume",
                                    targets: ["queue": queue], summary: "resumed queue \(queue)", on: connection)
            }
            return changed
        }
        return PageResponse.redirect(to: "/ops/queues?done=" + (changed ? "resumed" : "unchanged"))
    }

    func suppressions(_ request: Request, _ session: Sessions.Session) throws -> Response {
        let search = request.query["recipient"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        let entries = try pool.withConnection {
            try PostgresSuppressionList.list(SuppressionFilter(recipient: search, limit: 200), on: $0)
        }
        return page("suppressions", request, session, title: "suppressions_title", [
            "recipient": .optional(search), "has_entries": .bool(!entries.isEmpty),
            "entries": .list(entries.map { entry in
                .dictionary([
                    "id": .string(String(entry.id)), "channel": .string(entry.channel), "recipient": .string(entry.recipient),
                    "reason": .string(entry.reason), "business": .string(entry.businessID?.uuidString.lowercased() ?? "all"),
                    "since": .string(ConsoleText.time(entry.createdAt)),
                ])
            }),
            "removed": .bool(request.query["done"] == "removed"),
        ])
    }

    func removeSuppression(_ request: Request, _ session: Sessions.Session, _ form: FormBody) throws -> Response {
        guard let id = Int64(request.parameter("id")), id > 0 else { return notFound(request, session) }
        let removed = try pool.withConnection { connection in
            try SuppressionRemoval.remove(id, actor: .operator, actorID: session.account.name, route: "/ops/suppressions/{id}/remove",
                                          on: connection)
        }
        guard removed != nil else { return notFound(request, session) }
        return PageResponse.redirect(to: "/ops/suppressions?done=removed")
    }

    func audit(_ request: Request, _ session: Sessions.Session) throws -> Response {
        let before = request.query["before"].flatMap { Int64($0) }
        let entries = try pool.withConnection { try AuditLog.operatorPage(before: before, limit: Self.pageSize, on: $0) }
        return page("audit", request, session, title: "audit_title", [
            "entries": .list(entries.map { entry in
                .dictionary([
                    "id": .string(String(entry.id)), "when": .string(ConsoleText.time(entry.createdAt)), "kind": .string(entry.actorKind),
                    "actor": .optional(entry.actorID), "route": .string(entry.route), "summary": .string(entry.summary),
                ])
            }),
            "has_entries": .bool(!entries.isEmpty),
            "next": entries.count == Self.pageSize ? entries.last.map { .string("/ops/audit?before=\($0.id)") } ?? .null : .null,
        ])
    }
}
