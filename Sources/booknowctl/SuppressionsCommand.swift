import Booking
import Foundation
import Notifications
import Postgres
import Receipts

/// `booknowctl suppressions list|show|remove`: the recipients no message goes to
/// (hard bounces, invalid numbers, STOP replies), and the operator's way to lift
/// one once the address works again. Thin over `PostgresSuppressionList`; a
/// removal is recorded in the audit trail (`admin_audit`, actor kind `cli`).
enum SuppressionsCommand {
    static let list = Command(
        name: "suppressions list",
        summary: "list suppressed recipients, newest first (filter by channel, recipient, business)",
        usage: """
            usage: booknowctl suppressions list [--channel email|sms] [--recipient TEXT] [--business UUID] [--limit N]

            One row per entry: id, channel, recipient, reason, business ("all" for an entry
            that applies to every business) and since when. At most N rows (default 100).
              --channel C        only email or only sms
              --recipient TEXT   only recipients containing TEXT
              --business UUID    only this business's own entries
              --limit N          at most N entries
            """
    ) { args, context in
        let channel = try args.channel()
        let filter = SuppressionFilter(channel: channel, recipient: try args.option("--recipient"), businessID: try args.optionalID("--business"),
                                       limit: try args.limit() ?? 100)
        try args.finish()
        let entries = try PostgresSuppressionList.list(filter, on: try context.connect())
        try context.output(entries) {
            guard !entries.isEmpty else { return "no suppressions" }
            var table = TextTable(["ID", "CHANNEL", "RECIPIENT", "REASON", "BUSINESS", "SINCE"], numeric: [0])
            for entry in entries {
                table.append([String(entry.id), entry.channel, entry.recipient, entry.reason, business(entry), HumanText.text(entry.createdAt)])
            }
            return table.render()
        }
    }

    static let show = Command(
        name: "suppressions show",
        summary: "show one suppression entry",
        usage: """
            usage: booknowctl suppressions show ID

            The entry: channel, recipient, reason, the business it applies to and since
            when. Exits 65 when there is no entry ID.
            """
    ) { args, context in
        let id = try args.suppressionID()
        try args.finish()
        guard let entry = try PostgresSuppressionList.show(id, on: try context.connect()) else {
            throw CLIError(.dataError, "no suppression with id \(id)")
        }
        try context.output(entry) { text(entry) }
    }

    /// What `suppressions remove` did, for `--json`.
    struct Removed: Encodable {
        var removed: Suppression
        var actor: String
    }

    static let remove = Command(
        name: "suppressions remove",
        summary: "lift a suppression (recorded in the audit trail), so messages and replays go out again",
        usage: """
            usage: booknowctl suppressions remove ID

            Deletes the entry, in one transaction with an audit entry naming you (actor
            kind cli). Messages to the recipient go out again, and dead letters refused
            because of the entry can be replayed (`booknowctl dead replay --dry-run` first).
            Exits 65 when there is no entry ID.
            """
    ) { args, context in
        let id = try args.suppressionID()
        try args.finish()
        let actor = context.actor
        let removed = try SuppressionRemoval.remove(id, actor: .cli, actorID: actor, route: "booknowctl suppressions remove",
                                                    on: try context.connect())
        guard let removed else { throw CLIError(.dataError, "no suppression with id \(id); nothing was removed") }
        try context.output(Removed(removed: removed, actor: actor)) {
            """
            removed suppression \(removed.id): \(removed.channel) \(removed.recipient) (\(removed.why)), for \(business(removed))
            recorded in the audit trail as \(actor); messages to this recipient go out again
            """
        }
    }

    static func text(_ entry: Suppression) -> String {
        """
        suppression \(entry.id)
        channel:    \(entry.channel)
        recipient:  \(entry.recipient)
        reason:     \(entry.reason)
        business:   \(business(entry))
        since:      \(HumanText.text(entry.createdAt))
        """
    }

    /// The business an entry applies to: its id, or "all" for a global entry.
    private static func business(_ entry: Suppression) -> String {
        entry.businessID.map { $0.uuidString.lowercased() } ?? "all"
    }
}

extension Arguments {
    /// Removes `--channel email|sms` if present.
    mutating func channel() throws -> String? {
        guard let channel = try option("--channel") else { return nil }
        guard channel == "email" || channel == "sms" else { throw CLIError(.usage, "--channel is email or sms, not '\(channel)'") }
        return channel
    }

    /// Removes the one positional suppression id.
    mutating func suppressionID() throws -> Int64 {
        let text = try positional("ID")
        guard let id = Int64(text), id > 0 else { throw CLIError(.usage, "a suppression id is a positive integer, not '\(text)'") }
        return id
    }
}
