import Booking
import Foundation
import Notifications
import Postgres
import Receipts
import Runtime
import Synchronization
import Testing
import TestSupport
import Vocabulary

@Suite("A claim's messages are read together, with the outcomes each would have alone")
struct ClaimReadTests {
    /// Four emails due at once, one claim (the world's email queue takes four):
    /// one to send, one whose booking changed after it was queued, one to a
    /// suppressed address (written differently from the entry), one without consent.
    @Test func aClaimsMessagesAreReadInOneGoAndEachKeepsItsOutcome() throws {
        try fourEmails(readWithClaim: 4, readAlone: 0)
    }

    /// The same four, their handlers so far behind that every one starts more than
    /// `claimReadLimit` after the claim's read: each reads for itself, with the same outcomes.
    @Test func aClaimsReadOlderThanItsLimitIsNotUsed() throws {
        let clock = SteppingClock(step: MessageSender.claimReadLimit + .milliseconds(1))
        try fourEmails(readWithClaim: 0, readAlone: 4, monotonic: clock.read)
    }

    private func fourEmails(readWithClaim: Double, readAlone: Double, monotonic: (@Sendable () -> ContinuousClock.Instant)? = nil) throws {
        try NotificationWorld.with(monotonic: monotonic) { world in
            let salon = world.salon
            try salon.pool.withConnection { connection in
                _ = try PostgresSuppressionList.suppress(channel: .email, recipient: "cy@example.com", reason: .hardBounce, business: nil, on: connection)
            }
            let ada = try world.book(salon.at(10), email: "ada@example.com", phone: nil)
            let bo = try world.book(salon.at(11), email: "bo@example.com", phone: nil)
            let cy = try world.book(salon.at(14), email: "Cy@Example.com", phone: nil)
            let dee = try world.book(salon.at(15), email: "dee@example.com", phone: nil)
            try salon.pool.withConnection { connection in
                try connection.execute("UPDATE bookings SET version = version + 1 WHERE id = $1", [bo.booking.id])
                try connection.execute("""
                    UPDATE customers c SET consent_email = false FROM bookings b
                     WHERE b.id = $1 AND c.business_id = b.business_id AND c.id = b.customer_id
                    """, [dee.booking.id])
                // Only the customers' emails: the provider's notices would make a second claim.
                try connection.execute("DELETE FROM jobs WHERE payload->>'audience' = 'staff'")
            }
            try world.runJobs()

            let metrics = world.metrics.render().split(separator: "\n")
            func reads(_ how: String) -> Double? {
                let series = "booknow_message_reads_total{read=\"\(how)\"} "
                return metrics.first { $0.hasPrefix(series) }.flatMap { Double($0.dropFirst(series.count)) }
            }
            #expect(reads("claim") == readWithClaim && reads("own") == readAlone, "\(world.jobSummary()) claim: \(String(describing: reads("claim"))), own: \(String(describing: reads("own")))")
            func outcome(_ booked: BookedAppointment) throws -> String {
                try salon.scalar(String.self, "SELECT state || ': ' || coalesce(last_error, '') FROM jobs WHERE booking_id = $1", [booked.booking.id])
            }
            #expect(try outcome(ada) == "succeeded: ", "\(world.jobSummary())")
            #expect(try outcome(bo) == "cancelled: the booking changed (version 2, message was for version 1)")
            #expect(try outcome(cy) == "cancelled: the recipient is on the suppression list")
            #expect(try outcome(dee) == "cancelled: no email consent or contact")
            let sent = try world.emails()
            #expect(sent.count == 1 && sent[0].contains("ada@example.com"))
        }
    }
}

/// A monotonic clock that moves `step` forward each time it is read.
private final class SteppingClock: Sendable {
    private let origin = ContinuousClock.now
    private let reads = Atomic<Int>(0)
    private let step: Duration

    init(step: Duration) { self.step = step }

    @Sendable func read() -> ContinuousClock.Instant {
        origin + step * reads.add(1, ordering: .relaxed).newValue
    }
}
