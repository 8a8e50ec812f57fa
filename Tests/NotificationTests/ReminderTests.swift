import Booking
import Foundation
import Notifications
import Postgres
import Testing
import TestSupport

@Suite("Reminders go out 24 h and 1 h ahead, by elapsed time, with the two-thirds grace rule")
struct ReminderTests {
    static let day: TimeInterval = 86_400
    static let hour: TimeInterval = 3600

    @Test func remindersArePlannedAtTheirTimesAndSent() throws {
        try NotificationWorld.with { world in
            let start = world.salon.at(10)
            try world.moveClock(to: start.addingTimeInterval(-2 * Self.day))
            _ = try world.book(start, phone: nil)
            #expect(try world.reminders().isEmpty, "nothing is planned two days ahead")

            try world.moveClock(to: start.addingTimeInterval(-Self.day - 300))
            let first = try world.reminders()
            #expect(first.count == 1 && first[0].key?.hasSuffix(":86400:email") == true)
            #expect(abs(first[0].runAt.timeIntervalSince(start.addingTimeInterval(-Self.day))) < 1)

            try world.moveClock(to: start.addingTimeInterval(-Self.day + 1))
            try world.runJobs()
            #expect(try world.emails().contains { $0.unfolded.contains("Reminder") || $0.unfolded.contains("reminder") })

            try world.moveClock(to: start.addingTimeInterval(-Self.hour - 120))
            #expect(try world.reminders().contains { $0.key?.hasSuffix(":3600:email") == true })
        }
    }

    @Test func aBookingTwentyHoursAheadGetsIts24hReminderAtOnceAndTwelveHoursAheadDoesNot() throws {
        try NotificationWorld.with { world in
            let early = world.salon.at(10), late = world.salon.at(14)
            try world.moveClock(to: early.addingTimeInterval(-20 * Self.hour))
            let now = early.addingTimeInterval(-20 * Self.hour)
            _ = try world.book(early, phone: nil)
            let atOnce = try world.reminders()
            #expect(atOnce.map(\.key) == ["reminder:\(try firstBooking(world)):v1:86400:email"])
            #expect(abs(atOnce[0].runAt.timeIntervalSince(now)) < 60)

            try world.moveClock(to: late.addingTimeInterval(-12 * Self.hour))
            _ = try world.book(late, email: "bo@example.com", phone: nil)
            let twelve = try world.reminders().filter { $0.key?.contains(":86400:") == true }
            #expect(twelve.count == 1, "only the first booking has a 24 h reminder")

            try world.moveClock(to: late.addingTimeInterval(-Self.hour - 60))
            #expect(try world.reminders().filter { $0.key?.hasSuffix(":3600:email") == true }.count == 1)
        }
    }

    @Test func afterThirtyMinutesOfDowntimeDueRemindersFollowTheGraceRule() throws {
        try NotificationWorld.with { world in
            let start = world.salon.at(10)
            try world.moveClock(to: start.addingTimeInterval(-2 * Self.day))
            _ = try world.book(start, phone: nil)
            // The planner last ran fifteen minutes before the 24 h mark (its
            // horizon is ten); the daemon comes back 30 minutes after it and catches up.
            try world.moveClock(to: start.addingTimeInterval(-Self.day - 900))
            #expect(try world.reminders().isEmpty)
            try world.salon.setDatabaseNow(start.addingTimeInterval(-Self.day + 1800))
            try world.salon.pool.withConnection { try world.planning.planDue(on: $0) }
            let caughtUp = try world.reminders()
            #expect(caughtUp.count == 1, "23.5 h of 24 h remain: sent late")
            #expect(caughtUp.first.map { $0.runAt > start.addingTimeInterval(-Self.day + 1700) } == true)

            // The 1 h reminder 30 minutes late: 30 min of 60 remain, under two thirds: skipped.
            try world.moveClock(to: start.addingTimeInterval(-Self.hour - 900))
            try world.salon.setDatabaseNow(start.addingTimeInterval(-Self.hour + 1800))
            try world.salon.pool.withConnection { try world.planning.planDue(on: $0) }
            #expect(try world.reminders().filter { $0.key?.contains(":3600:") == true }.isEmpty)
        }
    }

    /// A reminder planned before downtime went out however late (a 1 h
    /// reminder 30 minutes late), while one planned after it was skipped.
    @Test func aPlannedReminderRunningPastTheGraceIsCancelledNotSent() throws {
        try NotificationWorld.with { world in
            let early = world.salon.at(10), late = world.salon.at(14)
            try world.moveClock(to: early.addingTimeInterval(-2 * Self.day))
            _ = try world.book(early, phone: nil)
            _ = try world.book(late, email: "bo@example.com", phone: nil)
            // Both 1 h reminders planned; the early one's time passes while no worker runs.
            try world.moveClock(to: early.addingTimeInterval(-Self.hour - 300))
            #expect(try world.reminders().filter { $0.key?.contains(":3600:") == true }.count == 1)
            try world.moveClock(to: early.addingTimeInterval(-Self.hour + 1800))
            try world.runJobs()
            let early1h = try #require(try world.reminders().first { $0.key?.contains(":3600:") == true })
            #expect(early1h.state == "cancelled", "30 of 60 minutes left, under two thirds")
            let reason = try world.salon.scalar(String.self, "SELECT error FROM job_attempts WHERE job_id = (SELECT id FROM jobs WHERE dedupe_key = $1)",
                                                [early1h.key ?? ""])
            #expect(reason.contains("too late") && reason.contains("two thirds"), "\(reason)")
            #expect(try world.emails().allSatisfy { !$0.contains("Reminder") && !$0.contains("reminder") })

            // The later booking's 1 h reminder, planned on time, runs 300 s late: 55 of 60 minutes left, sent.
            try world.moveClock(to: late.addingTimeInterval(-Self.hour - 300))
            try world.moveClock(to: late.addingTimeInterval(-Self.hour + 300))
            try world.runJobs()
            let late1h = try world.reminders().filter { $0.key?.contains(":3600:") == true }
            #expect(late1h.map(\.state) == ["cancelled", "succeeded"], "\(world.jobSummary())")
        }
    }

    @Test func aCancelledBookingsPlannedRemindersAreNeverSent() throws {
        try NotificationWorld.with { world in
            let start = world.salon.at(10)
            try world.moveClock(to: start.addingTimeInterval(-Self.day - 300))
            let booked = try world.book(start, phone: nil)
            #expect(try world.reminders().map(\.state) == ["scheduled"])
            _ = try world.salon.store.cancel(manageToken: booked.manageToken, business: world.salon.seeded.businessID, reason: nil)
            #expect(try world.reminders().map(\.state) == ["cancelled"])

            // Even a reminder that escaped cancellation is refused when it runs.
            try world.salon.pool.withConnection { connection in
                try connection.execute("UPDATE jobs SET state = 'scheduled', run_at = booknow_now(), finished_at = NULL WHERE payload->>'message' = 'reminder'")
            }
            try world.moveClock(to: start.addingTimeInterval(-Self.day + 1))
            try world.runJobs()
            #expect(try world.reminders().map(\.state) == ["cancelled"])
            #expect(try world.emails().allSatisfy { !$0.contains("Reminder") })
        }
    }

    private func firstBooking(_ world: NotificationWorld) throws -> String {
        try world.salon.scalar(String.self, "SELECT id::text FROM bookings ORDER BY created_at LIMIT 1")
    }
}
