import Postgres
import Queue

/// `booknowctl jobs stats`: the queue as the database sees it, shared by every daemon.
enum JobsCommand {
    static let stats = Command(
        name: "jobs stats",
        summary: "count jobs by queue, kind and state; show the oldest due job's lateness and paused queues",
        usage: """
            usage: booknowctl jobs stats

            One row per queue, kind and state with its count; then how late the oldest
            due job is (work waiting longer than it should: workers down, a queue paused
            or too little concurrency) and which queues are paused.
            """
    ) { args, context in
        try args.finish()
        let statistics = try QueueStatistics.fetch(on: try context.connect())
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
        return lines.joined(separator: "\n")
    }
}
