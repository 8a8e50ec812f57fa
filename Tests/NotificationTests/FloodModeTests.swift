import Booking
import Foundation
import Notifications
import Postgres
import Testing
import TestSupport
import Vocabulary

/// Flood mode through the real worker: a hold's link is emailed (even without
/// email consent: it is the only way the booking comes to exist), nothing goes
/// by SMS, the business is told once when flood mode starts and once when it
/// ends, and the unconfirmed hold is released at its time.
@Suite("Flood mode's messages")
struct FloodModeTests {
    func publicBooking(_ world: NotificationWorld, gate: PublicGate, at start: Date, email: String, consentEmail: Bool,
                       phone: String? = nil) throws -> BookingRecord {
        var request = world.salon.request(start, provider: world.salon.ava, email: email, phone: phone)
        request.customer.consentEmail = consentEmail
        return try world.salon.pool.withTransaction { connection in
            let limits = try gate.businessLimits(request.business, on: connection)
            let flooded = try gate.isFlooded(request.business, limits: limits, on: connection)
            let admission = try gate.admit(request.customer, business: request.business, limits: limits, flooded: flooded, on: connection)
            let hold: Date? = if case .hold(let until) = admission { until } else { nil }
            let booked = try world.salon.store.book(request, holdUntil: hold, on: connection)
            try gate.record(booked, customer: request.customer, held: hold != nil, on: connection)
            return booked.booking
        }
    }

    /// Quoted-printable soft line breaks removed, so phrases of a body can be looked for.
    static func withoutSoftBreaks(_ email: String) -> String {
        email.replacingOccurrences(of: "=\r\n", with: "")
    }

    @Test func theHoldsLinkIsEmailedAndTheBusinessIsToldWhenFloodModeStartsAndEnds() throws {
        try NotificationWorld.with { world in
            let salon = world.salon
            let now = Date()
            try salon.setDatabaseNow(now)
            try salon.pool.withConnection {
                try $0.execute("UPDATE businesses SET reply_to = 'owner@salon.example', public_flood_bookings_per_hour = 1")
            }
            let gate = PublicGate(limits: PublicLimits.none, outbox: salon.outbox)
            let first = try publicBooking(world, gate: gate, at: salon.at(9), email: "first@example.com", consentEmail: true)
            #expect(first.status == .confirmed)
            let held = try publicBooking(world, gate: gate, at: salon.at(10), email: "held@example.com", consentEmail: false,
                                     phone: "+14155550123")
            #expect(held.status == .held)
            try world.runJobs()

            let emails = try world.emails().map(Self.withoutSoftBreaks)
            let toHeld = emails.filter { $0.contains("held@example.com") }
            #expect(toHeld.count == 1 && toHeld[0].contains("Confirm your booking"), "\(world.jobSummary())")
            let notices = emails.filter {
                $0.contains("owner@salon.example") && $0.contains("each new online booking is held until its customer confirms it")
            }
            #expect(notices.count == 1, "\(world.jobSummary())")
            #expect(try world.sent().keys.filter { $0.hasPrefix("sms-") }.isEmpty, "no SMS before the customer confirms")

            // An hour later, with no public booking since: the hold is released and flood mode is over, told once.
            try world.moveClock(to: now.addingTimeInterval(61 * 60))
            try world.runJobs()
            #expect(try salon.scalar(String.self, "SELECT status FROM bookings WHERE id = $1", [held.id]) == "cancelled")
            let ended = try world.emails().map(Self.withoutSoftBreaks).filter {
                $0.contains("owner@salon.example") && $0.contains("online bookings are confirmed at once again")
            }
            #expect(ended.count == 1, "\(world.jobSummary())")
            #expect(try salon.scalar(Int.self, "SELECT count(*)::int FROM public_floods WHERE ended_at IS NOT NULL") == 1)
        }
    }
}
