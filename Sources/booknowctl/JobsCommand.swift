import Foundation
import Postgres
import Queue

/// `booknowctl jobs stats|show`: the queue as the database sees it, shared by every daemon.
enum JobsCommand {
    /// How many cancellation reasons `jobs stats` shows.
    static let topCancelReasons = 5

    static let stats = Command(
        name: "jobs stats",
        summary: "count jobs by queue, kind and state; show the oldest due job's lateness and paused queues",
        usage: """
            usage: booknowctl jobs stats

            One row per queue, kind and state with its count; then how late the oldest
            due job is (work waiting longer than it should: workers down, a queue paused
            or too little concurrency), which queues are paused, and the most frequent
            reasons jobs were cancelled (numbers shown as N, so versions count together).
            """
    ) { args, context in
        try args.finish()
        let statistics = try QueueStatistics.fetch(on: try context.connect(), cancelReasons: topCancelReasons)
        try context.output(statistics) { text(statistics) }
    }

    static func text(_ statistics: QueueStatistics) -> String {
        var lines: [String] = []
        if statistics.counts.isEmpty {
            lines.append("no jobs")
        } else {
            var table = TextTable(["QUEUE", "KIND", "STATE", "COUNT"], numeric: [3])
            for count in statistics.counts {
                table.append([count.queue, count.kind, count.state.rawValue, String(count.count)])
            }
            lines.append(table.render())
        }
        lines.append("")
        let late = statistics.oldestDueLatenessSeconds
        lines.append("oldest due job: " + (late > 0 ? "\(HumanText.duration(seconds: late)) late" : "none waiting"))
        lines.append("paused queues: " + (statistics.pausedQueues.isEmpty ? "none" : statistics.pausedQueues.joined(separator: ", ")))
        let reasons = statistics.cancelReasons ?? []
        if reasons.isEmpty {
            lines.append("cancelled jobs: none")
        } else {
            var table = TextTable(["CANCELLED", "REASON"], numeric: [0])
            for reason in reasons { table.append([String(reason.count), reason.reason]) }
            lines += ["", "why jobs were cancelled (top \(topCancelReasons)):", table.render()]
        }
        return lines.joined(separator: "\n")
    }

    /// A job and its history for `jobs show --json`; `job` is null once discarded or pruned.
    struct Shown: Encodable {
        var job: JobHistory.Record?
        var attempts: [JobAttempt]
    }

    static let show = Command(
        name: "jobs show",
        summary: "show any job (waiting, running, sent, cancelled or dead) and every attempt",
        usage: """
            usage: booknowctl jobs show ID

            The job in whatever state it is, its payload, and every attempt in order (and
            every rescue, replay or discard), each with its outcome, error and the provider's
            reply. A job pruned or discarded since shows its history alone. Exits 65 when
            nothing is known of ID.
            """
    ) { args, context in
        let ids = try args.jobIDs()
        guard ids.count == 1 else { throw CLIError(.usage, "jobs show takes exactly one job id") }
        try args.finish()
        let shown = try JobHistory.show(ids[0], on: try context.connect())
        try context.output(Shown(job: shown.job, attempts: shown.attempts)) { text(id: ids[0], shown.job, shown.attempts) }
    }

    static func text(id: Int64, _ job: JobHistory.Record?, _ attempts: [JobAttempt]) -> String {
        guard let job else {
            return (["job \(id): no longer in the jobs table (discarded or pruned); its history:"]
                    + DeadCommand.attemptLines(attempts)).joined(separator: "\n")
        }
        let error = DeadCommand.errorText(code: job.lastErrorCode, message: job.lastError)
        return ([
            "job \(job.id)  \(job.kind)  queue \(job.queue)  \(job.state.rawValue)",
            "business:   \(job.businessID.map { $0.uuidString.lowercased() } ?? "-")",
            "created:    \(HumanText.text(job.createdAt))",
            "run at:     \(HumanText.text(job.runAt))" + (job.deadline.map { "  (deadline \(HumanText.text($0)))" } ?? ""),
            "attempts:   \(job.attempt) used" + (job.maxAttempts.map { " of \($0)" } ?? ""),
            "finished:   \(HumanText.text(job.finishedAt))",
            "locked by:  \(job.lockedBy ?? "-")",
            "last error: \(error)",
            "payload:    \(job.payload)",
        ] + DeadCommand.attemptLines(attempts)).joined(separator: "\n")
    }
}
