import Foundation
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
