import Booking
import Foundation
import HTTPServer
import Notifications
import Postgres
import Testing
import TestSupport

/// The limits on the public booking form: below
/// each one a booking goes through; at it the answer is 429 with a page that
/// says why and `Retry-After`, and nothing is queued.
@Suite("Limits on the public booking form")
struct PublicLimitsTests {
    static let off = PublicLimits.none

    func expectRefused(_ response: TestResponse, _ reason: PublicRefusal.Reason, _ world: PublicDoorsWorld,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == 429, sourceLocation: sourceLocation)
        #expect(response.text.contains(#"id="refusal-reason""#) && response.text.contains(#"id="retry-after""#), sourceLocation: sourceLocation)
        #expect(Int(response.headers["Retry-After"] ?? "").map { $0 >= 1 } == true, sourceLocation: sourceLocation)
        #expect(world.refusals.all.last == reason, sourceLocation: sourceLocation)
    }

    @Test func aFormSentFasterThanAPersonCanFillItWaitsAndTheHoneypotIsRefused() throws {
        var limits = Self.off
        limits.minimumFillSeconds = 5
        try PublicDoorsWorld.with(limits: limits) { world in
            let form = try world.form(at: world.salon.at(10))
            try world.advance(1)
            let early = try world.submit(form)
            expectRefused(early, .formTooFast, world)
            #expect(early.headers["Retry-After"] == "4")
            #expect(try world.jobs() == 0)
            #expect(try world.submit(form, website: "http://spam.example").status == 429)
            #expect(world.refusals.all.last == .honeypot)
            try world.advance(4)
            #expect(try world.submit(form).status == 303)
            #expect(try world.jobs("kind = 'send_message'") > 0)
        }
    }

    @Test func submissionsPerClientAddressAreCappedAndAForgedForwardedForChangesNothing() throws {
        var limits = Self.off
        limits.submissionsPerAddressPerHour = 2
        try PublicDoorsWorld.with(limits: limits) { world in
            #expect(try world.book(at: world.salon.at(9)).status == 303)
            #expect(try world.book(at: world.salon.at(10)).status == 303)
            let queued = try world.jobs()
            let third = try world.book(at: world.salon.at(11), headers: [("X-Forwarded-For", "198.51.100.23")])
            expectRefused(third, .submissionRateLimit, world)
            #expect(try world.jobs() == queued)
            // An hour's budget refills at 2 an hour: one more after 30 minutes.
            try world.advance(1800)
            #expect(try world.book(at: world.salon.at(11)).status == 303)
        }
    }

    @Test func aLinksActionsSpendTheSameBudgetAndARefusedOneChangesNothing() throws {
        var limits = Self.off
        limits.submissionsPerAddressPerHour = 2
        try PublicDoorsWorld.with(limits: limits) { world in
            let booked = try world.book(at: world.salon.at(9))
            let token = try #require(PublicDoorsWorld.manageToken(booked))
            let client = try TestClient(port: world.port)
            let page = try client.request("GET", "/manage/\(token)/cancel")
            let csrf = try #require(PagesWorld.field("csrf", in: page.text))
            func cancel() throws -> TestResponse {
                try client.request("POST", "/manage/\(token)/cancel", headers: [
                    ("Origin", "http://localhost"), ("Content-Type", "application/x-www-form-urlencoded"),
                ], body: Array("csrf=\(PagesWorld.encode(csrf))".utf8))
            }
            // The booking spent one of the address's two; a second booking the other.
            #expect(try world.book(at: world.salon.at(10)).status == 303)
            let queued = try world.jobs()
            let refused = try cancel()
            expectRefused(refused, .submissionRateLimit, world)
            #expect(refused.text.contains("href=\"/manage/\(token)\"") && refused.text.contains("Back to your booking"))
            #expect(try world.salon.scalar(String.self, "SELECT status FROM bookings WHERE starts_at = $1", [world.salon.at(9)]) == "confirmed")
            #expect(try world.jobs() == queued)
            try world.advance(1800)
            #expect(try cancel().status == 303, "half an hour refills one")
        }
    }

    @Test func behindATrustedProxyEachForwardedClientHasItsOwnBudget() throws {
        var limits = Self.off
        limits.submissionsPerAddressPerHour = 1
        try PublicDoorsWorld.with(limits: limits, trustedProxies: ["127.0.0.1"]) { world in
            let first = [("X-Forwarded-For", "1.2.3.4, 198.51.100.1")]
            #expect(try world.book(at: world.salon.at(9), headers: first).status == 303)
            // The same client, whatever it claims to the left of the proxy's entry: refused.
            expectRefused(try world.book(at: world.salon.at(10), headers: [("X-Forwarded-For", "9.9.9.9, 198.51.100.1")]),
                          .submissionRateLimit, world)
            #expect(try world.book(at: world.salon.at(10), headers: [("X-Forwarded-For", "198.51.100.2")]).status == 303)
        }
    }

    @Test func messagesPerRecipientPerDayAreCappedAcrossBookings() throws {
        var limits = Self.off
        limits.messagesPerRecipientPerDay = 2
        try PublicDoorsWorld.with(limits: limits) { world in
            #expect(try world.book(at: world.salon.at(9), email: "pump@example.com").status == 303)
            #expect(try world.book(at: world.salon.at(10), email: "PUMP@example.com").status == 303)
            let queued = try world.jobs()
            let third = try world.book(at: world.salon.at(11), email: "pump@example.com")
            expectRefused(third, .recipientDailyLimit, world)
            #expect(Int(third.headers["Retry-After"] ?? "0")! > 86_000)
            #expect(try world.jobs() == queued)
            #expect(try world.book(at: world.salon.at(11), email: "someone.else@example.com").status == 303)
            try world.advance(86_400)
            #expect(try world.book(at: world.salon.at(13), email: "pump@example.com").status == 303)
        }
    }

    @Test func openFutureBookingsPerContactAreCappedPerBusiness() throws {
        var limits = Self.off
        limits.openBookingsPerContact = 1
        try PublicDoorsWorld.with(limits: limits) { world in
            #expect(try world.book(at: world.salon.at(9), email: "", phone: "+12125550101", sms: true).status == 303)
            let queued = try world.jobs()
            expectRefused(try world.book(at: world.salon.at(10), email: "", phone: "+12125550101", sms: true), .openBookingsLimit, world)
            #expect(try world.jobs() == queued)
        }
    }

    @Test func smsGoesOnlyToTheCountriesOfTheBusinessesLocationsAndNeverToPremiumNumbers() throws {
        try PublicDoorsWorld.with(limits: Self.off) { world in
            // The demo salon is in New York and London: +1 and +44.
            expectRefused(try world.book(at: world.salon.at(9), phone: "+33612345678", sms: true), .smsCountryNotAllowed, world)
            expectRefused(try world.book(at: world.salon.at(9), phone: "+19005550123", sms: true), .smsPremiumNumber, world)
            expectRefused(try world.book(at: world.salon.at(9), phone: "+449091123456", sms: true),
                          .smsPremiumNumber, world)
            #expect(try world.jobs() == 0)
            // Without SMS consent the number is only kept, never texted: allowed.
            #expect(try world.book(at: world.salon.at(9), phone: "+33612345678").status == 303)
            #expect(try world.book(at: world.salon.at(10), phone: "+447911123456", sms: true).status == 303)
            #expect(try world.jobs("queue = 'sms'") == 1)
            // A business may set its own list.
            try world.salon.pool.withConnection { try $0.execute("UPDATE businesses SET sms_calling_codes = '{33}'") }
            #expect(try world.book(at: world.salon.at(11), phone: "+33612345678", sms: true).status == 303)
            expectRefused(try world.book(at: world.salon.at(13), phone: "+447911123456", sms: true), .smsCountryNotAllowed, world)
        }
    }

    @Test func underFloodNewBookingsAreHoldsConfirmedByTheirEmailedLink() throws {
        var limits = Self.off
        limits.floodBookingsPerHour = 2
        try PublicDoorsWorld.with(limits: limits) { world in
            let salon = world.salon
            #expect(try world.book(at: salon.at(9), email: "a@example.com").status == 303)
            #expect(try world.book(at: salon.at(10), email: "b@example.com").status == 303)
            #expect(try world.jobs("kind = 'public_flood_notice'") == 0)
            let held = try world.book(at: salon.at(11), email: "c@example.com", phone: "+12125550199", sms: true)
            #expect(held.status == 303 && held.headers["Location"]?.hasSuffix("?done=held") == true)
            let token = try #require(PublicDoorsWorld.manageToken(held))
            let id = try salon.scalar(UUID.self, "SELECT id FROM bookings WHERE starts_at = $1 AND status <> 'cancelled'", [salon.at(11)])
            #expect(try salon.scalar(String.self, "SELECT status FROM bookings WHERE id = $1", [id]) == "held")
            let mine = "payload->>'booking_id' = '\(id.uuidString.lowercased())'"
            #expect(try world.jobs("\(mine) AND payload->>'message' = 'booking_hold' AND queue = 'email'") == 1)
            #expect(try world.jobs("\(mine) AND queue = 'sms'") == 0, "no SMS before the customer confirms")
            #expect(try world.jobs("kind = 'public_flood_notice' AND payload->>'state' = 'started'") == 1)
            // Reminders are planned for confirmed bookings only.
            _ = try salon.pool.withTransaction { try world.planning.planDue(on: $0) }
            #expect(try world.jobs("\(mine) AND payload->>'message' = 'reminder'") == 0)

            // The emailed link: the manage page asks, and its form confirms.
            let page = try TestClient(port: world.port).request("GET", "/manage/\(token)")
            #expect(page.status == 200 && page.text.contains(#"id="confirm-form""#))
            let csrf = try #require(PagesWorld.field("csrf", in: page.text))
            let confirmed = try TestClient(port: world.port).request(
                "POST", "/manage/\(token)/confirm", headers: [("Origin", "http://localhost"), ("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("csrf=\(PagesWorld.encode(csrf))".utf8))
            #expect(confirmed.status == 303 && confirmed.headers["Location"]?.hasSuffix("?done=confirmed") == true)
            #expect(try salon.scalar(String.self, "SELECT status FROM bookings WHERE id = $1", [id]) == "confirmed")
            #expect(try world.jobs("\(mine) AND queue = 'sms' AND payload->>'message' = 'booking_confirmed'") == 1)
            _ = try salon.pool.withTransaction { try world.planning.planDue(on: $0) }
            #expect(try world.jobs("\(mine) AND payload->>'message' = 'reminder'") > 0)
            #expect(try world.jobs("kind = 'public_flood_notice'") == 1, "one notice when flood mode starts")
        }
    }

    @Test func underFloodABookingWithoutEmailIsRefusedAndFloodModeStillStarts() throws {
        var limits = Self.off
        limits.floodBookingsPerHour = 1
        try PublicDoorsWorld.with(limits: limits) { world in
            #expect(try world.book(at: world.salon.at(9), email: "a@example.com").status == 303)
            let queued = try world.jobs("kind = 'send_message'")
            expectRefused(try world.book(at: world.salon.at(10), email: "", phone: "+12125550142", sms: true), .emailRequired, world)
            #expect(try world.jobs("kind = 'send_message'") == queued)
            #expect(try world.salon.scalar(Int.self, "SELECT count(*)::int FROM public_floods WHERE ended_at IS NULL") == 1)
            #expect(try world.jobs("kind = 'public_flood_notice' AND payload->>'state' = 'started'") == 1)
        }
    }

    @Test func anUnconfirmedHoldExpiresAndFreesItsTime() throws {
        var limits = Self.off
        limits.floodBookingsPerHour = 1
        try PublicDoorsWorld.with(limits: limits) { world in
            let salon = world.salon
            #expect(try world.book(at: salon.at(9), email: "a@example.com").status == 303)
            let held = try world.book(at: salon.at(10), email: "bot@example.com")
            #expect(held.headers["Location"]?.hasSuffix("?done=held") == true)
            let id = try salon.scalar(UUID.self, "SELECT id FROM bookings WHERE starts_at = $1", [salon.at(10)])
            #expect(try world.jobs("kind = 'offer_expired' AND payload->>'booking_id' = '\(id.uuidString.lowercased())'") == 1)
            let offers = WaitlistOffers(outbox: salon.outbox, tokens: TestKeys.manageTokens)
            let early = try salon.pool.withTransaction { try offers.expire(business: salon.seeded.businessID, booking: id, on: $0) }
            guard case .notYet = early else { Issue.record("released before its 30 minutes: \(early)"); return }
            try world.advance(31 * 60)
            let messages = try world.jobs("kind = 'send_message'")
            let expired = try salon.pool.withTransaction { try offers.expire(business: salon.seeded.businessID, booking: id, on: $0) }
            #expect(expired == .released(offeredNext: 0))
            #expect(try salon.scalar(String.self, "SELECT status FROM bookings WHERE id = $1", [id]) == "cancelled")
            #expect(try world.jobs("kind = 'send_message'") == messages, "an unconfirmed hold is released without a word")
            // The time is free again, and an hour after the flood's bookings it is over: told once.
            try world.advance(3600)
            let again = try world.book(at: salon.at(10), email: "real@example.com")
            #expect(again.status == 303 && again.headers["Location"]?.hasSuffix("?done=booked") == true)
            #expect(try world.jobs("kind = 'public_flood_notice' AND payload->>'state' = 'ended'") == 1)
        }
    }
}
