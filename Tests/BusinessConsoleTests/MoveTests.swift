import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport
import Vocabulary

/// Moving a booking from its page through the admin API's reschedule: the
/// customer's "moved" notice and the old time's release go out through the
/// outbox, the change is audited, and a refused move changes nothing and
/// keeps what was typed.
@Suite("Business console move")
struct MoveTests {
    func startsAt(_ world: ConsoleWorld, _ booking: UUID) throws -> Date {
        try world.salon.scalar(Date.self, "SELECT starts_at FROM bookings WHERE id = $1", [booking])
    }

    func isFree(_ world: ConsoleWorld, _ provider: UUID, _ start: Date) throws -> Bool {
        try world.salon.store.availability(business: world.salon.seeded.businessID, location: world.salon.location, service: world.salon.haircut,
                                           provider: provider, in: start..<start.addingTimeInterval(60)).slots.contains { $0.start == start }
    }

    @Test func movingTellsTheCustomerFreesTheOldTimeAndIsAudited() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava)).booking
            let id = booked.id.uuidString.lowercased()
            let owner = try world.signIn()
            let page = try owner.get("/console/bookings/\(id)")
            #expect(page.text.contains("id=\"move-form\"") && page.text.contains("value=\"10:00\"") && page.text.contains("value=\"\(world.dayText())\""))
            #expect(!(try isFree(world, salon.ava, salon.at(10))))
            let before = salon.outbox.all.count
            let moved = try owner.post("/console/bookings/\(id)/move", [
                ("day", world.dayText()), ("time", "14:00"), ("provider", salon.ava.uuidString.lowercased()), ("reason", "Ava starts late")])
            #expect(moved.status == 303 && moved.headers["Location"] == "/console/bookings/\(id)?done=moved")
            #expect(try startsAt(world, booked.id) == salon.at(14))
            let work = salon.outbox.all.dropFirst(before)
            #expect(work.contains { $0.message?.message == .bookingRescheduled && $0.message?.audience == .customer && $0.bookingID == booked.id })
            let released = work.compactMap { item -> SlotReleasedPayload? in if case .slotReleased(let payload) = item.work { payload } else { nil } }
            #expect(released.count == 1 && released.first?.providerID == salon.ava && released.first?.freed.lowerBound == salon.at(10))
            #expect(try isFree(world, salon.ava, salon.at(10)), "the old time is free again")
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND route = '/console/bookings/{id}/move' AND summary LIKE '%Ava starts late%' AND targets->>'booking' = $1", [id]) == 1)
            let after = try owner.get("/console/bookings/\(id)?done=moved")
            #expect(after.text.contains("id=\"flash\"") && after.text.contains("14:00–14:30"))
        }
    }

    @Test func movingToAnotherProviderOfTheLocationReleasesTheFirstOnesTime() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let booked = try salon.store.book(salon.request(salon.at(11), provider: salon.ava)).booking
            let owner = try world.signIn()
            let before = salon.outbox.all.count
            let moved = try owner.post("/console/bookings/\(booked.id.uuidString.lowercased())/move", [
                ("day", world.dayText()), ("time", "11:00"), ("provider", salon.ben.uuidString.lowercased()), ("reason", "Ava is ill")])
            #expect(moved.status == 303)
            #expect(try salon.scalar(UUID.self, "SELECT provider_id FROM bookings WHERE id = $1", [booked.id]) == salon.ben)
            let released = salon.outbox.all.dropFirst(before).compactMap { item -> SlotReleasedPayload? in
                if case .slotReleased(let payload) = item.work { payload } else { nil }
            }
            #expect(released.map(\.providerID) == [salon.ava])
            #expect(try isFree(world, salon.ava, salon.at(11)) && !(try isFree(world, salon.ben, salon.at(11))))
            // The same time and provider again is no move: nothing is told.
            let count = salon.outbox.all.count
            let again = try owner.post("/console/bookings/\(booked.id.uuidString.lowercased())/move", [
                ("day", world.dayText()), ("time", "11:00"), ("provider", salon.ben.uuidString.lowercased()), ("reason", "again")])
            #expect(again.headers["Location"]?.hasSuffix("done=unchanged") == true && salon.outbox.all.count == count)
        }
    }

    @Test func aTakenClosedOrBadTimeIsRefusedKeepingWhatWasTyped() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava)).booking
            _ = try salon.store.book(salon.request(salon.at(15), provider: salon.ava, email: "other@example.com"))
            let path = "/console/bookings/\(booked.id.uuidString.lowercased())/move"
            let ava = salon.ava.uuidString.lowercased()
            let owner = try world.signIn()
            let before = salon.outbox.all.count
            func move(_ day: String, _ time: String, _ reason: String = "Typed reason", provider: String? = nil) throws -> TestResponse {
                try owner.post(path, [("day", day), ("time", time), ("provider", provider ?? ava), ("reason", reason)])
            }
            let taken = try move(world.dayText(), "15:00")
            #expect(taken.status == 422 && taken.text.contains("id=\"move-error\"") && taken.text.contains("That time is taken"))
            #expect(taken.text.contains("Free times nearby") && taken.text.contains("value=\"15:00\"") && taken.text.contains(">Typed reason</textarea>"))
            let late = try move(world.dayText(), "20:00")
            #expect(late.status == 422 && late.text.contains("outside the provider&#39;s hours") && late.text.contains("value=\"20:00\""))
            let lunch = try move(world.dayText(), "12:15")
            #expect(lunch.status == 422 && lunch.text.contains("time off"))
            let bad = try move("2026-02-30", "10:00")
            #expect(bad.status == 422 && bad.text.contains("that exists on that day") && bad.text.contains("value=\"2026-02-30\""))
            // 02:30 does not exist in New York on 10 March 2030: the clocks skip it.
            #expect(try move("2030-03-10", "02:30").text.contains("that exists on that day"))
            let noReason = try move(world.dayText(), "14:00", "  ")
            #expect(noReason.status == 422 && noReason.text.contains("Say why the booking is moved"))
            let elsewhere = try salon.scalar(UUID.self, "SELECT id FROM providers WHERE name = 'Chloe'")
            let otherLocation = try move(world.dayText(), "14:00", provider: elsewhere.uuidString.lowercased())
            #expect(otherLocation.status == 422 && otherLocation.text.contains("does not offer this service at this location"))
            #expect(try startsAt(world, booked.id) == salon.at(10) && salon.outbox.all.count == before, "nothing changed, nobody told")
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/bookings/{id}/move'") == 0)

            _ = try owner.post("/console/bookings/\(booked.id.uuidString.lowercased())/cancel", [("reason", "gone")])
            let cancelled = try move(world.dayText(), "14:00")
            #expect(cancelled.status == 422 && cancelled.text.contains("not active any more"))
        }
    }
}
