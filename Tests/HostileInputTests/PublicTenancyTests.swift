import APITestSupport
import Booking
import Foundation
import HTTPServer
import Testing
import TestSupport

/// AdminScopeTests covers the admin routes; this covers every public `/v1`
/// route: another business's key on this business's ids and tokens answers
/// 404 like an unknown one, and changes nothing.
@Suite("Every public route refuses another business's ids and tokens")
struct PublicTenancyTests {
    @Test func anotherBusinessesKeyFindsNothingByIdOrToken() throws {
        try LiveAPIServer.with { server in
            let salon = server.salon
            let booked = try server.call("POST", "/v1/bookings", json: server.booking(salon.at(10)), key: server.publicKey)
            let token = try #require(booked.json["manage_token"] as? String, "\(booked.text)")
            let joined = try server.call("POST", "/v1/waitlist", json: [
                "service": salon.haircut.uuidString, "location": salon.location.uuidString, "provider": "any",
                "wanted": [["from": salon.at(9).formatted(.iso8601), "until": salon.at(17).formatted(.iso8601)]],
                "customer": ["name": "Ada", "email": "ada@example.com", "consent_email": true],
            ], key: server.publicKey)
            let entry = try #require(joined.json["token"] as? String, "\(joined.text)")
            let offer = TestKeys.manageTokens.token(forWaitlistEntry: UUID())
            let window = "from=\(salon.at(9).formatted(.iso8601))&to=\(salon.at(17).formatted(.iso8601))"
            let cases: [(String, String, [String: Any]?)] = [
                ("GET", "/v1/providers?location=\(salon.location)", nil),
                ("GET", "/v1/availability?service=\(salon.haircut)&location=\(salon.location)&\(window)", nil),
                ("POST", "/v1/bookings", server.booking(salon.at(11))),
                ("GET", "/v1/manage/\(token)", nil),
                ("POST", "/v1/manage/\(token)/cancel", ["reason": "x"]),
                ("POST", "/v1/manage/\(token)/reschedule", ["start": salon.at(11).formatted(.iso8601)]),
                ("POST", "/v1/waitlist", ["service": salon.haircut.uuidString, "location": salon.location.uuidString, "provider": "any",
                                          "wanted": [["from": salon.at(9).formatted(.iso8601), "until": salon.at(17).formatted(.iso8601)]],
                                          "customer": ["name": "Ada", "email": "ada@example.com", "consent_email": true]]),
                ("GET", "/v1/waitlist/\(entry)", nil),
                ("POST", "/v1/waitlist/\(entry)/leave", nil),
                ("DELETE", "/v1/waitlist/\(entry)", nil),
                ("GET", "/v1/offers/\(offer)", nil),
                ("POST", "/v1/offers/\(offer)/accept", nil),
            ]
            let before = try server.salon.scalar(String.self, Self.fingerprint)
            for (method, path, body) in cases {
                let answer = try server.call(method, path, json: body, key: server.otherAdminKey)
                if path.hasPrefix("/v1/providers") {
                    // A filter, not a lookup: an unknown location lists nobody, and so does another business's.
                    #expect(answer.status == 200 && (answer.json["data"] as? [Any])?.isEmpty == true, "\(path): \(answer.text)")
                    continue
                }
                #expect(answer.status == 404 && answer.json["code"] as? String == "not_found", "\(method) \(path): \(answer.status) \(answer.text)")
            }
            #expect(try server.salon.scalar(String.self, Self.fingerprint) == before)
            // The other business's lists show none of this business's records.
            for list in ["/v1/locations", "/v1/services", "/v1/admin/waitlist"] {
                let answer = try server.call("GET", list, key: server.otherAdminKey)
                #expect(answer.status == 200 && !answer.text.contains(salon.location.uuidString.lowercased()) && !answer.text.contains("Haircut"), "\(list)")
            }
            // Every public route with a parameter or a body is in the matrix above.
            let covered = Set(cases.map { "\($0.0) \($0.1.split(separator: "?")[0].split(separator: "/").prefix(2).joined(separator: "/"))" })
            for route in server.router.routes where route.pattern.hasPrefix("/v1/") && !route.pattern.hasPrefix("/v1/admin/") {
                let family = "\(route.method.rawValue) \(route.pattern.split(separator: "/").prefix(2).joined(separator: "/"))"
                // Provider callbacks take no API key: a provider's signature admits them (ReceiptsTests).
                let unscoped = ["GET v1/locations", "GET v1/services", "GET v1/openapi.yaml", "POST v1/providers"]
                #expect(covered.contains(family) || unscoped.contains(family), "\(route) is not in the tenancy matrix")
            }
        }
    }

    /// Bookings, waitlist entries and customers, as one string.
    static let fingerprint = """
        SELECT md5(concat((SELECT string_agg(b::text, ',' ORDER BY id) FROM bookings b), (SELECT string_agg(w::text, ',' ORDER BY id) FROM waitlist_entries w),
                          (SELECT string_agg(c::text, ',' ORDER BY id) FROM customers c)))
        """
}
