import Notifications
import Postgres
import Queue
import Vocabulary

/// `booknowctl queues list|pause|resume`: the persisted pause switch every daemon obeys.
enum QueuesCommand {
    /// What `queues pause` and `queues resume` did, for `--json`.
    struct Change: Encodable {
        var queue: String
        var paused: Bool
        /// False when the command found the queue already in that state (resume only).
        var changed: Bool
        var actor: String
        var reason: String?
    }

    static let list = Command(
        name: "queues list",
        summary: "list queues: paused or running, by whom and why, jobs waiting",
        usage: """
            usage: booknowctl queues list

            Every queue with a settings row or a job: whether it is paused (by an operator
            or the delivery circuit breaker), by whom, why and since when, its concurrency
            cap, and how many jobs wait in it (scheduled or retryable, due or not).
            """
    ) { args, context in
        try args.finish()
        let queues = try QueueControl.list(on: try context.connect())
        try context.output(queues) {
            guard !queues.isEmpty else { return "no queues" }
            var table = TextTable(["QUEUE", "STATE", "WAITING", "CONCURRENCY", "PAUSED BY", "SINCE", "REASON"], numeric: [2, 3])
            for queue in queues {
                table.append([
                    queue.name, queue.paused ? "paused" : "running", String(queue.waiting), queue.concurrency.map(String.init) ?? "-",
                    queue.paused ? queue.pausedBy ?? "-" : "-", HumanText.text(queue.pausedAt), queue.pausedReason ?? "-",
                ])
            }
            return table.render()
        }
    }

    static let pause = Command(
        name: "queues pause",
        summary: "stop every daemon claiming from a queue (running jobs finish)",
        usage: """
            usage: booknowctl queues pause QUEUE [--reason TEXT]

            QUEUE is one the daemons run (\(JobKind.queues.joined(separator: ", "))) or one
            `queues list` shows; any other name is refused (exit 65) and nothing changes.
            Persisted: every daemon stops claiming from QUEUE at its next pass, and jobs
            wait (nothing is lost) until `queues resume`. You are recorded as who paused it.
              --reason TEXT   why, shown by `queues list` (default: "paused by an operator")
            """
    ) { args, context in
        let reason = try args.option("--reason") ?? "paused by an operator"
        let queue = try args.positional("QUEUE")
        try args.finish()
        try QueueControl.pause(queue, by: context.actor, reason: reason, known: JobKind.queues, on: try context.connect())
        let change = Change(queue: queue, paused: true, changed: true, actor: context.actor, reason: reason)
        try context.output(change) { "paused queue \(queue) (by \(change.actor): \(reason))" }
    }

    static let resume = Command(
        name: "queues resume",
        summary: "let daemons claim from a paused queue again",
        usage: """
            usage: booknowctl queues resume QUEUE

            Clears the pause and wakes every daemon at once. Resuming a queue that is not
            paused changes nothing and is not an error.
            """
    ) { args, context in
        let queue = try args.positional("QUEUE")
        try args.finish()
        let changed = try QueueControl.resume(queue, by: context.actor, on: try context.connect())
        let change = Change(queue: queue, paused: false, changed: changed, actor: context.actor, reason: nil)
        try context.output(change) { changed ? "resumed queue \(queue)" : "queue \(queue) was not paused; nothing changed" }
    }
}
