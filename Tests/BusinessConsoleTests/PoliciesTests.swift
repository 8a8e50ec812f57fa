import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// The policies page: what it shows is the business's row, a change is
/// checked field by field and by the table's rules, audited, and scoped.
@Suite("Business console policies")
struct PoliciesTests {
    static let valid = [("min_notice_minutes", "60"), ("booking_horizon_minutes", "43200"), ("cancellation_notice_minutes", "720"),
                        ("reminder_offsets_minutes", "1440, 30"), ("waitlist_policy", "notify_all"), ("waitlist_hold_minutes", "20"),
                        ("sms_quiet_start", "21:00"), ("sms_quiet_end", "08:00"), ("sender_name", "Demo Salon"), ("reply_to", "Desk@Salon.example")]

    func form(_ changes: [String: String]) -> [(String, String)] {
        Self.valid.map { ($0.0, changes[$0.0] ?? $0.1) }
    }

    @Test func aValidChangeIsStoredAndAudited() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            #expect(try owner.get("/console/policies").text.contains("name=\"min_notice_minutes\""))
            let saved = try owner.post("/console/policies", form([:]))
            #expect(saved.status == 303 && saved.headers["Location"] == "/console/policies?done=saved")
            let stored = try world.salon.pool.withConnection {
                try BusinessPolicies.get(business: world.salon.seeded.businessID, on: $0)
            }
            for fragment in [#""min_notice_minutes": 60"#, #""reminder_offsets_minutes": [1440, 30]"#, #""waitlist_policy": "notify_all""#,
                             #""sms_quiet_start": "21:00""#, #""reply_to": "desk@salon.example""#] {
                #expect(stored.contains(fragment), "\(stored)")
            }
            let page = try owner.get("/console/policies?done=saved")
            #expect(page.text.contains("value=\"1440, 30\"") && page.text.contains("id=\"flash\""))
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND route = '/console/policies'") == 1)
            let rival = try world.signIn(ConsoleWorld.rival)
            #expect(!(try rival.get("/console/policies").text.contains("value=\"1440, 30\"")), "another business sees its own")
        }
    }

    @Test func badFieldsAndRulesBetweenThemAreRefusedWithWhatToType() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let before = try world.salon.pool.withConnection { try BusinessPolicies.get(business: world.salon.seeded.businessID, on: $0) }
            let bad = try owner.post("/console/policies", form(["min_notice_minutes": "soon", "reminder_offsets_minutes": "1,2,3,4,5,6",
                                                                "sms_quiet_start": "25:00", "reply_to": "nope"]))
            #expect(bad.status == 422 && bad.text.contains("id=\"policy-errors\"") && bad.text.contains("value=\"soon\""))
            for message in ["Minimum notice (minutes): type a whole number", "Reminders: type up to 5", "No SMS from: type a time",
                            "Reply-to address: type an address"] {
                #expect(bad.text.contains(message), "\(message)")
            }
            let together = try owner.post("/console/policies", form(["min_notice_minutes": "100", "booking_horizon_minutes": "50"]))
            #expect(together.status == 422 && together.text.contains("do not fit together"))
            let halfQuiet = try owner.post("/console/policies", form(["sms_quiet_end": ""]))
            #expect(halfQuiet.status == 422)
            let after = try world.salon.pool.withConnection { try BusinessPolicies.get(business: world.salon.seeded.businessID, on: $0) }
            #expect(before == after)
            #expect(try owner.post("/console/policies", form(["sender_name": ""])).status == 303, "empty: the business's name is used")
        }
    }
}
