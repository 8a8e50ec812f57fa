import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// What the console's operators do, through the same Queue and Receipts calls
/// as `booknowctl`, and what stops a POST from doing anything.
@Suite("Operator console actions")
struct ActionTests {
    @Test func aPostWithoutTheSessionsTokenOrFromAnotherSiteChangesNothing() throws {
        try OpsWorld.with { world in
            let olga = try world.signIn("olga"), other = try world.signIn("olga")
            let form = [("reason", "provider outage")]
            let refused = [
                try world.request("POST", "/ops/queues/email/pause", cookie: olga.cookie, form: form),
                // One character changed (never to itself: a token may start with "x").
                try olga.post("/ops/queues/email/pause", form, csrf: (olga.csrf.first == "x" ? "y" : "x") + olga.csrf.dropFirst()),
                try olga.post("/ops/queues/email/pause", form, csrf: other.csrf),
                try olga.post("/ops/queues/email/pause", form, headers: [("Sec-Fetch-Site", "cross-site")]),
                try olga.post("/ops/queues/email/pause", form, headers: [("Origin", "https://evil.example")]),
            ]
            #expect(refused.map(\.status) == [403, 403, 403, 403, 403])
            #expect(try world.count("SELECT count(*)::int FROM queues WHERE paused") == 0)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit") == 0)
        }
    }

    @Test func aViewerSeesEveryPageWithoutButtonsAndIsRefusedEveryPost() throws {
        try OpsWorld.with { world in
            let dead = try world.deadConfirmation()
            let suppression = try world.suppress("ada@example.com")
            try world.salon.pool.withConnection { try $0.execute("INSERT INTO queues (name, paused, paused_by) VALUES ('sms', true, 'olga')") }
            let vera = try world.signIn("vera")
            for path in ["/ops/dead", "/ops/queues", "/ops/suppressions", "/ops/jobs/\(dead.job)"] {
                let page = try vera.get(path)
                #expect(page.status == 200)
                // Only the two sign-out forms post anything.
                #expect(page.text.components(separatedBy: "method=\"post\"").count - 1 == 2, "\(path)")
            }
            let posts: [(String, [(String, String)])] = [
                ("/ops/dead/dry-run", [("id", String(dead.job))]), ("/ops/dead/replay", [("ids", String(dead.job))]),
                ("/ops/dead/discard-check", [("id", String(dead.job))]), ("/ops/dead/discard", [("ids", String(dead.job))]),
                ("/ops/queues/email/pause", [("reason", "x")]), ("/ops/queues/sms/resume", []),
                ("/ops/suppressions/\(suppression)/remove", []),
            ]
            for (path, form) in posts {
                #expect(try vera.post(path, form).status == 403, "\(path)")
            }
            #expect(try world.state(of: dead.job) == "dead")
            #expect(try world.count("SELECT count(*)::int FROM suppressions") == 1)
            #expect(try world.count("SELECT count(*)::int FROM queues WHERE paused") == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit") == 0)
            // Signing out is not an action on the queue: a viewer may.
            #expect(try vera.post("/ops/sign-out").status == 303)
        }
    }

    @Test func aDryRunRefusesASuppressedRecipientAndTheReplayFollowsItsRemoval() throws {
        try OpsWorld.with { world in
            let dead = try world.deadConfirmation()
            let suppression = try world.suppress("ada@example.com")
            let olga = try world.signIn("olga")

            let list = try olga.get("/ops/dead")
            #expect(list.text.contains("/ops/jobs/\(dead.job)") && list.text.contains("smtp_550"))
            let refused = try olga.post("/ops/dead/dry-run", [("id", String(dead.job))])
            #expect(refused.status == 200)
            #expect(refused.text.contains("recipient suppressed (hard_bounce"), "\(refused.text)")
            #expect(!refused.text.contains("id=\"confirm-replay\""))
            #expect(try world.state(of: dead.job) == "dead", "a dry run changes nothing")

            #expect(try olga.post("/ops/suppressions/\(suppression)/remove").status == 303)
            let dryRun = try olga.post("/ops/dead/dry-run", [("scope", "all"), ("queue", "email")])
            #expect(dryRun.text.contains("id=\"confirm-replay\""))
            let ids = try #require(OpsWorld.field("ids", in: dryRun.text))
            #expect(ids == String(dead.job))
            let replayed = try olga.post("/ops/dead/replay", [("ids", ids)])
            #expect(replayed.status == 303 && replayed.headers["Location"] == "/ops/dead?replayed=1&refused=0")
            #expect(try world.state(of: dead.job) == "scheduled")
            #expect(try world.count("SELECT count(*)::int FROM job_attempts WHERE job_id = $1 AND outcome = 'replayed' AND worker = 'ops:olga'",
                                    [dead.job]) == 1)

            let audit = try olga.get("/ops/audit").text
            #expect(audit.contains("replayed 1 dead job(s): \(dead.job)") && audit.contains("removed email suppression \(suppression)"))
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'operator' AND actor_id = 'olga'") == 2)
            #expect(!audit.contains("ada@example.com"), "no contact data in the audit trail")
        }
    }

    @Test func discardingAsksForAConfirmationNamingTheCount() throws {
        try OpsWorld.with { world in
            let first = try world.deadConfirmation(hour: 10), second = try world.deadConfirmation(hour: 11, email: "bob@example.com")
            let olga = try world.signIn("olga")
            let check = try olga.post("/ops/dead/discard-check", [("id", String(first.job)), ("id", String(second.job))])
            #expect(check.text.contains("Discard 2 dead letters"))
            #expect(try world.state(of: first.job) == "dead")
            let ids = try #require(OpsWorld.field("ids", in: check.text))
            #expect(try olga.post("/ops/dead/discard", [("ids", ids)]).headers["Location"] == "/ops/dead?discarded=2")
            #expect(try world.state(of: first.job) == nil && world.state(of: second.job) == nil)
            #expect(try olga.get("/ops/jobs/\(first.job)").text.contains("discarded by ops:olga"), "the history stays")
        }
    }

    @Test func pausingAndResumingRecordWhoAndWhy() throws {
        try OpsWorld.with { world in
            let olga = try world.signIn("olga")
            #expect(try olga.post("/ops/queues/email/pause", [("reason", "provider outage")]).headers["Location"] == "/ops/queues?done=paused")
            #expect(try world.count("SELECT count(*)::int FROM queues WHERE name = 'email' AND paused AND paused_by = 'ops:olga' AND paused_reason = 'provider outage'") == 1)
            let overview = try olga.get("/ops").text
            #expect(overview.contains("ops:olga: provider outage"))
            #expect(try olga.post("/ops/queues/nosuchqueue/pause", [("reason", "typo")]).status == 404)
            #expect(try olga.post("/ops/queues/email/resume").headers["Location"] == "/ops/queues?done=resumed")
            #expect(try world.count("SELECT count(*)::int FROM queues WHERE paused") == 0)
            let audit = try olga.get("/ops/audit").text
            #expect(audit.contains("paused queue email: provider outage") && audit.contains("resumed queue email"))
        }
    }

    @Test func pagesShowNoMessageBodyContactDataOrSecretFromAPayload() throws {
        try OpsWorld.with { world in
            let dead = try world.deadConfirmation()
            try world.salon.pool.withConnection {
                try $0.execute("""
                    UPDATE jobs SET payload = payload || '{"email_body": "SECRET-BODY", "to": "carol@example.com", "api_key": "bk_secret_1"}'
                     WHERE id = $1
                    """, [dead.job])
            }
            let olga = try world.signIn("olga")
            let page = try olga.get("/ops/jobs/\(dead.job)").text
            #expect(page.contains("booking_confirmed") && page.contains(dead.booking.uuidString.lowercased()))
            for secret in ["SECRET-BODY", "carol@example.com", "bk_secret_1"] { #expect(!page.contains(secret)) }
            #expect(page.contains("550 5.1.1 No such user") && page.contains("booknowd-test"), "attempts show the provider's reply and the daemon")
            #expect(page.contains("/ops/jobs?booking=\(dead.booking.uuidString.lowercased())"))
        }
    }

    @Test func theJobsListFiltersByBookingStateAndQueueAndPagesByKeyset() throws {
        try OpsWorld.with { world in
            let dead = try world.deadConfirmation()
            try world.salon.pool.withConnection {
                try $0.execute("""
                    INSERT INTO jobs (queue, kind, payload) SELECT 'default', 'plan_reminders', '{}' FROM generate_series(1, 60)
                    """)
            }
            let olga = try world.signIn("olga")
            let byBooking = try olga.get("/ops/jobs?booking=\(dead.booking.uuidString)").text
            #expect(byBooking.contains("/ops/jobs/\(dead.job)\""))
            let byState = try olga.get("/ops/jobs?state=dead&queue=email").text
            #expect(byState.contains("/ops/jobs/\(dead.job)\"") && !byState.contains("plan_reminders"))
            let first = try olga.get("/ops/jobs?queue=default").text
            let next = try #require(first.range(of: "href=\"/ops/jobs?queue=default&amp;before=").map { first[$0.upperBound...].prefix { $0 != "\"" } })
            let second = try olga.get("/ops/jobs?queue=default&before=\(next)")
            #expect(second.status == 200 && second.text.components(separatedBy: "class=\"row-link\"").count - 1 == 10)
            let invalid = try olga.get("/ops/jobs?booking=not-a-uuid").text
            #expect(invalid.contains("id=\"filter-error\""))
            // A day the month does not have is refused, not read as 2 March.
            #expect(try olga.get("/ops/jobs?from=2026-02-30").text.contains("id=\"filter-error\""))
            let overview = try olga.get("/ops").text
            #expect(overview.contains("<svg class=\"chart\"") && overview.contains("<th scope=\"row\">default</th>"))
        }
    }
}
