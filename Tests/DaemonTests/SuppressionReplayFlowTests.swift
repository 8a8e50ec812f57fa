import Foundation
import Postgres
import Testing
import TestSupport

/// Replay and suppressions: dead letter → dry run says "refused:
/// recipient suppressed (reason, since)" → an operator removes the suppression
/// (audited) → dry run says replayable → replay delivers once. The daemon, its
/// SMTP peer and booknowctl are the real processes.
@Suite("A dead letter to a suppressed recipient is refused until the entry is removed, then delivered once")
struct SuppressionReplayFlowTests {
    @Test func refusedThenRemovedWithAnAuditEntryThenReplayedAndDeliveredOnce() throws {
        try FlowDaemon.with { flow in
            func ctl(_ arguments: [String]) throws -> (code: Int32, output: String) {
                try booknowctl(["--config", flow.fixture.configURL.path] + arguments, environment: ["SUDO_USER": "", "USER": "carol"])
            }
            // The peer answers 550 to this mailbox once: the confirmation dies and the address is suppressed.
            _ = try flow.book(flow.slot(hour: 11), email: "once550@example.com", phone: nil)
            var deadID: Int64?
            #expect(flow.eventually {
                deadID = (try? flow.database.connect().query(
                    "SELECT id FROM jobs WHERE state = 'dead' AND kind = 'send_message'").first?.decode(Int64.self, "id")) ?? nil
                return deadID != nil
            }, "\(flow.daemon.output)")
            let id = String(try #require(deadID))
            let shown = try ctl(["jobs", "show", id])
            #expect(shown.output.contains("provider reply: 550 5.1.1 No such user"), "\(shown.output)")

            let dry = try ctl(["dead", "replay", "--dry-run", id])
            #expect(dry.code == 0 && dry.output.contains("job \(id) refused: recipient suppressed (hard_bounce, since "), "\(dry.output)")
            let real = try ctl(["dead", "replay", id])
            #expect(real.code == 65 && real.output.contains("replayed 0 job(s)") && real.output.contains("refused: recipient suppressed"),
                    "\(real.output)")
            #expect(real.output.contains("refused, still dead: \(id)"))
            #expect(try flow.database.connect().query("SELECT state FROM jobs WHERE id = $1", [Int64(id)!])[0].decode(String.self, "state") == "dead")

            let listed = try CLIJSON.decode([Entry].self, try ctl(["--json", "suppressions", "list", "--recipient", "once550"]).output)
            let entry = try #require(listed.first)
            #expect(listed.count == 1 && entry.recipient == "once550@example.com" && entry.reason == "hard_bounce" && entry.businessID == nil)
            #expect(try ctl(["suppressions", "show", String(entry.id)]).output.contains("business:   all"))
            let removed = try ctl(["suppressions", "remove", String(entry.id)])
            #expect(removed.code == 0 && removed.output.contains("recorded in the audit trail as carol"), "\(removed.output)")
            let audit = try flow.database.connect().query("SELECT actor_kind, actor_id, route, summary FROM admin_audit")
            #expect(audit.count == 1)
            #expect(try audit.first?.decode(String.self, "actor_kind") == "cli" && audit.first?.decode(String.self, "actor_id") == "carol")
            #expect(try audit.first?.decode(String.self, "route") == "booknowctl suppressions remove")
            #expect(try !(audit.first?.decode(String.self, "summary").contains("once550") ?? true))
            #expect(try ctl(["suppressions", "remove", String(entry.id)]).code == 65)

            #expect(try ctl(["dead", "replay", "--dry-run", id]).output.contains("would replay 1 job(s): \(id)"))
            #expect(try ctl(["dead", "replay", id]).output.contains("replayed 1 job(s): \(id)"))
            #expect(flow.eventually {
                (try? flow.database.connect().query("SELECT state FROM jobs WHERE id = $1", [Int64(id)!])[0].decode(String.self, "state")) == "succeeded"
            })
            let delivered = flow.mails().filter { $0.contains("To: once550@example.com") || $0.contains("once550@example.com") }
            #expect(delivered.count == 1, "\(delivered.count) messages to once550@example.com")
        }
    }

    /// `suppressions list --json`'s rows.
    struct Entry: Decodable {
        var id: Int64
        var recipient: String
        var reason: String
        var businessID: UUID?
    }
}
