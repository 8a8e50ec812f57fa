import API
import APITestSupport
import Booking
import Foundation
import HTTPServer
import Testing
import TestSupport

/// `POST /v1/bookings` with a public key passes the same limits as the booking
/// page: a refusal is problem+json 429 whose code is the reason, with
/// `Retry-After`, and nothing is booked or queued. Admin keys are not limited.
@Suite("Public API bookings answer the public-write limits")
struct PublicAPILimitsTests {
    @Test func aPublicKeysBookingPastALimitIs429WithTheReasonAndNothingQueued() throws {
        var limits = PublicLimits.none
        limits.openBookingsPerContact = 1
        try LiveAPIServer.with(doors: PublicDoors(limits: limits)) { server in
            let salon = server.salon
            #expect(try server.call("POST", "/v1/bookings", json: server.booking(salon.at(9)), key: server.publicKey).status == 201)
            let queued = salon.outbox.all.count
            let refused = try server.call("POST", "/v1/bookings", json: server.booking(salon.at(11)), key: server.publicKey)
            #expect(refused.status == 429 && refused.json["code"] as? String == "open_bookings_limit")
            #expect(refused.headers["Content-Type"] == "application/problem+json")
            #expect(Int(refused.headers["Retry-After"] ?? "").map { $0 > 0 } == true)
            #expect(salon.outbox.all.count == queued)
            #expect(try server.scalar("SELECT count(*)::int FROM bookings") == 1)

            var french = server.booking(salon.at(13))
            french["customer"] = ["name": "Zoé", "email": "zoe@example.com", "phone": "+33612345678", "consent_sms": true]
            let country = try server.call("POST", "/v1/bookings", json: french, key: server.publicKey)
            #expect(country.status == 429 && country.json["code"] as? String == "sms_country_not_allowed")

            // The business's own key books past the public limits.
            #expect(try server.call("POST", "/v1/bookings", json: server.booking(salon.at(11)), key: server.adminKey).status == 201)
            #expect(server.failures.isEmpty)
        }
    }
}
