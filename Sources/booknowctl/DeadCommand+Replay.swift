import Postgres
import Queue

extension DeadCommand {
    static let replay = Command(
        name: "dead replay",
        summary: "put dead jobs back to run once more (by id, or --all matching filters; --dry-run)",
        usage: """
            usage: booknowctl dead replay ID...
                   booknowctl dead replay --all [--business UUID] [--kind KIND] [--since TIME] [--limit N] [--dry-run]

            Each job goes back to `scheduled`, due now, with one more attempt; the history
            records you as who replayed it. A kind may refuse (a reminder for a cancelled
            booking, a message to a recipient on the suppression list): refusals are
            printed with their reasons and the job stays dead. The dry run asks the same
            checks. After `booknowctl suppressions remove`, a refused job can be replayed.
            One transaction: the replays allowed happen together. Exits 65 when an ID is
            not a dead job or (not in a dry run) a job was refused; the others are still
            replayed.
              --all       every dead job the filters match (the filters of `dead list`)
              --dry-run   ask the replay checks and report, but change nothing
            """
    ) { args, context in
        let all = args.flag("--all")
        let dryRun = args.flag("--dry-run")
        let registry = OperatorRegistry.make()
        let report: ReplayReport
        if all {
            let filter = try args.deadJobFilter()
            try args.finish()
            report = try DeadLetters.replayAll(filter, by: context.actor, registry: registry, dryRun: dryRun, on: try context.connect())
        } else {
            let ids = try args.jobIDs()
            try args.finish()
            guard !ids.isEmpty else { throw CLIError(.usage, "give the ids of the dead jobs to replay, or --all") }
            report = try DeadLetters.replay(ids, by: context.actor, registry: registry, dryRun: dryRun, on: try context.connect())
        }
        try context.output(report) { text(report) }
        var problems: [String] = []
        if !report.notFound.isEmpty { problems.append("not dead jobs: \(list(report.notFound))") }
        // A refusal is an answer in a dry run; in a real replay the job stays dead, which a script must see.
        if !report.dryRun && !report.refused.isEmpty { problems.append("refused, still dead: \(list(report.refused.map(\.id)))") }
        if !problems.isEmpty { throw CLIError(.dataError, problems.joined(separator: "; ")) }
    }

    static func text(_ report: ReplayReport) -> String {
        let verb = report.dryRun ? "would replay" : "replayed"
        var lines = ["\(verb) \(report.replayed.count) job(s)" + (report.replayed.isEmpty ? "" : ": " + list(report.replayed))]
        // One line per refusal, saying why: "job 12 refused: recipient suppressed (hard_bounce, since …)".
        lines += report.refused.map { "job \($0.id) refused: \($0.reason)" }
        if !report.notFound.isEmpty { lines.append("not dead jobs: " + list(report.notFound)) }
        if report.dryRun { lines.append("dry run: nothing changed") }
        return lines.joined(separator: "\n")
    }

    /// What `dead discard` did, for `--json`.
    struct Discarded: Encodable {
        var discarded: [Int64]
        var notFound: [Int64]
    }

    static let discard = Command(
        name: "dead discard",
        summary: "delete dead jobs for good (their history stays until pruned)",
        usage: """
            usage: booknowctl dead discard ID...

            Deletes the dead jobs; their attempt history stays, with a row naming you,
            until the history retention prunes it. Exits 65 when an ID is not a dead job
            (the others are still discarded).
            """
    ) { args, context in
        let ids = try args.jobIDs()
        try args.finish()
        guard !ids.isEmpty else { throw CLIError(.usage, "give the ids of the dead jobs to discard") }
        let discarded = try DeadLetters.discard(ids, by: context.actor, on: try context.connect())
        let missing = ids.filter { !discarded.contains($0) }
        try context.output(Discarded(discarded: discarded, notFound: missing)) {
            "discarded \(discarded.count) job(s)" + (discarded.isEmpty ? "" : ": " + list(discarded))
        }
        if !missing.isEmpty { throw CLIError(.dataError, "not dead jobs: \(list(missing))") }
    }

    private static func list(_ ids: [Int64]) -> String {
        ids.map(String.init).joined(separator: ", ")
    }
}
