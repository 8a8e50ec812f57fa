import Accounts
import Foundation
import HTTPServer
import Postgres
import Queue
import Templates
import Web

/// The jobs list (filters, keyset pages) and one job's detail with every attempt.
extension OpsConsole {
    static let pageSize = 50

    func jobs(_ request: Request, _ session: Sessions.Session) throws -> Response {
        let console = ConsoleFilter(query: request.query)
        let before = request.query["before"].flatMap { Int64($0) }
        let result = try pool.withConnection { try JobBrowser.page(console.filter, before: before, limit: Self.pageSize, on: $0) }
        let items: [MustacheValue] = result.items.map { item in
            .dictionary([
                "id": .string(String(item.id)), "queue": .string(item.queue), "kind": .string(item.kind), "state": .string(item.state.rawValue),
                "business": .optional(item.businessID?.uuidString.lowercased()), "attempt": .number(Double(item.attempt)),
                "run_at": .string(ConsoleText.time(item.runAt)), "created_at": .string(ConsoleText.time(item.createdAt)),
                "error_code": .optional(item.lastErrorCode),
            ])
        }
        var context = console.values
        context["states"] = console.stateOptions
        context["filter_action"] = "/ops/jobs"
        context["show_state"] = true
        context["jobs"] = .list(items)
        context["has_jobs"] = .bool(!items.isEmpty)
        context["invalid"] = .list(console.invalid.map { .string($0) })
        context["has_invalid"] = .bool(!console.invalid.isEmpty)
        context["next"] = result.next.map { .string("/ops/jobs?" + ConsoleFilter.query(console.pairs + [("before", String($0))])) } ?? .null
        return page("jobs", request, session, title: "jobs_title", context)
    }

    func job(_ request: Request, _ session: Sessions.Session) throws -> Response {
        guard let id = Int64(request.parameter("id")), id > 0 else { return notFound(request, session) }
        let shown: (job: JobHistory.Record?, attempts: [JobAttempt])
        do {
            shown = try pool.withConnection { try JobHistory.show(id, on: $0) }
        } catch let error as QueueError where error.code == .notFound {
            return notFound(request, session)
        }
        var context: [String: MustacheValue] = ["id": .string(String(id))]
        if let job = shown.job {
            context["job"] = .dictionary([
                "queue": .string(job.queue), "kind": .string(job.kind), "state": .string(job.state.rawValue),
                "is_dead": .bool(job.state == .dead),
                "business": .optional(job.businessID?.uuidString.lowercased()),
                "booking": .optional(job.bookingID?.uuidString.lowercased()),
                "attempt": .number(Double(job.attempt)), "max_attempts": .optional(job.maxAttempts.map(String.init)),
                "run_at": .string(ConsoleText.time(job.runAt)), "deadline": .optional(job.deadline.map(ConsoleText.time)),
                "locked_by": .optional(job.lockedBy), "error_code": .optional(job.lastErrorCode), "error": .optional(job.lastError),
                "created_at": .string(ConsoleText.time(job.createdAt)), "finished_at": .optional(job.finishedAt.map(ConsoleText.time)),
                "payload": .list(PayloadView.fields(job.payload).map { .dictionary(["name": .string($0.name), "value": .string($0.value)]) }),
            ])
        }
        context["attempts"] = .list(shown.attempts.map { attempt in
            .dictionary([
                "attempt": .number(Double(attempt.attempt)), "worker": .string(attempt.worker),
                "started_at": .string(ConsoleText.time(attempt.startedAt)),
                "duration": .string(attempt.durationMilliseconds.map { ConsoleText.duration(seconds: $0 / 1000) }
                                    ?? ConsoleText.duration(seconds: attempt.finishedAt.timeIntervalSince(attempt.startedAt))),
                "outcome": .string(attempt.outcome), "error_code": .optional(attempt.errorCode), "error": .optional(attempt.error),
                "provider_reply": .optional(attempt.providerReply),
            ])
        })
        context["has_attempts"] = .bool(!shown.attempts.isEmpty)
        return page("job", request, session, title: "job_title", context)
    }
}
