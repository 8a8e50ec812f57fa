import Booking
import Foundation
@testable import Notifications
import Postgres
import Testing
import TestSupport

/// The planner moves the watermark in one short transaction and scans in
/// another, so a booking never waits for the scan, and every reminder still
/// gets one job, whichever side plans it.
@Suite("Reminder planning: bookings wait only for the watermark's move, and each reminder is planned once")
struct ReminderPlanningTests {
    static let hour: TimeInterval = 3600

    @Test func aBookingReadsTheWatermarkWhileAScanIsOpenButWaitsWhileItMoves() throws {
        try NotificationWorld.with { world in
            try world.salon.pool.withConnection { planner in
                try world.salon.pool.withConnection { booking in
                    // A scan's transaction, open after its last statement.
                    try planner.execute("BEGIN")
                    try planner.execute(ReminderPlanning.moveScanned, [Date().addingTimeInterval(86_400)])
                    try booking.execute("BEGIN")
                    try booking.execute("SET LOCAL lock_timeout = '2s'")
                    #expect(try booking.query(ReminderPlanning.readWatermark).count == 1)
                    try booking.execute("COMMIT")
                    try planner.execute("ROLLBACK")

                    // The move's transaction holds the row until it commits.
                    try planner.execute("BEGIN")
                    _ = try planner.query(ReminderPlanning.lockWatermark)
                    try booking.execute("BEGIN")
                    try booking.execute("SET LOCAL lock_timeout = '200ms'")
                    #expect(throws: (any Error).self) { try booking.query(ReminderPlanning.readWatermark) }
                    try booking.execute("ROLLBACK")
                    try planner.execute("ROLLBACK")
                }
            }
        }
    }

    /// A planner that moved the watermark and stopped before its scan; a
    /// booking after the move plans its own reminder; the next run scans from
    /// where the last scan ended and finds both bookings' reminders.
    @Test func aPlannerStoppedBetweenItsTwoStepsLosesNoReminderAndQueuesNoneTwice() throws {
        try NotificationWorld.with { world in
            let start = world.salon.at(10)
            let due = start.addingTimeInterval(-Self.hour)
            // The last full run: the watermark five minutes short of the 1 h reminders.
            try world.moveClock(to: due.addingTimeInterval(-900))
            _ = try world.book(start, phone: nil)
            #expect(try world.reminders().filter { $0.key?.contains(":3600:") == true }.isEmpty)

            try world.salon.setDatabaseNow(due.addingTimeInterval(-120))
            let window = try world.salon.pool.withConnection { try world.planning.moveWatermark(on: $0) }
            #expect(window.until > due && window.from < due)
            // After the move, Ben's booking plans its own 1 h reminder.
            _ = try world.salon.store.book(world.salon.request(start, provider: world.salon.ben, email: "bo@example.com", phone: nil))
            #expect(try world.reminders().filter { $0.key?.contains(":3600:") == true }.count == 1)

            try world.salon.pool.withConnection { _ = try world.planning.planDue(on: $0) }
            let hourly = try world.reminders().filter { $0.key?.contains(":3600:") == true }
            #expect(hourly.count == 2 && Set(hourly.compactMap(\.key)).count == 2, "\(hourly)")
            #expect(try world.salon.scalar(Date.self, "SELECT scanned_until FROM reminder_scan")
                    == world.salon.scalar(Date.self, "SELECT planned_until FROM reminder_watermark"))
        }
    }
}
