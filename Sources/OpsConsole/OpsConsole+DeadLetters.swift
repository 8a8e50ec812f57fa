import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Queue
import Templates
import Web

/// Dead letters: the filtered list, then for some or "all matching" a replay
/// dry run that lists what would be refused and why before a confirmation,
/// or a discard confirmation naming the count. The same `DeadLetters` calls
/// and replay checks as `booknowctl dead`, and one audit entry per action.
extension OpsConsole {
    func deadLetters(_ request: Request, _ session: Sessions.Session) throws -> Response {
        let console = ConsoleFilter(query: request.query)
        let cursor = request.query["after"].flatMap(Self.cursor)
        let (jobs, matching) = try pool.withConnection { connection in
            (try DeadLetters.page(console.filter, after: cursor, limit: Self.pageSize, on: connection),
             try DeadLetters.count(console.filter, on: connection))
        }
        var context = console.values
        context["hidden_filter"] = console.hidden
        context["filter_action"] = "/ops/dead"
        context["dead"] = .list(jobs.map { job in
            .dictionary([
                "id": .string(String(job.id)), "queue": .string(job.queue), "kind": .string(job.kind),
                "business": .optional(job.businessID?.uuidString.lowercased()), "attempt": .number(Double(job.attempt)),
                "error_code": .optional(job.lastErrorCode), "finished_at": .string(ConsoleText.time(job.finishedAt)),
            ])
        })
        context["has_dead"] = .bool(!jobs.isEmpty)
        context["matching"] = .string(matching > DeadLetters.bulkLimit ? "\(DeadLetters.bulkLimit)+" : String(matching))
        context["invalid"] = .list(console.invalid.map { .string($0) })
        context["has_invalid"] = .bool(!console.invalid.isEmpty)
        if jobs.count == Self.pageSize, let last = jobs.last, let finished = last.finishedAt {
            let after = "\(finished.timeIntervalSince1970),\(last.id)"
            context["next"] = .string("/ops/dead?" + ConsoleFilter.query(console.pairs + [("after", after)]))
        }
        for flash in ["replayed", "refused", "discarded"] {
            if let count = request.query[flash].flatMap(Int.init) { context["flash_" + flash] = .number(Double(count)) }
        }
        context["has_flash"] = .bool(["replayed", "discarded"].contains { request.query[$0] != nil })
        return page("dead", request, session, title: "dead_title", context)
    }

    /// `after=EPOCH,ID` as the next-page link writes it.
    static func cursor(_ text: String) -> DeadLetters.Cursor? {
        let parts = text.split(separator: ",")
        guard parts.count == 2, let seconds = Double(parts[0]), let id = Int64(parts[1]) else { return nil }
        return DeadLetters.Cursor(finishedAt: Date(timeIntervalSince1970: seconds), id: id)
    }

    /// The jobs a bulk form names: the ticked ones, or every dead job its filter matches (at most `bulkLimit`).
    func chosenIDs(_ form: FormBody, on connection: Connection) throws -> [Int64] {
        if form["scope"] == "all" { return try DeadLetters.ids(ConsoleFilter(form: form).filter, on: connection) }
        return Self.ids(form.pairs.filter { $0.name == "id" }.map(\.value).joined(separator: ","))
    }

    /// Positive ids from `1,2,3`, at most `bulkLimit`.
    static func ids(_ text: String?) -> [Int64] {
        Array((text ?? "").split(separator: ",").compactMap { Int64($0) }.filter { $0 > 0 }.prefix(DeadLetters.bulkLimit))
    }

    func dryRun(_ request: Request, _ session: Sessions.Session, _ form: FormBody) throws -> Response {
        let report = try pool.withConnection { connection in
            try DeadLetters.replay(try chosenIDs(form, on: connection), by: actor(session), registry: registry, dryRun: true, on: connection)
        }
        let shown = report.refused.prefix(200)
        return page("dry_run", request, session, title: "dry_run_title", [
            "replayable": .number(Double(report.replayed.count)), "has_replayable": .bool(!report.replayed.isEmpty),
            "ids": .string(report.replayed.map(String.init).joined(separator: ",")),
            "refused_count": .number(Double(report.refused.count)), "has_refused": .bool(!report.refused.isEmpty),
            "refused": .list(shown.map { .dictionary(["id": .string(String($0.id)), "reason": .string($0.reason)]) }),
            "refused_more": report.refused.count > shown.count ? .number(Double(report.refused.count - shown.count)) : .null,
            "not_found": .number(Double(report.notFound.count)), "has_not_found": .bool(!report.notFound.isEmpty),
            "back": .string("/ops/dead?" + ConsoleFilter(form: form).queryString),
        ])
    }

    func replay(_ request: Request, _ session: Sessions.Session, _ form: FormBody) throws -> Response {
        let ids = Self.ids(form["ids"])
        let name = session.account.name
        let report = try pool.withConnection { connection in
            try DeadLetters.replay(ids, by: actor(session), registry: registry, on: connection) { report, connection in
                guard !report.replayed.isEmpty else { return }
                try AuditLog.record(
                    business: nil, actor: .operator, actorID: name, method: "POST", route: "/ops/dead/replay",
                    targets: ["jobs": String(report.replayed.count), "refused": String(report.refused.count)],
                    summary: "replayed \(report.replayed.count) dead job(s): " + Self.list(report.replayed), on: connection)
            }
        }
        return PageResponse.redirect(to: "/ops/dead?replayed=\(report.replayed.count)&refused=\(report.refused.count)")
    }

    func confirmDiscard(_ request: Request, _ session: Sessions.Session, _ form: FormBody) throws -> Response {
        let ids = try pool.withConnection { try chosenIDs(form, on: $0) }
        return page("discard", request, session, title: "discard_title", [
            "count": .number(Double(ids.count)), "has_ids": .bool(!ids.isEmpty),
            "ids": .string(ids.map(String.init).joined(separator: ",")),
            "back": .string("/ops/dead?" + ConsoleFilter(form: form).queryString),
        ])
    }

    func discard(_ request: Request, _ session: Sessions.Session, _ form: FormBody) throws -> Response {
        let ids = Self.ids(form["ids"])
        let name = session.account.name
        let discarded = try pool.withTransaction { connection in
            let discarded = try DeadLetters.discard(ids, by: actor(session), on: connection)
            if !discarded.isEmpty {
                try AuditLog.record(
                    business: nil, actor: .operator, actorID: name, method: "POST", route: "/ops/dead/discard",
                    targets: ["jobs": String(discarded.count)],
                    summary: "discarded \(discarded.count) dead job(s): " + Self.list(discarded), on: connection)
            }
            return discarded
        }
        return PageResponse.redirect(to: "/ops/dead?discarded=\(discarded.count)")
    }

    /// Who the queue's history names for a console action: the account, marked as the console's.
    func actor(_ session: Sessions.Session) -> String { "ops:" + session.account.name }

    /// `1, 2, 3` (the first 100, then how many more): an audit summary stays under its 1,000 characters.
    static func list(_ ids: [Int64]) -> String {
        let shown = ids.prefix(100).map(String.init).joined(separator: ", ")
        return ids.count > 100 ? shown + " and \(ids.count - 100) more" : shown
    }
}
