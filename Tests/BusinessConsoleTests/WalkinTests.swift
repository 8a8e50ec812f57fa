import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport
import Vocabulary

/// A booking made at the desk: the free starts of the public booking page,
/// booked through the API's booking call, confirmed to the contacts given,
/// shown on the day, audited; bad input refused, keeping what was typed.
@Suite("Business console new bookings")
struct WalkinTests {
    func newPage(_ world: ConsoleWorld, provider: UUID? = nil) -> String {
        "/console/calendar/new?location=\(world.salon.location.uuidString.lowercased())&service=\(world.salon.haircut.uuidString.lowercased())"
            + "&provider=\((provider ?? world.salon.ava).uuidString.lowercased())&day=\(world.dayText())"
    }

    func form(_ world: ConsoleWorld, start: Date?, name: String = "Grace Hopper", email: String = "", phone: String = "") -> [(String, String)] {
        [("location", world.salon.location.uuidString.lowercased()), ("service", world.salon.haircut.uuidString.lowercased()),
         ("provider", world.salon.ava.uuidString.lowercased()), ("day", world.dayText()),
         ("start", start?.formatted(.iso8601) ?? ""), ("name", name), ("email", email), ("phone", phone), ("locale", "en")]
    }

    @Test func theFreeStartsAreTheBookingPagesOwn() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            _ = try salon.store.book(salon.request(salon.at(9), provider: salon.ava))
            let owner = try world.signIn()
            let page = try owner.get(newPage(world))
            let slots = try salon.store.availability(business: salon.seeded.businessID, location: salon.location, service: salon.haircut,
                                                     provider: salon.ava, in: salon.at(0)..<salon.at(0, days: 1)).slots
            #expect(page.status == 200 && !slots.isEmpty)
            #expect(page.text.components(separatedBy: "type=\"radio\" name=\"start\"").count - 1 == slots.count)
            #expect(slots.allSatisfy { page.text.contains("value=\"\($0.start.formatted(.iso8601))\"") })
            #expect(!page.text.contains("value=\"\(salon.at(9).formatted(.iso8601))\""), "a taken start is not offered")
            #expect(page.text.contains("America/New_York") && page.text.contains("at least one is needed"))
            // The calendar's "New booking" leads here with its location and day.
            #expect(try owner.get("/console/calendar?day=\(world.dayText())").text.contains("/console/calendar/new?location="))
            #expect(try owner.get("/console/calendar/new").status == 200, "the first location, service and provider by default")
            #expect(try owner.get("/console/calendar/new?day=31-12-2026").status == 422)
        }
    }

    @Test func aWalkInIsBookedConfirmedToItsContactAndShownOnTheDay() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let owner = try world.signIn()
            let before = salon.outbox.all.count
            let made = try owner.post("/console/calendar/new", form(world, start: salon.at(15), phone: "+1 (212) 555-0199"))
            #expect(made.status == 303)
            let location = try #require(made.headers["Location"])
            #expect(location.hasPrefix("/console/bookings/") && location.hasSuffix("?done=created"))
            let id = try #require(UUID(uuidString: String(location.dropFirst("/console/bookings/".count).prefix(36))))
            #expect(try world.count("""
                SELECT count(*)::int FROM bookings b JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
                WHERE b.id = $1 AND b.status = 'confirmed' AND b.starts_at = $2 AND b.provider_id = $3
                  AND c.name = 'Grace Hopper' AND c.phone = '+12125550199' AND c.consent_sms AND c.email IS NULL
                """, [id, salon.at(15), salon.ava]) == 1)
            let confirmations = salon.outbox.all.dropFirst(before).compactMap(\.message).filter { $0.bookingID == id && $0.message == .bookingConfirmed }
            #expect(confirmations.contains { $0.channel == .sms && $0.audience == .customer })
            #expect(!confirmations.contains { $0.channel == .email && $0.audience == .customer }, "no address, no email")
            #expect(try owner.get(location).text.contains("id=\"flash\""))
            let day = try owner.get("/console/calendar?day=\(world.dayText())")
            #expect(day.text.contains("Grace Hopper") && day.text.contains("/console/bookings/\(id.uuidString.lowercased())"))
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND route = '/console/calendar/new' AND targets->>'booking' = $1",
                                    [id.uuidString.lowercased()]) == 1)
        }
    }

    @Test func badInputAndATakenTimeAreRefusedKeepingWhatWasTyped() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let owner = try world.signIn()
            func bookings() throws -> Int { try world.count("SELECT count(*)::int FROM bookings") }
            let before = try bookings()
            let noContact = try owner.post("/console/calendar/new", form(world, start: salon.at(15), name: "Walk In"))
            #expect(noContact.status == 422 && noContact.text.contains("id=\"new-errors\"") && noContact.text.contains("Give an email address or a mobile number"))
            #expect(noContact.text.contains("value=\"Walk In\"") && noContact.text.contains("value=\"\(salon.at(15).formatted(.iso8601))\" checked"))
            let badPhone = try owner.post("/console/calendar/new", form(world, start: salon.at(15), phone: "12ab"))
            #expect(badPhone.status == 422 && badPhone.text.contains("country code") && badPhone.text.contains("value=\"12ab\"")
                    && badPhone.text.contains("href=\"#new-phone\""))
            let noName = try owner.post("/console/calendar/new", form(world, start: salon.at(15), name: " ", email: "a@example.com"))
            #expect(noName.status == 422 && noName.text.contains("Type the customer&#39;s name"))
            let noTime = try owner.post("/console/calendar/new", form(world, start: nil, email: "grace@example.com"))
            #expect(noTime.status == 422 && noTime.text.contains("Choose one of the free times") && noTime.text.contains("value=\"grace@example.com\""))
            #expect(try bookings() == before)

            _ = try salon.store.book(salon.request(salon.at(15), provider: salon.ava))
            let taken = try owner.post("/console/calendar/new", form(world, start: salon.at(15), email: "grace@example.com"))
            #expect(taken.status == 422 && taken.text.contains("id=\"new-refusal\"") && taken.text.contains("That time is taken")
                    && taken.text.contains("value=\"Grace Hopper\""))
            let outside = try owner.post("/console/calendar/new", form(world, start: salon.at(20), email: "grace@example.com"))
            #expect(outside.status == 422 && outside.text.contains("outside the provider&#39;s hours"))
            #expect(try bookings() == before + 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/calendar/new'") == 0)
        }
    }
}
