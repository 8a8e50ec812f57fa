import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

@Suite("The /v1 API validates its input and says which field is wrong")
struct ValidationAPITests {
    /// The field names of a 422 answer's `errors`.
    private func fields(_ answer: TestResponse) -> [String] {
        (answer.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func badBookingFieldsAreNamedWithMessages() throws {
        try APIWorld.with { world in
            let body: [String: Any] = [
                "service": "not-an-id", "location": world.location, "provider": "someone", "start": "tomorrow at ten",
                "customer": ["name": String(repeating: "n", count: 201), "email": "ada@", "phone": "0044 20 1234",
                             "locale": "English", "consent_email": "yes"],
            ]
            let answer = try world.call("POST", "/v1/bookings", json: body)
            // Schema refusals and a rule's (the e-mail address) in one 400 answer: everything to fix at once.
            #expect(answer.status == 400 && answer.json["code"] as? String == "invalid_request")
            #expect(fields(answer) == ["service", "provider", "start", "customer.name", "customer.email", "customer.phone",
                                       "customer.locale", "customer.consent_email"])
            let messages = (answer.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(messages.contains("must be a phone number in E.164 form, such as +14155550100"))

            let missing = try world.call("POST", "/v1/bookings", json: ["service": world.haircut])
            #expect(fields(missing) == ["location", "start", "customer"])
            let noContact = try world.call("POST", "/v1/bookings", json: ["service": world.haircut, "location": world.location, "start": world.at(10),
                                                                           "customer": ["name": "Ada", "consent_sms": 1]])
            #expect(fields(noContact) == ["customer.consent_sms"])
            let unreachable = try world.call("POST", "/v1/bookings", json: ["service": world.haircut, "location": world.location, "start": world.at(10),
                                                                             "customer": ["name": "Ada"]])
            #expect(fields(unreachable) == ["customer.email"])
        }
    }

    @Test func malformedOrOversizedBodiesAreRefused() throws {
        try APIWorld.with(maxBodySize: 2048) { world in
            let notJSON = try world.call("POST", "/v1/bookings", raw: Array("{\"service\":".utf8))
            #expect(notJSON.status == 400 && notJSON.json["code"] as? String == "invalid_json")
            let array = try world.call("POST", "/v1/bookings", raw: Array("[1,2]".utf8))
            #expect(array.status == 400)
            let huge = try world.call("POST", "/v1/bookings", json: ["customer": ["name": String(repeating: "x", count: 4096)]])
            #expect(huge.status == 413 && huge.json["code"] as? String == "content_too_large")
        }
    }

    @Test func theEngineRuleABookingBreaksIsItsCode() throws {
        try APIWorld.with { world in
            for (start, code) in [(world.at(12), "provider_time_off"), (world.at(9, 7), "off_grid"), (world.at(10, days: 6), "outside_hours")] {
                let answer = try world.call("POST", "/v1/bookings", json: world.booking(start))
                #expect(answer.status == 422 && answer.json["code"] as? String == code && fields(answer) == ["start"])
            }
        }
    }

    @Test func availabilityChecksIdsRangesAndZones() throws {
        try APIWorld.with { world in
            let base = "service=\(world.haircut)&location=\(world.location)"
            // What the schema refuses is 400 `invalid_request`; what only a rule refuses, 422 with the rule's code.
            let cases: [(String, Int, String, [String])] = [
                ("\(base)&from=\(world.at(10))&to=\(world.at(9))", 422, "invalid_range", ["to"]),
                ("\(base)&from=\(world.at(0))&to=\(world.at(0, days: 32))", 422, "range_too_long", ["to"]),
                ("\(base)&from=\(world.at(0))&to=\(world.at(0, days: 1))&tz=Mars/Olympus", 422, "unknown_time_zone", ["tz"]),
                ("\(base)&from=yesterday&to=\(world.at(0, days: 1))&provider=x", 400, "invalid_request", ["provider", "from"]),
                ("from=\(world.at(0))&to=\(world.at(0, days: 1))", 400, "invalid_request", ["service", "location"]),
            ]
            for (query, status, code, expected) in cases {
                let answer = try world.call("GET", "/v1/availability?\(query)")
                #expect(answer.status == status && answer.json["code"] as? String == code && fields(answer) == expected, "\(query): \(answer.text)")
            }
            let unknown = try world.call("GET", "/v1/availability?service=\(UUID())&location=\(world.location)&from=\(world.at(0))&to=\(world.at(0, days: 1))")
            #expect(unknown.status == 404)
            let sunday = try world.call("GET", "/v1/availability?\(base)&provider=\(world.ava)&from=\(world.at(0, days: 6))&to=\(world.at(0, days: 7))")
            #expect(sunday.status == 200 && (sunday.json["slots"] as? [Any])?.isEmpty == true)
        }
    }
}
