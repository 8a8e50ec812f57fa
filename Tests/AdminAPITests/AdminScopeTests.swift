import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("Admin routes need the business's admin key and see only that business")
struct AdminScopeTests {
    /// A concrete path for a route pattern: `id` and `service_id` from `ids`,
    /// template segments as a real message.
    static func path(_ pattern: String, ids: [String: String]) -> String {
        var path = pattern
        for (name, value) in ["{kind}": "booking_confirmed", "{channel}": "email", "{locale}": "en"] {
            path = path.replacingOccurrences(of: name, with: value)
        }
        for (name, value) in ids { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        return path
    }

    @Test func publicKeysGet403AndNoKeyGets401OnEveryAdminRoute() throws {
        try AdminWorld.with { world in
            let routes = world.router.routes.filter { $0.pattern.hasPrefix("/v1/admin/") }
            #expect(routes.count >= 40)
            for route in routes {
                let path = Self.path(route.pattern, ids: ["id": UUID().uuidString, "service_id": UUID().uuidString])
                let answer = try world.call(route.method.rawValue, path, json: [String: Any](), key: world.publicKey)
                #expect(answer.status == 403 && answer.code == "admin_key_required", "\(route): \(answer.status) \(answer.text)")
                #expect(answer.headers["Content-Type"] == "application/problem+json")
                let anonymous = try world.call(route.method.rawValue, path, json: [String: Any](), key: .some(nil))
                #expect(anonymous.status == 401 && anonymous.code == "unauthorized", "\(route)")
            }
            #expect(try world.scalar(Int.self, "SELECT count(*)::int FROM admin_audit") == 0)
        }
    }

    /// Every admin route with an id, called with another business's admin
    /// key on this business's records: 404 like an unknown id, and nothing changes.
    @Test func anotherBusinessCannotSeeOrChangeRecordsByID() throws {
        try AdminWorld.with { world in
            let booking = try world.book(world.at(10))
            let customer = try world.scalar(String.self, "SELECT customer_id::text FROM bookings WHERE id = $1::uuid", [booking])
            let rule = try world.scalar(String.self, "SELECT id::text FROM availability_rules WHERE provider_id = $1::uuid LIMIT 1", [world.ava])
            let timeOff = try world.scalar(String.self, "SELECT id::text FROM time_off WHERE provider_id = $1::uuid LIMIT 1", [world.ava])
            let ids: [String: String] = [
                "/v1/admin/locations": world.location, "/v1/admin/providers": world.ava, "/v1/admin/services": world.haircut,
                "/v1/admin/rules": rule, "/v1/admin/time-off": timeOff, "/v1/admin/bookings": booking, "/v1/admin/customers": customer,
            ]
            let before = try world.scalar(String.self, Self.fingerprint)
            let routes = world.router.routes.filter { $0.pattern.hasPrefix("/v1/admin/") && $0.pattern.contains("{id}") }
            for route in routes {
                guard let id = ids.first(where: { route.pattern.hasPrefix($0.key + "/") })?.value else {
                    Issue.record("no id for \(route)")
                    continue
                }
                let body: [String: Any] = route.pattern.hasSuffix("reschedule") ? ["start": world.at(11), "reason": "x"]
                    : route.pattern.hasSuffix("cancel") ? ["reason": "x"] : [:]
                let path = Self.path(route.pattern, ids: ["id": id, "service_id": world.haircut])
                let answer = try world.call(route.method.rawValue, path, json: body, key: world.otherAdminKey)
                #expect(answer.status == 404 && answer.code == "not_found", "\(route): \(answer.status) \(answer.text)")
            }
            // Lists show the other business only its own records.
            for list in ["locations", "providers", "services", "rules", "time-off", "bookings", "audit"] {
                let answer = try world.call("GET", "/v1/admin/\(list)", key: world.otherAdminKey)
                let mine = answer.items.compactMap { $0["id"] as? String }
                #expect(answer.status == 200 && !mine.contains(where: ids.values.contains), "\(list)")
            }
            // Creating records that point into this business is refused too.
            let provider = try world.call("POST", "/v1/admin/providers", json: ["location_id": world.location, "name": "Mole"], key: world.otherAdminKey)
            #expect(provider.status == 404)
            let rules = try world.call("POST", "/v1/admin/rules", json: ["provider_id": world.ava, "weekday": 1, "start_time": "07:00", "end_time": "08:00"],
                                       key: world.otherAdminKey)
            #expect(rules.status == 404)
            let preview = try world.call("GET", "/v1/admin/templates/booking_confirmed/email/en/preview?booking=\(booking)", key: world.otherAdminKey)
            #expect(preview.status == 404)
            #expect(try world.scalar(String.self, Self.fingerprint) == before)
        }
    }

    /// Everything the other business could have touched, as one string.
    static let fingerprint = """
        SELECT md5(concat((SELECT string_agg(l::text, ',' ORDER BY id) FROM locations l), (SELECT string_agg(p::text, ',' ORDER BY id) FROM providers p),
                          (SELECT string_agg(s::text, ',' ORDER BY id) FROM services s), (SELECT string_agg(r::text, ',' ORDER BY id) FROM availability_rules r),
                          (SELECT string_agg(t::text, ',' ORDER BY id) FROM time_off t), (SELECT string_agg(b::text, ',' ORDER BY id) FROM bookings b),
                          (SELECT string_agg(c::text, ',' ORDER BY id) FROM customers c),
                          (SELECT string_agg(ps::text, ',' ORDER BY provider_id, service_id) FROM provider_services ps)))
        """
}
