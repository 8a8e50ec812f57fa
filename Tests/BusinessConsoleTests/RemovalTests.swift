@testable import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// Removing services, locations and waitlist entries from the console: what
/// nothing refers to goes (audited), what is in use is refused with why and
/// what to do instead and nothing changes; a waitlist entry leaves as through
/// its customer's own link.
@Suite("Business console removals")
struct RemovalTests {
    @Test func anUnusedServiceIsRemovedAndOneWithBookingsIsRefusedAndKept() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let salon = world.salon
            #expect(try owner.post("/console/services", ServicesTests.trim + [("provider", salon.ava.uuidString.lowercased())]).status == 303)
            let trim = try salon.scalar(UUID.self, "SELECT id FROM services WHERE name = 'Beard trim'").uuidString.lowercased()
            let page = try owner.get("/console/services/\(trim)")
            #expect(page.text.contains("action=\"/console/services/\(trim)/remove\"") && page.text.contains("Remove Beard trim"))
            let removed = try owner.post("/console/services/\(trim)/remove")
            #expect(removed.status == 303 && removed.headers["Location"] == "/console/services?done=removed")
            #expect(try world.count("SELECT count(*)::int FROM services WHERE name = 'Beard trim'") == 0)
            #expect(try world.count("SELECT count(*)::int FROM provider_services ps WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.id = ps.service_id)") == 0)
            #expect(try owner.get("/console/services?done=removed").text.contains("The service was removed."))
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/services/{id}/remove' AND summary = 'removed service Beard trim'") == 1)

            _ = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let haircut = salon.haircut.uuidString.lowercased()
            let links = try world.count("SELECT count(*)::int FROM provider_services WHERE service_id = $1", [salon.haircut])
            let refused = try owner.post("/console/services/\(haircut)/remove")
            #expect(refused.status == 422 && refused.text.contains("id=\"removal-refused\""))
            #expect(refused.text.contains("Haircut was not removed: it has bookings") && refused.text.contains("Stop offering it instead"))
            #expect(try world.count("SELECT count(*)::int FROM services WHERE id = $1", [salon.haircut]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM provider_services WHERE service_id = $1", [salon.haircut]) == links, "no link went")
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/services/{id}/remove'") == 1)
            #expect(try owner.post("/console/services/\(UUID().uuidString)/remove").status == 404)
        }
    }

    @Test func anUnusedLocationIsRemovedWithItsClosuresAndOneWithProvidersIsRefused() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let added = try owner.post("/console/locations", [("name", "Annex"), ("time_zone", "Europe/Madrid"), ("address", "")])
            let annex = String(try #require(added.headers["Location"]).split(separator: "/")[2].prefix(36))
            #expect(try owner.post("/console/locations/\(annex)/closures", [("from", "2099-02-01"), ("until", "2099-02-02"), ("kind", "holiday")]).status == 303)
            let removed = try owner.post("/console/locations/\(annex)/remove")
            #expect(removed.status == 303 && removed.headers["Location"] == "/console/locations?done=removed")
            #expect(try world.count("SELECT count(*)::int FROM locations WHERE name = 'Annex'") == 0)
            #expect(try owner.get("/console/locations?done=removed").text.contains("The location was removed."))

            let downtown = world.salon.location.uuidString.lowercased()
            let refused = try PageForms.request(port: world.port, "POST", "/console/locations/\(downtown)/remove", origin: world.base,
                                                cookie: owner.cookie, headers: [("Origin", world.base), ("Sec-Fetch-Site", "same-origin"),
                                                                                ("Accept-Language", "es")], form: [("csrf", owner.csrf)])
            #expect(refused.status == 422 && refused.text.contains("No se eliminó Downtown"))
            #expect(try world.count("SELECT count(*)::int FROM locations WHERE id = $1", [world.salon.location]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/locations/{id}/remove'") == 1)
        }
    }

    @Test func aWaitingEntryIsRemovedAsItsOwnLinkWouldAndAnOfferedOneIsRefused() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let grace = try WaitlistPageTests.join(world, "Grace Hopper", provider: salon.ava)
            let hedy = try WaitlistPageTests.join(world, "Hedy Lamarr", provider: salon.ava)
            let owner = try world.signIn()
            let page = try owner.get("/console/waitlist")
            #expect(try #require(WaitlistPageTests.row(grace, in: page.text)).contains("Remove Grace Hopper from the waitlist"))

            // Grace phoned: she no longer wants it. The filters the page showed come back.
            let target = "/console/waitlist/\(grace.uuidString.lowercased())/remove?location=\(salon.location.uuidString.lowercased())&service=&provider=&state=open"
            let removed = try owner.post(target)
            #expect(removed.status == 303
                    && removed.headers["Location"] == "/console/waitlist?location=\(salon.location.uuidString.lowercased())&state=open&done=removed")
            #expect(try world.count("SELECT count(*)::int FROM waitlist_entries WHERE id = $1 AND status = 'left'", [grace]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/waitlist/{id}/remove' AND targets->>'waitlist_entry' = $1",
                                    [grace.uuidString.lowercased()]) == 1)
            let after = try owner.get(try #require(removed.headers["Location"]))
            #expect(after.text.contains("Removed from the waitlist") && WaitlistPageTests.row(grace, in: after.text) == nil)
            // A second click (or a stale tab) is refused and is not audited again.
            let again = try owner.post(target)
            #expect(again.status == 409 && again.text.contains("already left the queue"))
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/waitlist/{id}/remove'") == 1)

            // Freed time goes to the next in line: Hedy, not Grace.
            #expect(try WaitlistPageTests.freeAvasTen(world) == 1)
            #expect(try world.count("SELECT count(*)::int FROM waitlist_entries WHERE id = $1 AND status = 'offered'", [hedy]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM waitlist_entries WHERE id = $1 AND status = 'left'", [grace]) == 1)

            // Hedy holds an offer: refused as her own link refuses it, nothing changes.
            let refused = try owner.post("/console/waitlist/\(hedy.uuidString.lowercased())/remove")
            #expect(refused.status == 409 && refused.text.contains("id=\"removal-refused\"") && refused.text.contains("holds an offered time"))
            #expect(try world.count("SELECT count(*)::int FROM waitlist_entries WHERE id = $1 AND status = 'offered'", [hedy]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM bookings WHERE status = 'held'") == 1, "the hold stays hers")
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/waitlist/{id}/remove'") == 1)
            #expect(try owner.post("/console/waitlist/\(UUID().uuidString)/remove").status == 404)
            #expect(try owner.post("/console/waitlist/not-an-id/remove").status == 404)
        }
    }

    /// The console's removal and the customer's link are one store call: a
    /// token's `leave` and an id's `leave` refuse and change the same.
    @Test func leavingByIdAndByTokenFollowTheSameRules() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let store = WaitlistStore(pool: salon.pool, tokens: TestKeys.manageTokens)
            let grace = try WaitlistPageTests.join(world, "Grace Hopper", provider: salon.ava)
            #expect(try WaitlistPageTests.freeAvasTen(world) == 1)
            let business = salon.seeded.businessID
            let token = TestKeys.manageTokens.make(forWaitlistEntry: grace).token
            for leave in [{ try store.leave(token: token, business: business, on: $0) },
                          { try store.leave(entry: grace, business: business, on: $0) }] as [(Connection) throws -> WaitlistEntry] {
                #expect(throws: BookingError.self) { _ = try salon.pool.withTransaction(leave) }
            }
            #expect(throws: BookingError.self) { _ = try salon.pool.withTransaction { try store.leave(entry: grace, business: world.other, on: $0) } }
            #expect(try world.count("SELECT count(*)::int FROM waitlist_entries WHERE id = $1 AND status = 'offered'", [grace]) == 1)
        }
    }
}
