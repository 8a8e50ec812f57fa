import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// A provider's time off and the services they offer, on the hours page:
/// changes reach availability at once (through a store with the availability
/// cache, as booknowd runs it), bad input is refused with what to do and the
/// typed values kept, and every change is audited.
@Suite("Business console time off and services offered")
struct StaffTests {
    /// The salon's store with an availability cache, as the daemon has it.
    func cachedStore(_ world: ConsoleWorld) -> BookingStore {
        BookingStore(pool: world.salon.pool, outbox: world.salon.outbox, manageTokens: TestKeys.manageTokens,
                     availabilityCache: AvailabilityCache.make(enabled: true, maxBytes: 1 << 20, ttl: 300))
    }

    /// Ava's free Haircut starts on the salon's Monday.
    func mondayStarts(_ world: ConsoleWorld, _ store: BookingStore, service: UUID? = nil) throws -> [Date] {
        let salon = world.salon
        return try store.availability(business: salon.seeded.businessID, location: salon.location, service: service ?? salon.haircut,
                                      provider: salon.ava, in: salon.at(0)..<salon.at(0, days: 1)).slots.map(\.start)
    }

    func timeOffRows(_ world: ConsoleWorld) throws -> Int {
        try world.count("SELECT count(*)::int FROM time_off WHERE provider_id = $1 AND period IS NOT NULL", [world.salon.ava])
    }

    @Test func timeOffTakesItsStartsOffTheBookingPageAndRemovingItGivesThemBack() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let store = cachedStore(world)
            let ava = world.salon.ava.uuidString.lowercased()
            let monday = world.day(0)
            let before = try mondayStarts(world, store)
            #expect(before.contains(world.salon.at(10)) && before.contains(world.salon.at(10, 30)))
            #expect(try mondayStarts(world, store) == before, "a second read, from the cache")

            let added = try owner.post("/console/hours/time-off", [("provider", ava), ("kind", "personal"), ("starts", "\(monday)T10:00"),
                                                                   ("ends", "\(monday)T11:00"), ("note", "Dentist")])
            #expect(added.status == 303 && added.headers["Location"] == "/console/hours?provider=\(ava)&done=time-off")
            let after = try mondayStarts(world, store)
            #expect(!after.contains(world.salon.at(10)) && !after.contains(world.salon.at(10, 30)))
            #expect(after.contains(world.salon.at(11)) && after.contains(world.salon.at(9)))
            // Stored as the instants the local times name in New York.
            #expect(try world.salon.scalar(Date.self, "SELECT lower(period) FROM time_off WHERE provider_id = $1 AND period IS NOT NULL",
                                           [world.salon.ava]) == world.salon.at(10))
            #expect(try world.salon.scalar(Date.self, "SELECT upper(period) FROM time_off WHERE provider_id = $1 AND period IS NOT NULL",
                                           [world.salon.ava]) == world.salon.at(11))

            let page = try owner.get("/console/hours?provider=\(ava)&done=time-off")
            #expect(page.status == 200 && page.text.contains("id=\"time-off-table\""))
            #expect(page.text.contains("\(monday) 10:00 – \(monday) 11:00") && page.text.contains("Dentist") && page.text.contains("America/New_York"))

            let id = try world.salon.scalar(UUID.self, "SELECT id FROM time_off WHERE provider_id = $1 AND period IS NOT NULL", [world.salon.ava])
            let removed = try owner.post("/console/hours/time-off/\(id.uuidString.lowercased())/remove")
            #expect(removed.status == 303 && removed.headers["Location"] == "/console/hours?provider=\(ava)&done=time-off")
            #expect(try mondayStarts(world, store) == before)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND route LIKE '/console/hours/time-off%'") == 2)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE summary LIKE 'added time off for Ava (personal, % 10:00 – % 11:00 America/New_York)'") == 1)
        }
    }

    @Test func badTimeOffIsRefusedWithWhatToDoAndTheTypedValuesKept() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let ava = world.salon.ava.uuidString.lowercased()
            let monday = world.day(0)
            func post(_ starts: String, _ ends: String, kind: String = "sick", note: String = "Flu") throws -> TestResponse {
                try owner.post("/console/hours/time-off", [("provider", ava), ("kind", kind), ("starts", starts), ("ends", ends), ("note", note)])
            }
            let backwards = try post("\(monday)T12:00", "\(monday)T11:00")
            #expect(backwards.status == 422 && backwards.text.contains("Until must be after From"))
            #expect(backwards.text.contains("value=\"\(monday)T12:00\"") && backwards.text.contains("value=\"Flu\""))
            #expect(backwards.text.contains("<option value=\"sick\" selected>"), "the kind typed is kept")
            #expect(backwards.text.contains("value=\"\(ava)\""), "the same provider's page")
            let garbage = try post("tomorrow", "\(monday)T25:00")
            #expect(garbage.status == 422 && garbage.text.contains("From (date and time): type a date and time like"))
            #expect(garbage.text.contains("Until (date and time): type a date and time like") && garbage.text.contains("value=\"tomorrow\""))
            #expect(try post("\(monday)T10:00", "\(monday)T11:00", kind: "party").status == 422)
            #expect(try post("\(monday)T10:00", "\(monday)T11:00", note: String(repeating: "x", count: 501)).status == 422)
            // 02:30 on the second Sunday of March does not exist in New York.
            let year = Calendar(identifier: .gregorian).component(.year, from: Date()) + 1
            var march = DateComponents(year: year, month: 3, day: 8)
            while Calendar(identifier: .gregorian).component(.weekday, from: Calendar(identifier: .gregorian).date(from: march)!) != 1 {
                march.day! += 1
            }
            let sunday = String(format: "%04d-03-%02d", year, march.day!)
            let skipped = try post("\(sunday)T02:30", "\(sunday)T04:00")
            #expect(skipped.status == 422 && skipped.text.contains("does not exist in America/New_York"))
            #expect(try world.count("SELECT count(*)::int FROM time_off WHERE provider_id = $1 AND period IS NOT NULL", [world.salon.ava]) == 0)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
            #expect(try owner.post("/console/hours/time-off", [("provider", "nobody"), ("kind", "sick"), ("starts", "\(monday)T10:00"),
                                                               ("ends", "\(monday)T11:00")]).status == 404)
        }
    }

    @Test func aClosureCannotBeRemovedAsTimeOff() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let closure = try world.salon.scalar(UUID.self, """
                INSERT INTO time_off (business_id, location_id, kind, dates) VALUES ($1, $2, 'holiday', '[2099-12-24,2099-12-25]') RETURNING id
                """, [world.salon.seeded.businessID, world.salon.location])
            #expect(try owner.post("/console/hours/time-off/\(closure.uuidString.lowercased())/remove").status == 404)
            let lunch = try world.salon.scalar(UUID.self, "SELECT id FROM time_off WHERE provider_id = $1 AND kind = 'lunch'", [world.salon.ava])
            #expect(try owner.post("/console/closures/\(lunch.uuidString.lowercased())/remove").status == 404)
            #expect(try world.count("SELECT count(*)::int FROM time_off WHERE id = ANY($1)", [[closure, lunch]]) == 2)
            let page = try owner.get("/console/hours?provider=\(world.salon.ava.uuidString.lowercased())")
            #expect(page.text.contains("Every Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, 12:00–13:00"), "the weekly lunch is listed")
        }
    }

    @Test func theServicesAProviderOffersAreSavedAndTheBookingPageFollows() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let store = cachedStore(world)
            let ava = world.salon.ava.uuidString.lowercased()
            let (haircut, color, blowout) = (world.salon.seeded.serviceIDs[0], world.salon.seeded.serviceIDs[1], world.salon.seeded.serviceIDs[2])
            #expect(!(try mondayStarts(world, store, service: color)).isEmpty)
            let page = try owner.get("/console/hours?provider=\(ava)")
            #expect(page.text.contains("id=\"offers-\(color.uuidString.lowercased())\" name=\"service\" value=\"\(color.uuidString.lowercased())\" checked"))

            let saved = try owner.post("/console/hours/services", [("provider", ava), ("service", haircut.uuidString.lowercased()),
                                                                  ("service", blowout.uuidString.lowercased())])
            #expect(saved.status == 303 && saved.headers["Location"] == "/console/hours?provider=\(ava)&done=services")
            #expect(try world.count("SELECT count(*)::int FROM provider_services WHERE provider_id = $1", [world.salon.ava]) == 2)
            let refusal = #expect(throws: BookingError.self, "Ava no longer offers Color") { try mondayStarts(world, store, service: color) }
            #expect(refusal?.schedulingCode == "service_not_offered")
            #expect(!(try mondayStarts(world, store)).isEmpty)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/hours/services' AND summary = 'changed services offered: −Color'") == 1)

            #expect(try owner.post("/console/hours/services", [("provider", ava)]).status == 303, "offering nothing is allowed")
            #expect(try world.count("SELECT count(*)::int FROM provider_services WHERE provider_id = $1", [world.salon.ava]) == 0)
            #expect(try owner.post("/console/hours/services", [("provider", ava), ("service", "not-an-id")]).status == 404)
            #expect(try world.count("SELECT count(*)::int FROM provider_services WHERE provider_id = $1", [world.salon.ava]) == 0)
        }
    }
}

extension ConsoleWorld {
    /// The salon's Monday plus `offset` days, as `YYYY-MM-DD` in New York.
    func day(_ offset: Int) -> String {
        String(LocalDateTime(salon.at(12, days: offset), in: salon.zone).fieldValue.prefix(10))
    }
}
