import Foundation
import Notifications
import Postgres
import Queue
import Testing
import TestSupport

/// The overview's figures read from the tables: which reminders count as on
/// time (by the provider's latest receipt where one came back) and the last
/// hour's attempts per minute.
@Suite("reminders on time and attempts per minute")
struct ReminderTimelinessTests {
    @Test func aReminderIsOnTimeByItsLatestDeliveredReceiptElseByAcceptance() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            // Each row: due minutes ago, accepted seconds after due, receipts (status, seconds after due).
            let reminders: [(due: Int, accepted: Int, receipts: [(String, Int)])] = [
                (10, 5, []),                                   // on time by acceptance
                (10, 5, [("delivered", 30)]),                  // on time by receipt
                (10, 5, [("sent", 6), ("delivered", 300)]),    // late: delivered five minutes after due
                (10, 120, [("delivered", 20)]),                // on time: the receipt says it arrived
                (10, 5, [("delivered", 300), ("complained", 400)]), // latest is a complaint: acceptance counts (on time)
                (10, 300, []),                                 // late
                (90, 5, []),                                   // outside the last hour
            ]
            for (index, reminder) in reminders.enumerated() {
                let id = "msg-\(index)"
                let job = try connection.query("""
                    INSERT INTO jobs (queue, kind, payload, state, attempt, run_at, finished_at)
                    VALUES ('email', 'send_message', '{"message": "reminder", "channel": "email"}', 'succeeded', 1,
                            booknow_now() - make_interval(mins => $1), booknow_now() - make_interval(mins => $1) + make_interval(secs => $2))
                    RETURNING id, run_at
                    """, [reminder.due, reminder.accepted])[0]
                let jobID = try job.decode(Int64.self, "id"), due = try job.decode(Date.self, "run_at")
                try connection.query("""
                    INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, provider_message_id, duration_ms)
                    VALUES ($1, 1, 'test', $2::timestamptz, $2::timestamptz, 'succeeded', $3, 1)
                    """, [jobID, due.addingTimeInterval(Double(reminder.accepted)), id])
                for (status, after) in reminder.receipts {
                    try connection.query("""
                        INSERT INTO message_receipts (provider, provider_message_id, channel, status, received_at)
                        VALUES ('smtp', $1, 'email', $2, $3)
                        """, [id, status, due.addingTimeInterval(Double(after))])
                }
            }
            // A staff copy of a reminder is not the customer's.
            try connection.query("""
                INSERT INTO jobs (queue, kind, payload, state, attempt, run_at, finished_at)
                VALUES ('email', 'send_message', '{"message": "reminder", "audience": "staff"}', 'succeeded', 1, booknow_now(), booknow_now())
                """)
            let figures = try ReminderTimeliness.lastHour(on: connection)
            #expect(figures.onTime == 4 && figures.total == 6)

            let overview = try QueueOverview.fetch(known: ["email"], on: connection)
            #expect(overview.totals(lastMinutes: 60).succeeded == 6, "the attempts of the last hour, whatever minute")
            #expect(overview.minutes.filter { $0.succeeded > 0 }.allSatisfy { (4...9).contains($0.minutesAgo) },
                    "each attempt in the minute it finished: 9 minutes ago (10 minutes after due, and five after)")
        }
    }
}
