import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// The locations page and each location's closures: a name, a zone that
/// must be an IANA name, an address; closures on whole local days that take
/// those days off the booking page at once, and give them back when removed.
@Suite("Business console locations and closures")
struct LocationsTests {
    @Test func aLocationIsAddedAndChangedAndABadZoneIsRefused() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let list = try owner.get("/console/locations")
            #expect(list.status == 200 && list.text.contains("Downtown") && list.text.contains("Asia/Tokyo") && list.text.contains("3 Greek Street"))
            #expect(list.text.contains("<option value=\"Europe/Madrid\">"), "the zones are suggested")

            let bad = try owner.post("/console/locations", [("name", "Centro"), ("time_zone", "Mars/Olympus_Mons"), ("address", "Gran Vía 1")])
            #expect(bad.status == 422 && bad.text.contains("Time zone: type an IANA name like America/New_York"))
            #expect(bad.text.contains("value=\"Mars/Olympus_Mons\"") && bad.text.contains("value=\"Centro\"") && bad.text.contains("value=\"Gran Vía 1\""))
            #expect(try owner.post("/console/locations", [("name", ""), ("time_zone", "Europe/Madrid")]).status == 422)
            #expect(try owner.post("/console/locations", [("name", "Centro"), ("time_zone", "../../etc/passwd")]).status == 422)
            #expect(try world.count("SELECT count(*)::int FROM locations WHERE name = 'Centro'") == 0)

            let added = try owner.post("/console/locations", [("name", "Centro"), ("time_zone", "Europe/Madrid"), ("address", "Gran Vía 1")])
            let id = try world.salon.scalar(UUID.self, "SELECT id FROM locations WHERE name = 'Centro' AND time_zone = 'Europe/Madrid' AND address = 'Gran Vía 1'")
            let path = "/console/locations/\(id.uuidString.lowercased())"
            #expect(added.status == 303 && added.headers["Location"] == "\(path)?done=added")
            let page = try owner.get("\(path)?done=added")
            #expect(page.status == 200 && page.text.contains("Location Centro") && page.text.contains("id=\"flash\"") && page.text.contains("Europe/Madrid"))

            let badEdit = try owner.post(path, [("name", "Centro"), ("time_zone", "Europe/Atlantis"), ("address", "")])
            #expect(badEdit.status == 422 && badEdit.text.contains("value=\"Europe/Atlantis\""))
            let saved = try owner.post(path, [("name", "Centro Madrid"), ("time_zone", "Atlantic/Canary"), ("address", "")])
            #expect(saved.status == 303 && saved.headers["Location"] == "\(path)?done=saved")
            #expect(try world.count("SELECT count(*)::int FROM locations WHERE id = $1 AND name = 'Centro Madrid' AND time_zone = 'Atlantic/Canary' AND address = ''",
                                    [id]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND route IN ('/console/locations', '/console/locations/{id}')") == 2)
        }
    }

    @Test func aClosureTakesItsDaysOffTheBookingPageAndRemovingItGivesThemBack() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let salon = world.salon
            let store = BookingStore(pool: salon.pool, outbox: salon.outbox, manageTokens: TestKeys.manageTokens,
                                     availabilityCache: AvailabilityCache.make(enabled: true, maxBytes: 1 << 20, ttl: 300))
            func starts(days: Int) throws -> Int {
                try store.availability(business: salon.seeded.businessID, location: salon.location, service: salon.haircut, provider: nil,
                                       in: salon.at(0, days: days)..<salon.at(0, days: days + 1)).slots.count
            }
            let (monday, tuesday) = (world.day(0), world.day(1))
            #expect(try starts(days: 0) > 0 && starts(days: 1) > 0 && starts(days: 2) > 0)
            let path = "/console/locations/\(salon.location.uuidString.lowercased())"

            let backwards = try owner.post(path + "/closures", [("from", tuesday), ("until", monday), ("kind", "holiday"), ("note", "Refit")])
            #expect(backwards.status == 422 && backwards.text.contains("Last day closed must not be before the first."))
            #expect(backwards.text.contains("value=\"\(tuesday)\"") && backwards.text.contains("value=\"Refit\""))
            let garbage = try owner.post(path + "/closures", [("from", "2026-02-30"), ("until", "soon"), ("kind", "holiday")])
            #expect(garbage.status == 422 && garbage.text.contains("First day closed: type a date like") && garbage.text.contains("Last day closed: type a date like"))
            #expect(try owner.post(path + "/closures", [("from", monday), ("until", monday), ("kind", "closed")]).status == 422)

            let closed = try owner.post(path + "/closures", [("from", monday), ("until", tuesday), ("kind", "holiday"), ("note", "Refit")])
            #expect(closed.status == 303 && closed.headers["Location"] == "\(path)?done=closed")
            #expect(try starts(days: 0) == 0 && starts(days: 1) == 0, "closed on both days, whoever the provider")
            #expect(try starts(days: 2) > 0)
            let page = try owner.get(path)
            #expect(page.text.contains("\(monday) – \(tuesday)") && page.text.contains("Refit") && page.text.contains("America/New_York"))

            let id = try salon.scalar(UUID.self, "SELECT id FROM time_off WHERE location_id = $1", [salon.location])
            let removed = try owner.post("/console/closures/\(id.uuidString.lowercased())/remove")
            #expect(removed.status == 303 && removed.headers["Location"] == "\(path)?done=reopened")
            #expect(try starts(days: 0) > 0 && starts(days: 1) > 0)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND route LIKE '%closure%'") == 2)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE summary = $1", ["closed the location \(monday) – \(tuesday) (holiday)"]) == 1)
        }
    }

    @Test func pastClosuresAreNotListed() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            try world.salon.pool.withConnection {
                _ = try $0.execute("""
                    INSERT INTO time_off (business_id, location_id, kind, dates, note)
                    VALUES ($1, $2, 'holiday', daterange((booknow_now() - interval '10 days')::date, (booknow_now() - interval '5 days')::date), 'long ago'),
                           ($1, $2, 'holiday', daterange((booknow_now() + interval '5 days')::date, (booknow_now() + interval '6 days')::date), 'soon')
                    """, [world.salon.seeded.businessID, world.salon.location])
            }
            let page = try owner.get("/console/locations/\(world.salon.location.uuidString.lowercased())")
            #expect(page.text.contains("soon") && !page.text.contains("long ago"))
        }
    }
}
