import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("Admins edit locations, providers, services, links, rules, time off and policies")
struct AdminCatalogTests {
    @Test func locationsProvidersAndServicesHaveTheirWholeLifeCycle() throws {
        try AdminWorld.with { world in
            let location = try world.call("POST", "/v1/admin/locations", json: ["name": "Uptown", "time_zone": "America/Chicago"])
            #expect(location.status == 201 && location.json["address"] as? String == "")
            let locationID = location.json["id"] as? String ?? ""
            let renamed = try world.call("PATCH", "/v1/admin/locations/\(locationID)", json: ["address": "1 Lake Shore Drive"])
            #expect(renamed.json["name"] as? String == "Uptown" && renamed.json["address"] as? String == "1 Lake Shore Drive")

            let service = try world.call("POST", "/v1/admin/services", json: ["name": "Shave", "duration_minutes": 20, "buffer_after_minutes": 5])
            #expect(service.status == 201 && service.json["slot_step_minutes"] as? Int == 15 && service.json["buffer_after_minutes"] as? Int == 5)
            let serviceID = service.json["id"] as? String ?? ""
            let provider = try world.call("POST", "/v1/admin/providers", json: ["location_id": locationID, "name": "Cy", "email": "Cy@Example.com"])
            #expect(provider.status == 201 && provider.json["email"] as? String == "cy@example.com")
            let providerID = provider.json["id"] as? String ?? ""

            let linked = try world.call("PUT", "/v1/admin/providers/\(providerID)/services/\(serviceID)")
            #expect(linked.status == 200 && linked.json["service_ids"] as? [String] == [serviceID])
            #expect(try world.call("PUT", "/v1/admin/providers/\(providerID)/services/\(serviceID)").status == 200)
            let listed = try world.call("GET", "/v1/admin/providers?location=\(locationID)")
            #expect(listed.items.map { $0["id"] as? String } == [providerID])
            // The public catalog sees the new provider and service at once.
            let publicProviders = try world.call("GET", "/v1/providers?location=\(locationID)", key: world.publicKey)
            #expect(publicProviders.items.first?["service_ids"] as? [String] == [serviceID])

            let inUse = try world.call("DELETE", "/v1/admin/locations/\(locationID)")
            #expect(inUse.status == 409 && inUse.code == "in_use")
            let cleared = try world.call("PATCH", "/v1/admin/providers/\(providerID)", json: ["email": NSNull()])
            #expect(cleared.status == 200 && cleared.json["email"] is NSNull)
            #expect(try world.call("DELETE", "/v1/admin/providers/\(providerID)/services/\(serviceID)").json["service_ids"] as? [String] == [])
            #expect(try world.call("DELETE", "/v1/admin/providers/\(providerID)/services/\(serviceID)").status == 404)
            #expect(try world.call("DELETE", "/v1/admin/providers/\(providerID)").status == 200)
            #expect(try world.call("DELETE", "/v1/admin/locations/\(locationID)").status == 200)
            #expect(try world.call("GET", "/v1/admin/locations/\(locationID)").status == 404)
            #expect(try world.call("DELETE", "/v1/admin/services/\(serviceID)").status == 200)
            #expect(try world.call("GET", "/v1/admin/services").items.count == 3)
        }
    }

    @Test func zonesAreAcceptedUnderTheirCurrentIANANames() throws {
        // Foundation's zone list on Linux has Asia/Calcutta but not Asia/Kolkata: the load scenario's
        // Indian location was refused until names the zone database loads were accepted too.
        try AdminWorld.with { world in
            for zone in ["Asia/Kolkata", "Asia/Calcutta", "Europe/Kyiv"] {
                let location = try world.call("POST", "/v1/admin/locations", json: ["name": zone, "time_zone": zone])
                #expect(location.status == 201 && location.json["time_zone"] as? String == zone, "\(zone): \(location.text)")
            }
            for zone in ["Asia/../Asia/Kolkata", "asia/kolkata", "Asia/Kolkata/", "/usr/share/zoneinfo/Asia/Kolkata"] {
                let location = try world.call("POST", "/v1/admin/locations", json: ["name": "X", "time_zone": zone])
                #expect(location.status == 422 && location.code == "unknown_time_zone" && location.fields == ["time_zone"], "\(zone)")
            }
            let query = "service=\(world.haircut)&location=\(world.location)&provider=any&from=\(world.at(0))&to=\(world.at(0, days: 1))"
            let availability = try world.call("GET", "/v1/availability?\(query)&tz=Asia/Kolkata", key: world.publicKey)
            #expect(availability.status == 200 && availability.json["time_zone"] as? String == "Asia/Kolkata", "\(availability.text)")
        }
    }

    @Test func invalidInputNamesEveryBadField() throws {
        try AdminWorld.with { world in
            let location = try world.call("POST", "/v1/admin/locations", json: ["name": "", "time_zone": "Mars/Olympus", "colour": "red"])
            #expect(location.status == 400 && location.code == "invalid_request")
            #expect(location.fields == ["colour", "name", "time_zone"])
            let service = try world.call("POST", "/v1/admin/services", json: ["name": "X", "duration_minutes": -5, "slot_step_minutes": 2.5,
                                                                              "buffer_before_minutes": true])
            #expect(service.fields == ["duration_minutes", "buffer_before_minutes", "slot_step_minutes"])
            let provider = try world.call("POST", "/v1/admin/providers", json: ["location_id": "nope", "phone": "0044 20", "email": "a@"])
            #expect(provider.fields == ["location_id", "name", "email", "phone"])
            let notJSON = try world.call("POST", "/v1/admin/services", raw: Array("{\"name\":".utf8))
            #expect(notJSON.status == 400 && notJSON.code == "invalid_json")
            let nullName = try world.call("PATCH", "/v1/admin/services/\(world.haircut)", json: ["name": NSNull()])
            #expect(nullName.fields == ["name"])
            let badID = try world.call("GET", "/v1/admin/services/not-a-uuid")
            #expect(badID.status == 404)
            let badFilter = try world.call("GET", "/v1/admin/providers?location=x")
            #expect(badFilter.fields == ["location"])
            let huge = try world.call("POST", "/v1/admin/locations", json: ["name": String(repeating: "x", count: 70_000), "time_zone": "UTC"])
            #expect(huge.status == 413)
        }
    }

    @Test func rulesAndTimeOffFollowTheSchemaShapes() throws {
        try AdminWorld.with { world in
            let rule = try world.call("POST", "/v1/admin/rules", json: ["provider_id": world.ben, "weekday": 6, "start_time": "10:00", "end_time": "24:00"])
            #expect(rule.status == 201 && rule.json["end_time"] as? String == "24:00")
            let ruleID = rule.json["id"] as? String ?? ""
            let backwards = try world.call("PATCH", "/v1/admin/rules/\(ruleID)", json: ["start_time": "23:00", "end_time": "09:00"])
            #expect(backwards.status == 422 && backwards.code == "constraint_violated")
            let movedProvider = try world.call("PATCH", "/v1/admin/rules/\(ruleID)", json: ["provider_id": world.ava])
            #expect(movedProvider.fields == ["provider_id"])
            let bad = try world.call("POST", "/v1/admin/rules", json: ["provider_id": world.ben, "weekday": 8, "start_time": "9:00", "end_time": "25:00",
                                                                       "valid_from": "2026-02-30"])
            #expect(bad.fields == ["weekday", "start_time", "end_time", "valid_from"])
            let saturday = try world.call("GET", "/v1/availability?service=\(world.haircut)&location=\(world.location)&provider=\(world.ben)&from=\(world.at(0, days: 5))&to=\(world.at(0, days: 6))",
                                          key: world.publicKey)
            #expect((saturday.json["slots"] as? [Any])?.isEmpty == false)

            let closure = try world.call("POST", "/v1/admin/time-off", json: ["location_id": world.location, "kind": "holiday",
                                                                              "from_date": String(world.at(0, days: 5).prefix(10)), "until_date": String(world.at(0, days: 6).prefix(10))])
            #expect(closure.status == 201 && closure.json["until_date"] as? String == String(world.at(0, days: 6).prefix(10)))
            let closed = try world.call("GET", "/v1/availability?service=\(world.haircut)&location=\(world.location)&provider=\(world.ben)&from=\(world.at(0, days: 5))&to=\(world.at(0, days: 6))",
                                        key: world.publicKey)
            #expect((closed.json["slots"] as? [Any])?.isEmpty == true)
            let reshaped = try world.call("PATCH", "/v1/admin/time-off/\(closure.json["id"] as? String ?? "")",
                                          json: ["starts_at": world.at(9, days: 5), "ends_at": world.at(12, days: 5)])
            #expect(reshaped.status == 200 && reshaped.json["from_date"] is NSNull && reshaped.json["starts_at"] is String)
            let both = try world.call("POST", "/v1/admin/time-off", json: ["provider_id": world.ava, "location_id": world.location, "kind": "sick",
                                                                           "starts_at": world.at(9), "ends_at": world.at(10)])
            #expect(both.fields == ["provider_id"])
            let twoShapes = try world.call("POST", "/v1/admin/time-off", json: ["provider_id": world.ava, "kind": "sick", "starts_at": world.at(9),
                                                                                "ends_at": world.at(10), "weekdays": [1]])
            #expect(twoShapes.fields == ["starts_at"])
            let weekly = try world.call("POST", "/v1/admin/time-off", json: ["provider_id": world.ava, "kind": "lunch", "weekdays": [2, 4], "start_time": "15:00",
                                                                             "end_time": "15:30"])
            #expect(weekly.status == 201 && weekly.json["weekdays"] as? [Int] == [2, 4])
            #expect(try world.call("GET", "/v1/admin/time-off?location=\(world.location)").items.count >= 1)
            #expect(try world.call("DELETE", "/v1/admin/rules/\(ruleID)").status == 200)
        }
    }

    @Test func policiesReadAndChangeAsAWhole() throws {
        try AdminWorld.with { world in
            let policies = try world.call("GET", "/v1/admin/policies")
            #expect(policies.json["cancellation_notice_minutes"] as? Int == 1440 && policies.json["reminder_offsets_minutes"] as? [Int] == [1440, 60])
            let changed = try world.call("PATCH", "/v1/admin/policies", json: [
                "cancellation_notice_minutes": 120, "reminder_offsets_minutes": [2880, 30], "waitlist_policy": "notify_all",
                "sms_quiet_start": "21:00", "sms_quiet_end": "08:00", "sender_name": "Demo", "reply_to": "desk@example.com",
            ])
            #expect(changed.status == 200 && changed.json["reminder_offsets_minutes"] as? [Int] == [2880, 30])
            #expect(changed.json["sms_quiet_start"] as? String == "21:00" && changed.json["min_notice_minutes"] as? Int == 0)
            let halfQuiet = try world.call("PATCH", "/v1/admin/policies", json: ["sms_quiet_end": NSNull()])
            #expect(halfQuiet.status == 422 && halfQuiet.code == "constraint_violated")
            let horizon = try world.call("PATCH", "/v1/admin/policies", json: ["min_notice_minutes": 600, "booking_horizon_minutes": 60])
            #expect(horizon.code == "constraint_violated")
            let bad = try world.call("PATCH", "/v1/admin/policies", json: ["waitlist_policy": "lottery", "reminder_offsets_minutes": [1, 2, 3, 4, 5, 6],
                                                                          "reply_to": "nobody"])
            #expect(bad.fields == ["reminder_offsets_minutes", "waitlist_policy", "reply_to"])
            // New bookings copy the new notice.
            let booking = try world.book(world.at(10))
            #expect(try world.call("GET", "/v1/admin/bookings/\(booking)").json["cancellation_notice_minutes"] as? Int == 120)
        }
    }
}
