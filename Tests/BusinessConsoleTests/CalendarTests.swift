import Vocabulary
import APITestSupport
import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// The calendar's day view in the location's zone, a booking's page, and
/// cancelling with a reason through the API's code path, scoped to the
/// admin's business.
@Suite("Business console calendar")
struct CalendarTests {
    func day(_ world: ConsoleWorld, days: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = world.salon.zone
        let parts = calendar.dateComponents([.year, .month, .day], from: world.salon.at(12, days: days))
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    @Test func theDayListsItsBookingsInTheLocationsZone() throws {
        try ConsoleWorld.with { world in
            let booked = try world.salon.store.book(world.salon.request(world.salon.at(10, 30), provider: world.salon.ava))
            let id = booked.booking.id.uuidString.lowercased()
            let owner = try world.signIn()
            let page = try owner.get("/console/calendar?day=\(day(world))")
            #expect(page.status == 200 && page.text.contains("/console/bookings/\(id)") && page.text.contains("10:30–")
                    && page.text.contains("Ada Lovelace") && page.text.contains("America/New_York"))
            let ben = world.salon.ben.uuidString.lowercased()
            #expect(!(try owner.get("/console/calendar?day=\(day(world))&provider=\(ben)").text.contains(id)), "one provider's day")
            #expect(!(try owner.get("/console/calendar?day=\(day(world, days: 1))").text.contains(id)))
            let bad = try owner.get("/console/calendar?day=31-02-2026")
            #expect(bad.status == 422 && bad.text.contains("id=\"day-error\""))
            #expect(try owner.get("/console/calendar?location=\(UUID().uuidString)").status == 404)
        }
    }

    @Test func cancellingNeedsAReasonTellsTheCustomerAndIsAudited() throws {
        try ConsoleWorld.with { world in
            let booked = try world.salon.store.book(world.salon.request(world.salon.at(11), provider: world.salon.ava))
            let id = booked.booking.id.uuidString.lowercased()
            let owner = try world.signIn()
            #expect(try owner.get("/console/bookings/\(id)").text.contains("id=\"cancel-form\""))
            let before = world.salon.outbox.all.count
            let empty = try owner.post("/console/bookings/\(id)/cancel", [("reason", "  ")])
            #expect(empty.status == 422 && empty.text.contains("id=\"cancel-error\""))
            #expect(try world.count("SELECT count(*)::int FROM bookings WHERE id = $1 AND status = 'confirmed'", [booked.booking.id]) == 1)

            let cancelled = try owner.post("/console/bookings/\(id)/cancel", [("reason", "Provider ill")])
            #expect(cancelled.status == 303 && cancelled.headers["Location"] == "/console/bookings/\(id)?done=cancelled")
            #expect(try world.count("SELECT count(*)::int FROM bookings WHERE id = $1 AND status = 'cancelled' AND cancel_reason = 'Provider ill'",
                                    [booked.booking.id]) == 1)
            let notices = world.salon.outbox.all.dropFirst(before)
            #expect(notices.contains { $0.message?.message == .bookingCancelled && $0.bookingID == booked.booking.id })
            #expect(notices.contains { $0.kind == .slotReleased })
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND targets->>'booking' = $1", [id]) == 1)
            let again = try owner.post("/console/bookings/\(id)/cancel", [("reason", "twice")])
            #expect(again.status == 422 && again.text.contains("id=\"cancel-error\""))
        }
    }

    @Test func anotherBusinesssBookingIsNotFoundAndStaysBooked() throws {
        try ConsoleWorld.with { world in
            let booked = try world.salon.store.book(world.salon.request(world.salon.at(14), provider: world.salon.ava))
            let id = booked.booking.id.uuidString.lowercased()
            let rival = try world.signIn(ConsoleWorld.rival)
            #expect(try rival.get("/console/bookings/\(id)").status == 404)
            #expect(try rival.post("/console/bookings/\(id)/cancel", [("reason", "mine now")]).status == 404)
            #expect(try rival.get("/console/calendar?location=\(world.salon.location.uuidString)").status == 404)
            #expect(try rival.get("/console/bookings/not-a-uuid").status == 404)
            #expect(try world.count("SELECT count(*)::int FROM bookings WHERE id = $1 AND status = 'confirmed'", [booked.booking.id]) == 1)
        }
    }
}
