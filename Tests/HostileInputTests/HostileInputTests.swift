import APITestSupport
import Foundation
import HTTPServer
import Testing
import TestSupport

/// One hostile request and the answer it must get.
struct HostileCase: CustomStringConvertible {
    let name: String
    let method: String
    let path: String
    var admin = false
    var body: [UInt8] = []
    /// The stable code of the answer; the status must be 4xx whatever it is.
    let code: String

    var description: String { "\(name): \(method) \(path)" }
}

@Suite("Hostile input gets a clear 4xx problem with a stable code, and the server keeps answering")
struct HostileInputTests {
    static func json(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Sends every case, checks each answer, then checks the server still answers.
    static func expectRefused(_ cases: [HostileCase], on server: LiveAPIServer) throws {
        for hostile in cases {
            let answer = try server.call(hostile.method, hostile.path, raw: hostile.body.isEmpty ? nil : hostile.body,
                                         key: hostile.admin ? server.adminKey : server.publicKey)
            #expect((400..<500).contains(answer.status), "\(hostile) answered \(answer.status) \(answer.text.prefix(300))")
            #expect(answer.headers["Content-Type"] == "application/problem+json", "\(hostile)")
            #expect(answer.json["code"] as? String == hostile.code, "\(hostile) answered \(answer.status) \(answer.text.prefix(300))")
        }
        #expect(try server.call("GET", "/v1/services", key: server.publicKey).status == 200)
        #expect(server.failures.isEmpty, "the server answered 500: \(server.failures)")
    }

    @Test func bodiesThatAreTooLargeMalformedOrNotUTF8() throws {
        try LiveAPIServer.with(maxBodySize: 16 * 1024) { server in
            let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
            try Self.expectRefused([
                HostileCase(name: "oversized", method: "POST", path: "/v1/bookings", body: Array(repeating: UInt8(ascii: "x"), count: 20_000),
                            code: "content_too_large"),
                HostileCase(name: "oversized admin", method: "POST", path: "/v1/admin/locations", admin: true,
                            body: Self.json(#"{"name":""# + String(repeating: "n", count: 20_000) + #""}"#), code: "content_too_large"),
                HostileCase(name: "truncated", method: "POST", path: "/v1/bookings", body: Self.json(#"{"service":"#), code: "invalid_json"),
                HostileCase(name: "deeply nested", method: "POST", path: "/v1/bookings", body: Self.json(deep), code: "invalid_json"),
                HostileCase(name: "invalid UTF-8", method: "POST", path: "/v1/bookings", body: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D],
                            code: "invalid_json"),
                HostileCase(name: "invalid UTF-8 in a value", method: "POST", path: "/v1/admin/locations", admin: true,
                            body: Self.json(#"{"name":""#) + [0xC3, 0x28] + Self.json(#"","time_zone":"UTC"}"#), code: "invalid_json"),
                HostileCase(name: "NUL in a name", method: "POST", path: "/v1/admin/locations", admin: true,
                            body: Self.json(#"{"name":"a\u0000b","time_zone":"UTC"}"#), code: "invalid_text"),
                HostileCase(name: "not an object", method: "PATCH", path: "/v1/admin/policies", admin: true, body: Self.json("42"), code: "invalid_json"),
            ], on: server)
        }
    }

    @Test func absurdDatesRangesAndZones() throws {
        try LiveAPIServer.with { server in
            let salon = server.salon
            let base = "/v1/availability?service=\(salon.haircut)&location=\(salon.location)"
            let from = salon.at(9).formatted(.iso8601), to = salon.at(17).formatted(.iso8601)
            var booking = server.booking(salon.at(10))
            booking["start"] = "99999-01-01T10:00:00Z"
            let farBooking = try JSONSerialization.data(withJSONObject: booking)
            try Self.expectRefused([
                HostileCase(name: "year 99999", method: "GET", path: "\(base)&from=99999-01-01T00:00:00Z&to=99999-01-02T00:00:00Z", code: "invalid_request"),
                HostileCase(name: "year 0", method: "GET", path: "\(base)&from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z", code: "date_out_of_range"),
                HostileCase(name: "from after to", method: "GET", path: "\(base)&from=\(to)&to=\(from)", code: "invalid_range"),
                HostileCase(name: "ten years", method: "GET", path: "\(base)&from=2026-01-01T00:00:00Z&to=2036-01-01T00:00:00Z", code: "range_too_long"),
                HostileCase(name: "unknown zone", method: "GET", path: "\(base)&from=\(from)&to=\(to)&tz=Mars/Olympus", code: "unknown_time_zone"),
                HostileCase(name: "invalid UTF-8 in the query", method: "GET", path: "\(base)&from=\(from)&to=\(to)&tz=%FF%FE", code: "unknown_time_zone"),
                HostileCase(name: "invalid UTF-8 in a token", method: "GET", path: "/v1/manage/%FF%FE%00", code: "not_found"),
                HostileCase(name: "invalid UTF-8 in an admin id", method: "GET", path: "/v1/admin/bookings/%C3%28", admin: true, code: "not_found"),
                HostileCase(name: "zone path traversal", method: "GET", path: "\(base)&from=\(from)&to=\(to)&tz=../../etc/passwd", code: "unknown_time_zone"),
                HostileCase(name: "booking in year 99999", method: "POST", path: "/v1/bookings", body: Array(farBooking), code: "invalid_request"),
                HostileCase(name: "location in an unknown zone", method: "POST", path: "/v1/admin/locations", admin: true,
                            body: Self.json(#"{"name":"Moon","time_zone":"Mars/Olympus"}"#), code: "unknown_time_zone"),
                HostileCase(name: "time off ending before it starts", method: "POST", path: "/v1/admin/time-off", admin: true,
                            body: Self.json(#"{"provider_id":"\#(salon.ava)","kind":"other","starts_at":"\#(to)","ends_at":"\#(from)"}"#), code: "invalid_range"),
                HostileCase(name: "time off in year 99999", method: "POST", path: "/v1/admin/time-off", admin: true,
                            body: Self.json(#"{"provider_id":"\#(salon.ava)","kind":"other","from_date":"99999-01-01","until_date":"99999-02-01"}"#),
                            code: "invalid_request"),
                HostileCase(name: "rule valid from year 99999", method: "POST", path: "/v1/admin/rules", admin: true,
                            body: Self.json(#"{"provider_id":"\#(salon.ava)","weekday":1,"start_time":"07:00","end_time":"08:00","valid_from":"99999-01-01"}"#),
                            code: "invalid_request"),
                HostileCase(name: "rule at 25:00", method: "POST", path: "/v1/admin/rules", admin: true,
                            body: Self.json(#"{"provider_id":"\#(salon.ava)","weekday":1,"start_time":"25:00","end_time":"26:00"}"#), code: "invalid_request"),
                HostileCase(name: "bookings listed over ten thousand years", method: "GET",
                            path: "/v1/admin/bookings?from=0001-01-01T00:00:00Z&to=9999-01-01T00:00:00Z&limit=1000000000", admin: true, code: "invalid_request"),
            ], on: server)
        }
    }

    @Test func negativeAndHugeDurationsInAdminRoutes() throws {
        try LiveAPIServer.with { server in
            let service = { (field: String, value: String) in
                HostileCase(name: "\(field) \(value)", method: "POST", path: "/v1/admin/services", admin: true,
                            body: Self.json(#"{"name":"Trim","duration_minutes":30,"\#(field)":\#(value)}"#), code: "invalid_request")
            }
            let policy = { (field: String, value: String) in
                HostileCase(name: "\(field) \(value)", method: "PATCH", path: "/v1/admin/policies", admin: true,
                            body: Self.json(#"{"\#(field)":\#(value)}"#), code: "invalid_request")
            }
            try Self.expectRefused([
                service("duration_minutes", "-30"), service("duration_minutes", "0"), service("duration_minutes", "1e300"),
                service("duration_minutes", "99999999999999999999"), service("buffer_before_minutes", "-5"), service("slot_step_minutes", "-15"),
                service("buffer_after_minutes", "2.5"), service("slot_step_minutes", "\"15\""),
                policy("min_notice_minutes", "-1"), policy("booking_horizon_minutes", "-60"), policy("cancellation_notice_minutes", "-1"),
                policy("waitlist_hold_minutes", "0"), policy("reminder_offsets_minutes", "[-5]"), policy("reminder_offsets_minutes", "[1,2,3,4,5,6]"),
                policy("min_notice_minutes", "9223372036854775807"),
            ], on: server)
        }
    }
}
