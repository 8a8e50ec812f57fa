import Booking
import Foundation
import Postgres
import Testing
import TestSupport

/// Joining, seeing one's place, leaving, and the admin list, over HTTP.
@Suite struct WaitlistAPITests {
    @Test func joinShowsPositionAndLeavingMovesTheQueue() throws {
        try NotificationWorld.with(serving: true) { world in
            let salon = world.salon
            let first = try world.join("Grace Hopper", email: "grace@example.com", from: salon.at(9), until: salon.at(12))
            let second = try world.join("Hedy Lamarr", email: "hedy@example.com", from: salon.at(9), until: salon.at(12))
            #expect(try world.call("GET", "/v1/waitlist/\(first)").json["ahead"] as? Int == 0)
            let shown = try world.call("GET", "/v1/waitlist/\(second)")
            #expect(shown.json["ahead"] as? Int == 1)
            #expect(shown.json["status"] as? String == "waiting")
            #expect(shown.json["token"] == nil)

            let left = try world.call("POST", "/v1/waitlist/\(first)/leave")
            #expect(left.status == 200)
            #expect(left.json["status"] as? String == "left")
            #expect(try world.call("GET", "/v1/waitlist/\(second)").json["ahead"] as? Int == 0)
            #expect(try world.call("DELETE", "/v1/waitlist/\(second)").json["status"] as? String == "left")
            #expect(try world.call("GET", "/v1/waitlist/not-a-token").status == 404)
        }
    }

    @Test func joinValidatesWindowsAndIds() throws {
        try NotificationWorld.with(serving: true) { world in
            let salon = world.salon
            let backwards = try world.call("POST", "/v1/waitlist", json: [
                "service": world.id(salon.haircut), "location": world.id(salon.location),
                "wanted": [["from": salon.at(12).formatted(.iso8601), "until": salon.at(9).formatted(.iso8601)]],
                "customer": ["name": "Grace", "email": "grace@example.com"],
            ])
            #expect(backwards.status == 422 && backwards.json["code"] as? String == "invalid_range")
            #expect(backwards.text.contains("wanted[0].until"))
            let unknown = try world.call("POST", "/v1/waitlist", json: [
                "service": UUID().uuidString, "location": world.id(salon.location),
                "wanted": [["from": salon.at(9).formatted(.iso8601), "until": salon.at(12).formatted(.iso8601)]],
                "customer": ["name": "Grace", "email": "grace@example.com"],
            ])
            #expect(unknown.status == 404)
        }
    }

    @Test func adminListNeedsAnAdminKey() throws {
        try NotificationWorld.with(serving: true) { world in
            let salon = world.salon
            _ = try world.join("Grace Hopper", email: "grace@example.com", from: salon.at(9), until: salon.at(12))
            #expect(try world.call("GET", "/v1/admin/waitlist").status == 403)
            let business = salon.seeded.businessID
            let admin = try salon.pool.withConnection { try APIKeyStore.create(business: business, scope: .admin, on: $0) }
            let listed = try world.call("GET", "/v1/admin/waitlist", key: admin.secret)
            #expect(listed.status == 200)
            let data = try #require(listed.json["data"] as? [[String: Any]])
            #expect(data.count == 1)
            #expect(data.first?["customer_name"] as? String == "Grace Hopper")
            #expect(try world.call("GET", "/v1/admin/waitlist?status=bogus", key: admin.secret).status == 400)
        }
    }
}
