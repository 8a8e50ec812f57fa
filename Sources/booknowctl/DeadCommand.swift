import Foundation
import Postgres
import Queue

/// `booknowctl dead list|show|replay|discard`: jobs that failed for good, and
/// the operator's ways back (replay) or out (discard). Thin over `DeadLetters`.
enum DeadCommand {
    static let list = Command(
        name: "dead list",
        summary: "list dead jobs, newest first (filter by business, kind, time)",
        usage: """
            usage: booknowctl dead list [--business UUID] [--kind KIND] [--since TIME] [--limit N]

            One row per dead job: id, queue, kind, business, attempts used, when it died
            and its last error. At most N rows (default 100).
              --business UUID   only this business's jobs
              --kind KIND       only jobs of this kind (send_message, plan_reminders, …)
              --since TIME      only jobs that died at or after TIME (ISO 8601, e.g. 2024-05-01T09:00:00Z)
              --limit N         at most N jobs
            """
    ) { args, context in
        let filter = try args.deadJobFilter()
        try args.finish()
        let jobs = try DeadLetters.list(filter, on: try context.connect())
        try context.output(jobs) {
            guard !jobs.isEmpty else { return "no dead jobs" }
            var table = TextTable(["ID", "QUEUE", "KIND", "BUSINESS", "ATTEMPTS", "DIED", "LAST ERROR"], numeric: [0, 4])
            for job in jobs {
                table.append([
                    String(job.id), job.queue, job.kind, job.businessID.map { $0.uuidString.lowercased() } ?? "-", String(job.attempt),
                    HumanText.text(job.finishedAt), errorText(code: job.lastErrorCode, message: job.lastError),
                ])
            }
            return table.render()
        }
    }

    /// A dead job and its history, for `dead show --json`.
    struct Shown: Encodable {
        var job: DeadJob
        var attempts: [JobAttempt]
    }

    static let show = Command(
        name: "dead show",
        summary: "show a dead job: payload and every attempt with its error and provider reply",
        usage: """
            usage: booknowctl dead show ID

            The job, its payload, and every attempt in order (and every rescue or replay),
            each with its outcome, error and the provider's reply. Exits 65 when ID is
            not a dead job.
            """
    ) { args, context in
        let id = try args.jobIDs()
        guard id.count == 1 else { throw CLIError(.usage, "dead show takes exactly one job id") }
        try args.finish()
        let shown = try DeadLetters.show(id[0], on: try context.connect())
        try context.output(Shown(job: shown.job, attempts: shown.attempts)) { text(shown.job, shown.attempts) }
    }

    static func text(_ job: DeadJob, _ attempts: [JobAttempt]) -> String {
        ([
            "job \(job.id)  \(job.kind)  queue \(job.queue)",
            "business:   \(job.businessID.map { $0.uuidString.lowercased() } ?? "-")",
            "created:    \(HumanText.text(job.createdAt))",
            "died:       \(HumanText.text(job.finishedAt)) after \(job.attempt) attempt(s)",
            "last error: \(errorText(code: job.lastErrorCode, message: job.lastError))",
            "payload:    \(job.payload)",
        ] + attemptLines(attempts)).joined(separator: "\n")
    }

    /// A job's history under `attempts:`, one entry per attempt, rescue or replay,
    /// for `dead show` and `jobs show`.
    static func attemptLines(_ attempts: [JobAttempt]) -> [String] {
        var lines = ["", "attempts:"]
        for attempt in attempts {
            let took = attempt.durationMilliseconds.map { "  " + HumanText.duration(seconds: $0 / 1000) } ?? ""
            lines.append("  #\(attempt.attempt)  \(attempt.outcome)  \(HumanText.text(attempt.startedAt))  \(attempt.worker)\(took)")
            if attempt.errorCode != nil || attempt.error != nil {
                lines.append("      error:          \(errorText(code: attempt.errorCode, message: attempt.error))")
            }
            if let reply = attempt.providerReply { lines.append("      provider reply: \(reply)") }
            if let message = attempt.providerMessageID { lines.append("      message id:     \(message)") }
        }
        if attempts.isEmpty { lines.append("  (none recorded)") }
        return lines
    }

    static func errorText(code: String?, message: String?) -> String {
        let text = [code, message].compactMap { $0 }.joined(separator: ": ")
        return text.isEmpty ? "-" : text
    }
}

extension Arguments {
    /// Removes the dead-job filter options shared by `dead list` and `dead replay --all`.
    mutating func deadJobFilter() throws -> DeadJobFilter {
        DeadJobFilter(businessID: try optionalID("--business"), kind: try option("--kind"), since: try since(), limit: try limit())
    }
}
