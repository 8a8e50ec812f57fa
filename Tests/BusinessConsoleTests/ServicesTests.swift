import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// The services page: listed, added with who offers them, changed; bad input
/// refused with what to do and the typed values kept; every change audited.
@Suite("Business console services")
struct ServicesTests {
    static let trim = [("name", "Beard trim"), ("duration_minutes", "20"), ("buffer_before_minutes", "5"), ("buffer_after_minutes", "10"),
                       ("slot_step_minutes", "10")]

    func form(_ changes: [String: String] = [:]) -> [(String, String)] {
        Self.trim.map { ($0.0, changes[$0.0] ?? $0.1) }
    }

    @Test func aServiceIsAddedOfferedAndBookableAtOnceThenChanged() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let salon = world.salon
            let list = try owner.get("/console/services")
            #expect(list.status == 200 && list.text.contains("Haircut") && list.text.contains("Color") && list.text.contains("id=\"services-table\""))
            #expect(list.text.contains("href=\"/console/locations\"") && list.text.contains("aria-current=\"page\">Services"))

            let added = try owner.post("/console/services", form() + [("provider", salon.ava.uuidString.lowercased())])
            #expect(added.status == 303 && added.headers["Location"] == "/console/services?done=added")
            let id = try salon.scalar(UUID.self, "SELECT id FROM services WHERE name = 'Beard trim'")
            #expect(try world.count("""
                SELECT count(*)::int FROM services WHERE id = $1 AND duration = '20 minutes' AND buffer_before = '5 minutes'
                AND buffer_after = '10 minutes' AND slot_step = '10 minutes'
                """, [id]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM provider_services WHERE service_id = $1 AND provider_id = $2", [id, salon.ava]) == 1)
            let starts = try salon.store.availability(business: salon.seeded.businessID, location: salon.location, service: id, provider: nil,
                                                      in: salon.at(0)..<salon.at(0, days: 1)).slots
            #expect(starts.contains { $0.start == salon.at(9, 10) && $0.providerIDs == [salon.ava] }, "every 10 minutes, with Ava only")
            #expect(try owner.get("/console/services?done=added").text.contains("id=\"flash\""))

            let path = "/console/services/\(id.uuidString.lowercased())"
            let page = try owner.get(path)
            #expect(page.status == 200 && page.text.contains("value=\"Beard trim\"") && page.text.contains("value=\"20\""))
            #expect(page.text.contains("href=\"/console/hours?provider=\(salon.ava.uuidString.lowercased())#offers-heading\">Ava"))
            let saved = try owner.post(path, form(["name": "Beard trim deluxe", "duration_minutes": "40"]))
            #expect(saved.status == 303 && saved.headers["Location"] == "\(path)?done=saved")
            #expect(try world.count("SELECT count(*)::int FROM services WHERE id = $1 AND name = 'Beard trim deluxe' AND duration = '40 minutes'", [id]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND route IN ('/console/services', '/console/services/{id}')") == 2)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE summary = 'added service Beard trim offered by 1 provider(s)'") == 1)
        }
    }

    @Test func badValuesAreRefusedWithWhatToDoAndKept() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let before = try world.count("SELECT count(*)::int FROM services")
            let bad = try owner.post("/console/services", form(["name": "", "duration_minutes": "0", "slot_step_minutes": "often"])
                                     + [("provider", world.salon.ben.uuidString.lowercased())])
            #expect(bad.status == 422 && bad.text.contains("Name: type 1 to 200 characters."))
            #expect(bad.text.contains("Length (minutes): type a whole number of minutes from 1 to"))
            #expect(bad.text.contains("Starts every (minutes): type a whole number of minutes from 1 to"))
            #expect(bad.text.contains("value=\"often\"") && bad.text.contains("value=\"0\""))
            #expect(bad.text.contains("value=\"\(world.salon.ben.uuidString.lowercased())\" checked"), "the ticked provider stays ticked")
            #expect(try owner.post("/console/services", form(["buffer_after_minutes": "-5"])).status == 422)
            #expect(try owner.post("/console/services", form(["name": String(repeating: "n", count: 201)])).status == 422)
            #expect(try owner.post("/console/services", form() + [("provider", "nobody")]).status == 404)
            #expect(try world.count("SELECT count(*)::int FROM services") == before)

            let haircut = world.salon.haircut.uuidString.lowercased()
            let edit = try owner.post("/console/services/\(haircut)", form(["duration_minutes": "9999999"]))
            #expect(edit.status == 422 && edit.text.contains("value=\"9999999\"") && edit.text.contains("Service Haircut"))
            #expect(try world.count("SELECT count(*)::int FROM services WHERE id = $1 AND duration = '30 minutes' AND name = 'Haircut'",
                                    [world.salon.haircut]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
            #expect(try owner.get("/console/services/not-an-id").status == 404)
        }
    }
}
