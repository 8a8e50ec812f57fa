import Booking
import Foundation
import HTTPServer
import Testing
import TestSupport

/// The held-offer flow end to end: a cancelled booking frees Ava's 10:00,
/// the first of two waiting customers is held it and told, the hold blocks
/// public bookings, on expiry it passes to the second, and accepting books it.
@Suite struct WaitlistOfferTests {
    @Test func freedSlotIsHeldForTheFirstWaitingCustomerThenPassesOnAndIsAccepted() throws {
        try NotificationWorld.with(serving: true) { world in
            let salon = world.salon
            let ten = salon.at(10)
            let booked = try salon.store.book(salon.request(ten, provider: salon.ava, email: "ada@example.com"))
            _ = try world.join("Grace Hopper", email: "grace@example.com", from: salon.at(9, 30), until: salon.at(11))
            _ = try world.join("Hedy Lamarr", email: "hedy@example.com", from: salon.at(9), until: salon.at(12))
            // Ben is free at 10:00 too; take him so the only free time is what the cancel gives back.
            #expect(try world.book(ten, provider: salon.ben, email: "walk@example.com").status == 201)

            _ = try salon.store.cancel(manageToken: booked.manageToken, business: salon.seeded.businessID, reason: nil)
            try world.runJobs()

            #expect(try world.emails(to: "grace@example.com", containing: "A slot opened up").count == 1)
            #expect(try world.emails(to: "hedy@example.com", containing: "A slot opened up").isEmpty)
            let graceToken = try #require(try world.offerToken(to: "grace@example.com"))
            #expect(try world.scalar(String.self, "SELECT status FROM bookings WHERE status = 'held'") == "held")
            #expect(try world.scalar(Int.self, "SELECT count(*)::int8 FROM waitlist_entries WHERE status = 'offered'") == 1)

            // The hold blocks a public booking of the same time.
            let blocked = try world.book(ten, provider: salon.ava, email: "someone@example.com")
            #expect(blocked.status == 409)
            #expect(blocked.json["code"] as? String == "slot_unavailable")

            // Opening the link shows the offer and changes nothing.
            let state = """
                SELECT (SELECT string_agg(id::text || status || version, ',' ORDER BY id) FROM bookings)
                    || (SELECT string_agg(id::text || status, ',' ORDER BY id) FROM waitlist_entries)
                    || (SELECT count(*) FROM jobs)::text
                """
            let before = try world.scalar(String.self, state)
            let shown = try world.call("GET", "/v1/offers/\(graceToken)")
            #expect(shown.status == 200)
            #expect(shown.json["state"] as? String == "open")
            #expect(shown.json["expires_at"] != nil)
            #expect(try world.scalar(String.self, state) == before)

            // The hold runs out: Grace is told, Hedy is held it and told.
            try salon.setDatabaseNow(Date().addingTimeInterval(16 * 60))
            try world.runJobs()
            #expect(try world.emails(to: "grace@example.com", containing: "Offer expired").count == 1)
            #expect(try world.emails(to: "grace@example.com", containing: "next person on the waitlist").count == 1)
            #expect(try world.emails(to: "hedy@example.com", containing: "A slot opened up").count == 1)
            let expired = try world.call("POST", "/v1/offers/\(graceToken)/accept")
            #expect(expired.status == 410)
            #expect(expired.json["code"] as? String == "offer_expired")
            #expect(expired.headers["Content-Type"] == "application/problem+json")
            #expect(try world.call("GET", "/v1/offers/\(graceToken)").json["state"] as? String == "expired")

            // Hedy accepts: the hold becomes her confirmed booking, and she is sent the confirmation.
            let hedyToken = try #require(try world.offerToken(to: "hedy@example.com"))
            let accepted = try world.call("POST", "/v1/offers/\(hedyToken)/accept")
            #expect(accepted.status == 201, "\(accepted.text)")
            #expect(accepted.json["status"] as? String == "confirmed")
            #expect(accepted.json["version"] as? Int == 2)
            #expect(accepted.json["manage_token"] as? String == hedyToken)
            try world.runJobs()
            #expect(try world.emails(to: "hedy@example.com", containing: "Booked:").count == 1)
            #expect(try world.scalar(String.self, """
                SELECT string_agg(c.email || ':' || e.status, ',' ORDER BY e.created_at)
                FROM waitlist_entries e JOIN customers c ON c.business_id = e.business_id AND c.id = e.customer_id
                """) == "grace@example.com:expired,hedy@example.com:booked")
            #expect(try world.call("GET", "/v1/offers/\(hedyToken)").json["state"] as? String == "accepted")
            #expect(try world.call("POST", "/v1/offers/\(hedyToken)/accept").status == 409)
        }
    }

    @Test func expiryWithNobodyElseWaitingFreesTheTime() throws {
        try NotificationWorld.with(serving: true) { world in
            let salon = world.salon
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava, email: "ada@example.com"))
            _ = try world.join("Grace Hopper", email: "grace@example.com", from: salon.at(9, 30), until: salon.at(11))
            _ = try salon.store.cancel(manageToken: booked.manageToken, business: salon.seeded.businessID, reason: nil)
            try world.runJobs()
            #expect(try world.scalar(Int.self, "SELECT count(*)::int8 FROM bookings WHERE status = 'held'") == 1)
            try salon.setDatabaseNow(Date().addingTimeInterval(16 * 60))
            try world.runJobs()
            #expect(try world.scalar(Int.self, "SELECT count(*)::int8 FROM bookings WHERE status = 'held'") == 0)
            // Grace is told the offer lapsed, not that it went to someone next: nobody was.
            #expect(try world.emails(to: "grace@example.com", containing: "Offer expired").count == 1)
            #expect(try world.emails(to: "grace@example.com", containing: "next person").isEmpty)
            #expect(try world.book(salon.at(10), provider: salon.ava, email: "someone@example.com").status == 201)
        }
    }

    @Test func notifyAllTellsEveryoneAndTheFirstToBookWins() throws {
        try NotificationWorld.with(waitlistPolicy: "notify_all", serving: true) { world in
            let salon = world.salon
            let ten = salon.at(10)
            let booked = try salon.store.book(salon.request(ten, provider: salon.ava, email: "ada@example.com"))
            _ = try world.join("Grace Hopper", email: "grace@example.com", from: salon.at(9, 30), until: salon.at(11))
            _ = try world.join("Hedy Lamarr", email: "hedy@example.com", from: salon.at(9), until: salon.at(12))
            _ = try salon.store.cancel(manageToken: booked.manageToken, business: salon.seeded.businessID, reason: nil)
            try world.runJobs()

            #expect(try world.scalar(Int.self, "SELECT count(*)::int8 FROM bookings WHERE status = 'held'") == 0)
            let hedy = try world.emails(to: "hedy@example.com", containing: "A slot opened up")
            #expect(hedy.count == 1)
            #expect(try world.emails(to: "grace@example.com", containing: "A slot opened up").count == 1)
            #expect(hedy.first?.contains("https://book.salon.example/book/\(DemoSalon.slug)?service=") == true)
            #expect(try world.book(ten, provider: salon.ava, email: "hedy@example.com").status == 201)
            #expect(try world.book(ten, provider: salon.ava, email: "grace@example.com").status == 409)
        }
    }
}
