import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// Providers on the staff hours page: added with their location and
/// services, renamed and removed as the admin API does it, bad names refused
/// with the typed values kept, one with bookings refused as in use with what
/// to do, every change audited; and a refused weekly rule keeps what was typed.
@Suite("Business console providers")
struct ProvidersTests {
    @Test func aProviderIsAddedWithTheirServicesRenamedAndRemovedAndEachIsAudited() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let salon = world.salon
            let (downtown, haircut) = (salon.location.uuidString.lowercased(), salon.haircut.uuidString.lowercased())
            let page = try owner.get("/console/hours")
            #expect(page.status == 200 && page.text.contains("id=\"new-provider-form\"") && page.text.contains("Downtown (America/New_York)"))

            let added = try owner.post("/console/providers", [("name", "  Cleo  "), ("location", downtown), ("service", haircut)])
            let id = try salon.scalar(UUID.self, "SELECT id FROM providers WHERE name = 'Cleo'")
            let path = id.uuidString.lowercased()
            #expect(added.status == 303 && added.headers["Location"] == "/console/hours?provider=\(path)&done=provider-added")
            #expect(try world.count("SELECT count(*)::int FROM providers WHERE id = $1 AND location_id = $2 AND notify_by_email", [id, salon.location]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM provider_services WHERE provider_id = $1 AND service_id = $2", [id, salon.haircut]) == 1)
            let shown = try owner.get("/console/hours?provider=\(path)&done=provider-added")
            #expect(shown.text.contains("id=\"flash\"") && shown.text.contains("value=\"Cleo\"") && shown.text.contains("Remove Cleo"))
            // Bookable once given hours, as the API's providers are.
            #expect(try owner.post("/console/hours/rules", [("provider", path), ("weekday", "1"), ("start", "09:00"),
                                                            ("end", "17:00")]).status == 303)
            let starts = try salon.store.availability(business: salon.seeded.businessID, location: salon.location, service: salon.haircut,
                                                      provider: id, in: salon.at(0)..<salon.at(0, days: 1)).slots
            #expect(starts.contains { $0.start == salon.at(9) })

            let renamed = try owner.post("/console/providers/\(path)", [("name", "Cleopatra")])
            #expect(renamed.status == 303 && renamed.headers["Location"] == "/console/hours?provider=\(path)&done=provider-renamed")
            #expect(try world.count("SELECT count(*)::int FROM providers WHERE id = $1 AND name = 'Cleopatra'", [id]) == 1)

            let removed = try owner.post("/console/providers/\(path)/remove")
            #expect(removed.status == 303 && removed.headers["Location"] == "/console/hours?done=provider-removed")
            #expect(try world.count("SELECT count(*)::int FROM providers WHERE id = $1", [id]) == 0)
            #expect(try world.count("SELECT count(*)::int FROM availability_rules WHERE provider_id = $1", [id]) == 0, "their hours go with them")
            #expect(try owner.get("/console/hours?done=provider-removed").text.contains("The provider was removed"))
            #expect(try world.count("""
                SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND targets->>'provider' = $1
                AND route IN ('/console/providers', '/console/providers/{id}', '/console/providers/{id}/remove')
                """, [path]) == 3)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE summary = 'added provider Cleo at Downtown offering 1 service(s)'") == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE summary = 'renamed provider Cleo to Cleopatra'") == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE summary = 'removed provider Cleopatra'") == 1)
        }
    }

    @Test func aBadNameIsRefusedAtItsFieldWithWhatWasTypedKept() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let salon = world.salon
            let before = try world.count("SELECT count(*)::int FROM providers")
            let (downtown, color) = (salon.location.uuidString.lowercased(), try salon.scalar(UUID.self, "SELECT id FROM services WHERE name = 'Color'"))
            let refused = try owner.post("/console/providers", [("name", " "), ("location", downtown), ("service", color.uuidString.lowercased())])
            #expect(refused.status == 422 && refused.text.contains("Name: type 1 to 200 characters."))
            #expect(refused.text.contains("id=\"new-provider-errors\"") && refused.text.contains("href=\"#np-name\""))
            #expect(refused.text.contains("aria-invalid=\"true\" aria-describedby=\"np-name-error\""))
            #expect(refused.text.contains("id=\"np-service-\(color.uuidString.lowercased())\" name=\"service\" value=\"\(color.uuidString.lowercased())\" checked"))
            #expect(refused.text.contains("<option value=\"\(downtown)\" selected>"))
            let long = String(repeating: "x", count: 201)
            let tooLong = try owner.post("/console/providers", [("name", long), ("location", downtown)])
            #expect(tooLong.status == 422 && tooLong.text.contains("value=\"\(long)\""))
            let ava = salon.ava.uuidString.lowercased()
            let rename = try owner.post("/console/providers/\(ava)", [("name", "")])
            #expect(rename.status == 422 && rename.text.contains("aria-describedby=\"pr-name-error\"") && rename.text.contains("value=\"\(ava)\""))
            #expect(try world.count("SELECT count(*)::int FROM providers") == before)
            #expect(try world.count("SELECT count(*)::int FROM providers WHERE id = $1 AND name = 'Ava'", [salon.ava]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
        }
    }

    @Test func aProviderWithBookingsIsRefusedWithWhatToDoAndNothingChanges() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            _ = try salon.store.book(salon.request(salon.at(10), provider: salon.ben))
            let owner = try world.signIn()
            let ben = salon.ben.uuidString.lowercased()
            let rules = try world.count("SELECT count(*)::int FROM availability_rules WHERE provider_id = $1", [salon.ben])
            let refused = try owner.post("/console/providers/\(ben)/remove")
            #expect(refused.status == 422 && refused.text.contains("id=\"removal-refused\""))
            #expect(refused.text.contains("Ben was not removed: they have bookings or waitlist entries"))
            #expect(refused.text.contains("remove their weekly hours"))
            #expect(try world.count("SELECT count(*)::int FROM providers WHERE id = $1", [salon.ben]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM availability_rules WHERE provider_id = $1", [salon.ben]) == rules)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
        }
    }

    @Test func aRefusedWeeklyRuleKeepsWhatWasTypedAndSaysWhichFieldIsWrong() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let ava = world.salon.ava.uuidString.lowercased()
            let before = try world.count("SELECT count(*)::int FROM availability_rules")
            let backwards = try owner.post("/console/hours/rules", [("provider", ava), ("weekday", "6"), ("start", "15:30"), ("end", "11:15")])
            #expect(backwards.status == 422 && backwards.text.contains("id=\"rule-errors\"") && backwards.text.contains("href=\"#r-end\""))
            #expect(backwards.text.contains("Until must be after From on the same day"))
            #expect(backwards.text.contains("id=\"r-start\" name=\"start\" type=\"time\" value=\"15:30\" required>"), "start is fine: kept, not marked")
            #expect(backwards.text.contains("value=\"11:15\" required aria-invalid=\"true\" aria-describedby=\"r-end-error\""))
            #expect(backwards.text.contains("<option value=\"6\" selected>Saturday</option>"))
            #expect(backwards.text.contains("value=\"\(ava)\""), "the same provider's page")

            let garbage = try owner.post("/console/hours/rules", [("provider", ava), ("weekday", "8"), ("start", "25:00"), ("end", "9")])
            #expect(garbage.status == 422)
            for field in ["r-weekday", "r-start", "r-end"] { #expect(garbage.text.contains("aria-describedby=\"\(field)-error\""), "\(field)") }
            #expect(garbage.text.contains("value=\"25:00\"") && garbage.text.contains("value=\"9\""))
            #expect(garbage.text.contains("From: type a time like 09:00"))

            let spanish = try PageForms.request(port: world.port, "POST", "/console/hours/rules", origin: world.base, cookie: owner.cookie,
                                                headers: [("Origin", world.base), ("Sec-Fetch-Site", "same-origin"), ("Accept-Language", "es")],
                                                form: [("csrf", owner.csrf), ("provider", ava), ("weekday", "1"), ("start", "12:00"), ("end", "12:00")])
            #expect(spanish.status == 422 && spanish.text.contains("Hasta debe ser después de Desde"))
            #expect(try world.count("SELECT count(*)::int FROM availability_rules") == before)
        }
    }
}
