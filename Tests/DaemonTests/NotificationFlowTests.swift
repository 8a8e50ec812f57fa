import Foundation
import Postgres
import Crypto
import Glibc
import Testing
import TestSupport

/// The notification flows end to end: booknowd as a subprocess, aiosmtpd, the
/// SMS endpoint, time moved with `booknowctl clock set`.
@Suite("booknowd sends confirmations, reminders and notices to real peers")
struct NotificationFlowTests {
    @Test func aBookingIsConfirmedByEmailWithInviteAndSMSThenRemindedAndCancelled() throws {
        try FlowDaemon.with { flow in
            let start = flow.slot(hour: 10)
            let booked = try flow.book(start, email: "ada@example.com")
            let token = try #require(booked["manage_token"] as? String)
            #expect(flow.eventually { flow.mails().contains { $0.calendarText.contains("METHOD:REQUEST") } }, "\(flow.daemon.output)")
            #expect(flow.eventually { flow.texts().contains { $0.contains("Messages.json") } })

            // Inside the 24 h notice a customer cannot cancel.
            try flow.setClock(to: start.addingTimeInterval(-86_400 + 60))
            let refused = try flow.call("POST", "/v1/manage/\(token)/cancel", json: [:])
            #expect(refused.status == 409 && refused.json["code"] as? String == "notice_passed")
            // The 24 h reminder went out late (a minute) but within the grace rule.
            #expect(flow.eventually { flow.mails().contains { $0.contains("Subject: Reminder") } }, "\(flow.mails().count) mails")
            // Both reminders (email and SMS) count as on time in the metrics.
            #expect(flow.eventually {
                let metrics = (try? TestClient(port: flow.fixture.port).request("GET", "/metrics").text) ?? ""
                return metrics.contains(#"booknow_reminders_last_hour{timing="on_time"} 2"#)
            })
        }
    }

    @Test func aRescheduleSendsAHigherSequenceAndTheOldRemindersNeverGoOut() throws {
        try FlowDaemon.with { flow in
            let start = flow.slot(hour: 10, daysAhead: 4)
            let booked = try flow.book(start, email: "bea@example.com", phone: nil)
            let token = try #require(booked["manage_token"] as? String)
            let moved = try flow.call("POST", "/v1/manage/\(token)/reschedule",
                                      json: ["start": ISO8601DateFormatter().string(from: start.addingTimeInterval(4 * 3600))])
            #expect(moved.status == 200, "\(moved.text)")
            #expect(flow.eventually { flow.mails().contains { $0.calendarText.contains("SEQUENCE:2") } })
            // At the old time's 24 h mark nothing is sent (once the planner has run
            // there); at the new one's, the reminder is.
            try flow.setClock(to: start.addingTimeInterval(-86_400 + 30))
            #expect(try flow.waitForPlanning())
            #expect(!flow.mails().contains { $0.contains("Subject: Reminder") })
            try flow.setClock(to: start.addingTimeInterval(4 * 3600 - 86_400 + 30))
            #expect(flow.eventually { flow.mails().contains { $0.contains("Subject: Reminder") } })
        }
    }

    @Test func aServerAnswering451GetsTheMessageAfterRetriesAnd550IsADeadLetter() throws {
        try FlowDaemon.with { flow in
            _ = try flow.book(flow.slot(hour: 10), email: "flaky@example.com", phone: nil)
            _ = try flow.book(flow.slot(hour: 14), email: "r550@example.com", phone: nil)
            // Retries back off 15 s, then 30 s: move the clock past each instead of waiting.
            var delivered = false
            for step in 1...30 where !delivered {
                try flow.setClock(to: Date().addingTimeInterval(Double(20 * step)))
                Thread.sleep(forTimeInterval: 1)
                delivered = flow.mails().contains { $0.contains("flaky@example.com") }
            }
            #expect(delivered)
            let dead = try booknowctl(["--config", flow.fixture.configURL.path, "--json", "dead", "list"])
            #expect(dead.code == 0 && dead.output.contains("smtp_550"), "\(dead.output)")
        }
    }
}

@Suite("A STOP reply ends a customer's SMS, end to end")
struct OptOutFlowTests {
    @Test func afterStopNoFurtherSMSIsSentButEmailStillIs() throws {
        try FlowDaemon.with { flow in
            // Twilio's signature: HMAC-SHA1 under the auth token over the URL and the sorted parameters.
            // http.public_base_url is unset, so links and signatures use the port the daemon listens on.
            let url = "http://127.0.0.1:\(flow.fixture.port)/v1/providers/twilio/inbound"
            let form = [("Body", "STOP"), ("From", "+14155550100"), ("To", "+15550000000")]
            let signed = url + form.map { $0.0 + $0.1 }.joined()
            let signature = Data(HMAC.sha1(key: Array(FlowDaemon.authToken.utf8), message: Array(signed.utf8))).base64EncodedString()
            let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            let stop = try TestClient(port: flow.fixture.port).request("POST", "/v1/providers/twilio/inbound", headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("X-Twilio-Signature", signature),
            ], body: Array(body.utf8))
            #expect(stop.status == 200, "\(stop.text)")

            _ = try flow.book(flow.slot(hour: 10), email: "ada@example.com")
            #expect(flow.eventually { flow.mails().count == 1 })
            #expect(flow.eventually {
                (try? flow.database.connect().query("SELECT count(*)::int FROM jobs WHERE queue = 'sms' AND state = 'cancelled'")[0]
                    .decode(Int.self, at: 0)) == 1
            })
            #expect(flow.texts().filter { $0.contains("Messages.json") }.isEmpty)
        }
    }
}
