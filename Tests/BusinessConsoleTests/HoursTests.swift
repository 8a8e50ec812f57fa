import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// Staff hours: weekly rules added and removed for the business's own
/// providers only, bad times refused with a page.
@Suite("Business console hours")
struct HoursTests {
    func sundayRules(_ world: ConsoleWorld) throws -> Int {
        try world.count("SELECT count(*)::int FROM availability_rules WHERE provider_id = $1 AND weekday = 7", [world.salon.ava])
    }

    @Test func rulesAreAddedAndRemovedAndAudited() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let ava = world.salon.ava.uuidString.lowercased()
            #expect(try owner.get("/console/hours?provider=\(ava)").status == 200)
            let before = try sundayRules(world)
            let added = try owner.post("/console/hours/rules", [("provider", ava), ("weekday", "7"), ("start", "10:00"), ("end", "12:00")])
            #expect(added.status == 303 && added.headers["Location"] == "/console/hours?provider=\(ava)&done=added")
            #expect(try sundayRules(world) == before + 1)
            let page = try owner.get("/console/hours?provider=\(ava)")
            #expect(page.text.contains("Sunday") && page.text.contains("10:00") && page.text.contains("12:00"))

            #expect(try owner.post("/console/hours/rules", [("provider", ava), ("weekday", "7"), ("start", "12:00"), ("end", "10:00")]).status == 422)
            #expect(try owner.post("/console/hours/rules", [("provider", ava), ("weekday", "8"), ("start", "10:00"), ("end", "11:00")]).status == 422)
            #expect(try owner.post("/console/hours/rules", [("provider", ava), ("weekday", "7"), ("start", "25:00"), ("end", "26:00")]).status == 422)
            #expect(try sundayRules(world) == before + 1)

            let id = try world.salon.scalar(UUID.self, "SELECT id FROM availability_rules WHERE provider_id = $1 AND weekday = 7 AND start_time = '10:00'",
                                            [world.salon.ava])
            #expect(try owner.post("/console/hours/rules/\(id.uuidString.lowercased())/remove").status == 303)
            #expect(try sundayRules(world) == before)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND route LIKE '/console/hours/%'") == 2)
        }
    }

    @Test func anotherBusinesssProvidersAndRulesAreNotFound() throws {
        try ConsoleWorld.with { world in
            let ava = world.salon.ava.uuidString.lowercased()
            let rival = try world.signIn(ConsoleWorld.rival)
            let before = try sundayRules(world)
            #expect(try rival.get("/console/hours?provider=\(ava)").status == 404)
            #expect(try rival.post("/console/hours/rules", [("provider", ava), ("weekday", "7"), ("start", "10:00"), ("end", "12:00")]).status == 404)
            let rule = try world.salon.scalar(UUID.self, "SELECT id FROM availability_rules WHERE provider_id = $1 LIMIT 1", [world.salon.ava])
            #expect(try rival.post("/console/hours/rules/\(rule.uuidString.lowercased())/remove").status == 404)
            #expect(try sundayRules(world) == before)
            #expect(try world.count("SELECT count(*)::int FROM availability_rules WHERE id = $1", [rule]) == 1)
        }
    }
}
