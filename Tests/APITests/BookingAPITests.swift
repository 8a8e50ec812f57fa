import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

@Suite("The /v1 API over a real socket against PostgreSQL")
struct BookingAPITests {
    @Test func aCustomerFindsATimeBooksItSeesItAndCancelsIt() throws {
        try APIWorld.with { world in
            let query = "service=\(world.haircut)&location=\(world.location)&provider=any&from=\(world.at(0))&to=\(world.at(0, days: 1))&tz=Europe/London"
            let availability = try world.call("GET", "/v1/availability?\(query)")
            #expect(availability.status == 200 && availability.json["time_zone"] as? String == "Europe/London")
            let slots = try #require(availability.json["slots"] as? [[String: Any]])
            #expect(slots.first?["start"] as? String == world.at(9) && slots.first?["local_start"] as? String == localLondon(world.at(9)))
            #expect((slots.first?["provider_ids"] as? [String])?.sorted() == [world.ava, world.ben].sorted())

            let created = try world.call("POST", "/v1/bookings", json: world.booking(world.at(9)))
            #expect(created.status == 201, "\(created.text)")
            let token = try #require(created.json["manage_token"] as? String)
            #expect(created.json["local_start"] as? String == localNewYork(world.at(9)) && created.json["changeable"] as? Bool == true)

            let shown = try world.call("GET", "/v1/manage/\(token)")
            #expect(shown.status == 200 && shown.json["status"] as? String == "confirmed" && shown.json["manage_token"] == nil)
            let cancelled = try world.call("POST", "/v1/manage/\(token)/cancel", json: ["reason": "Something came up"])
            #expect(cancelled.status == 200 && cancelled.json["status"] as? String == "cancelled" && cancelled.json["version"] as? Int == 2)
            let again = try world.call("POST", "/v1/manage/\(token)/cancel")
            #expect(again.status == 409 && again.json["code"] as? String == "booking_not_active")
        }
    }

    @Test func openingAManageLinkNeverChangesTheBooking() throws {
        try APIWorld.with { world in
            let token = try #require(try world.call("POST", "/v1/bookings", json: world.booking(world.at(10))).json["manage_token"] as? String)
            let state = "SELECT status || ' ' || version || ' ' || updated_at::text FROM bookings"
            let before = try world.scalar(String.self, state)
            for method in ["GET", "HEAD", "GET"] {
                #expect(try world.call(method, "/v1/manage/\(token)").status == 200)
            }
            #expect(try world.call("GET", "/v1/manage/\(token)/cancel").status == 405)
            #expect(try world.scalar(String.self, state) == before)
        }
    }

    @Test func rescheduleMovesTheBookingAndAConflictAnswers409WithAlternatives() throws {
        try APIWorld.with { world in
            let token = try #require(try world.call("POST", "/v1/bookings", json: world.booking(world.at(10))).json["manage_token"] as? String)
            let taken = try world.call("POST", "/v1/bookings", json: world.booking(world.at(10, 15), email: "bo@example.com"))
            #expect(taken.status == 409 && taken.headers["Content-Type"] == "application/problem+json")
            #expect(taken.json["code"] as? String == "slot_unavailable")
            let alternatives = try #require(taken.json["alternatives"] as? [[String: Any]])
            #expect(alternatives.compactMap { $0["start"] as? String } == [world.at(9, 15), world.at(10, 45), world.at(11)])
            #expect(alternatives.first?["local_start"] as? String == localNewYork(world.at(9, 15)))
            let moved = try world.call("POST", "/v1/manage/\(token)/reschedule", json: ["start": world.at(15)])
            #expect(moved.status == 200 && moved.json["start"] as? String == world.at(15) && moved.json["version"] as? Int == 2)
            // The old time is free at once.
            #expect(try world.call("POST", "/v1/bookings", json: world.booking(world.at(10, 15), email: "bo@example.com")).status == 201)
        }
    }

    @Test func rescheduleToTheTimeItHasAnswersUnchangedWithoutANewVersion() throws {
        try APIWorld.with { world in
            let token = try #require(try world.call("POST", "/v1/bookings", json: world.booking(world.at(10))).json["manage_token"] as? String)
            let same = try world.call("POST", "/v1/manage/\(token)/reschedule", json: ["start": world.at(10)])
            #expect(same.status == 200 && same.json["unchanged"] as? Bool == true && same.json["version"] as? Int == 1, "\(same.text)")
            let moved = try world.call("POST", "/v1/manage/\(token)/reschedule", json: ["start": world.at(15)])
            #expect(moved.status == 200 && moved.json["unchanged"] == nil && moved.json["version"] as? Int == 2)
        }
    }

    @Test func aRepeatedIdempotencyKeyReplaysAndAnotherBodyIsRefused() throws {
        try APIWorld.with { world in
            let body = world.booking(world.at(11))
            let first = try world.call("POST", "/v1/bookings", json: body, headers: [("Idempotency-Key", "order-1")])
            let second = try world.call("POST", "/v1/bookings", json: body, headers: [("Idempotency-Key", "order-1")])
            #expect(first.status == 201 && second.status == 201 && second.body == first.body, "\(first.text) \(second.text)")
            #expect(second.headers["Idempotent-Replayed"] == "true" && first.headers["Idempotent-Replayed"] == nil)
            let other = try world.call("POST", "/v1/bookings", json: world.booking(world.at(13)), headers: [("Idempotency-Key", "order-1")])
            #expect(other.status == 422 && other.json["code"] as? String == "idempotency_key_reused")
            #expect(try world.scalar(Int.self, "SELECT count(*)::int FROM bookings") == 1)
            // A conflict is a refusal: not stored, so the same request runs again (and is refused again).
            let conflict = try world.call("POST", "/v1/bookings", json: world.booking(world.at(11)), headers: [("Idempotency-Key", "order-2")])
            let again = try world.call("POST", "/v1/bookings", json: world.booking(world.at(11)), headers: [("Idempotency-Key", "order-2")])
            #expect(conflict.status == 409 && again.status == 409 && again.headers["Idempotent-Replayed"] == nil)
            let badKey = try world.call("POST", "/v1/bookings", json: body, headers: [("Idempotency-Key", String(repeating: "k", count: 300))])
            #expect(badKey.status == 400 && badKey.json["code"] as? String == "invalid_request")
        }
    }

    /// A 422 (a start in the past) was stored under its key, and the corrected
    /// retry with the same key answered `idempotency_key_reused`.
    @Test func aRefusedRequestLeavesItsIdempotencyKeyForTheCorrectedRetry() throws {
        try APIWorld.with { world in
            let key = [("Idempotency-Key", "fix-me-1")]
            let past = try world.call("POST", "/v1/bookings", json: world.booking(world.at(10, days: -30)), headers: key)
            #expect(past.status == 422 && past.json["code"] as? String == "too_soon", "\(past.text)")
            let corrected = try world.call("POST", "/v1/bookings", json: world.booking(world.at(10)), headers: key)
            #expect(corrected.status == 201 && corrected.headers["Idempotent-Replayed"] == nil, "\(corrected.text)")
            let replayed = try world.call("POST", "/v1/bookings", json: world.booking(world.at(10)), headers: key)
            #expect(replayed.status == 201 && replayed.headers["Idempotent-Replayed"] == "true" && replayed.body == corrected.body)
            #expect(try world.scalar(Int.self, "SELECT count(*)::int FROM idempotency_keys") == 1)
        }
    }

    @Test func anotherBusinesssKeySeesNothingOfThisOne() throws {
        try APIWorld.with { world in
            let token = try #require(try world.call("POST", "/v1/bookings", json: world.booking(world.at(10))).json["manage_token"] as? String)
            let otherKey = try world.pool.withTransaction { connection in
                let other = try BusinessStoreFixture.business(named: "Elsewhere", on: connection)
                return try BusinessStoreFixture.publicKey(for: other, on: connection)
            }
            for path in ["/v1/locations", "/v1/services", "/v1/providers"] {
                let answer = try world.call("GET", path, key: otherKey)
                #expect(answer.status == 200 && (answer.json["data"] as? [Any])?.isEmpty == true, "\(path)")
            }
            let query = "service=\(world.haircut)&location=\(world.location)&from=\(world.at(0))&to=\(world.at(0, days: 1))"
            #expect(try world.call("GET", "/v1/availability?\(query)", key: otherKey).status == 404)
            #expect(try world.call("POST", "/v1/bookings", json: world.booking(world.at(13)), key: otherKey).status == 404)
            for (method, path) in [("GET", "/v1/manage/\(token)"), ("POST", "/v1/manage/\(token)/cancel")] {
                let answer = try world.call(method, path, key: otherKey)
                #expect(answer.status == 404 && answer.json["code"] as? String == "not_found")
            }
            #expect(try world.scalar(String.self, "SELECT status FROM bookings") == "confirmed")
        }
    }

    @Test func requestsWithoutAValidKeyAreUnauthorized() throws {
        try APIWorld.with { world in
            for key in [String?.none, "bk_pub_wrong", world.key + "x"] {
                let answer = try world.call("GET", "/v1/locations", key: .some(key))
                #expect(answer.status == 401 && answer.headers["WWW-Authenticate"] == "Bearer" && answer.json["code"] as? String == "unauthorized")
                #expect(!answer.text.contains(world.key))
            }
        }
    }

    private func localLondon(_ utc: String) -> String { local(utc, "Europe/London") }
    private func localNewYork(_ utc: String) -> String { local(utc, "America/New_York") }

    private func local(_ utc: String, _ zone: String) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: zone)
        let text = formatter.string(from: ISO8601DateFormatter().date(from: utc)!)
        return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
    }
}
