import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// Everything a console session sees or changes is its own business's: the
/// ids of another business answer 404 and change nothing.
@Suite("Business console tenancy")
struct TenancyTests {
    @Test func anotherBusinesssIdsAreNotFoundAndNothingChanges() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let rival = try world.adminID(ConsoleWorld.rival)
            let answer = try owner.post("/console/admins/\(rival)/disable")
            #expect(answer.status == 404)
            #expect(try world.count("SELECT count(*)::int FROM business_admins WHERE id = $1 AND disabled_at IS NULL", [rival]) == 1)
            #expect(try owner.post("/console/admins/999999/disable").status == 404)
            #expect(try owner.post("/console/admins/not-a-number/disable").status == 404)
            let page = try owner.get("/console/admins")
            #expect(page.text.contains(ConsoleWorld.owner) && !page.text.contains(ConsoleWorld.rival))
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
        }
    }

    @Test func anAddressOfTwoBusinessesGetsOneLinkEachScopedToItsOwn() throws {
        try ConsoleWorld.with { world in
            try world.salon.pool.withConnection {
                _ = try BusinessAdmins.invite(business: world.other, email: ConsoleWorld.owner, invitedBy: "cli:test", on: $0)
            }
            _ = try world.askForLink(ConsoleWorld.owner)
            let mails = world.mails.sent.filter { $0.to == ConsoleWorld.owner }
            #expect(mails.count == 2)
            #expect(mails.contains { $0.subject.contains("Rival Cuts") })
            let rivalLink = try #require(mails.first { $0.subject.contains("Rival Cuts") }?.text
                .components(separatedBy: "http://localhost").dropFirst().first?.prefix { !$0.isWhitespace })
            let answer = try world.useLink(String(rivalLink))
            #expect(answer.status == 303)
            let cookie = "booknow_console=" + (try ConsoleWorld.cookie("booknow_console", in: answer))
            let page = try world.request("GET", "/console/admins", cookie: cookie)
            #expect(page.text.contains(ConsoleWorld.rival) && page.text.contains("Rival Cuts"))
        }
    }

    @Test func invitingAndDisablingAreAuditedAndEndTheirSessions() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let invited = try owner.post("/console/admins/invite", [("email", "Staff@Salon.example")])
            #expect(invited.status == 303 && invited.headers["Location"] == "/console/admins?done=invited")
            #expect(world.mails.sent.last?.to == "staff@salon.example" && world.mails.sent.last?.subject.contains("invited") == true)
            let staff = try world.useLink(try world.lastLink(to: "staff@salon.example"))
            let staffCookie = "booknow_console=" + (try ConsoleWorld.cookie("booknow_console", in: staff))
            #expect(try world.request("GET", "/console", cookie: staffCookie).status == 200)

            let bad = try owner.post("/console/admins/invite", [("email", "nope")])
            #expect(bad.status == 422 && bad.text.contains("name@example.com"))
            #expect(try owner.post("/console/admins/\(try world.adminID(ConsoleWorld.owner))/disable").status == 422)

            let id = try world.adminID("staff@salon.example")
            #expect(try owner.post("/console/admins/\(id)/disable").status == 303)
            #expect(try world.request("GET", "/console", cookie: staffCookie).status == 303, "a disabled admin's session ends")
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND actor_id = $1 AND business_id = $2",
                                    [ConsoleWorld.owner, world.salon.seeded.businessID]) == 2)
            _ = try world.askForLink("staff@salon.example")
            #expect(world.mails.sent.filter { $0.to == "staff@salon.example" }.count == 1, "no link for a disabled admin")
        }
    }

    @Test func anotherBusinesssCalendarIdsAreNotFoundAndNothingIsBookedOrMoved() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let (place, service, provider) = try salon.pool.withConnection { connection in
                let place = try connection.query("INSERT INTO locations (business_id, name, time_zone, address) VALUES ($1, 'Rival Street', 'Europe/Madrid', '') RETURNING id",
                                                 [world.other])[0].decode(UUID.self, "id")
                let service = try connection.query("INSERT INTO services (business_id, name, duration) VALUES ($1, 'Shave', '30 minutes') RETURNING id",
                                                   [world.other])[0].decode(UUID.self, "id")
                let provider = try connection.query("INSERT INTO providers (business_id, location_id, name) VALUES ($1, $2, 'Rex') RETURNING id",
                                                    [world.other, place])[0].decode(UUID.self, "id")
                return (place.uuidString.lowercased(), service.uuidString.lowercased(), provider.uuidString.lowercased())
            }
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava)).booking
            let id = booked.id.uuidString.lowercased()
            let (ours, haircut, ava) = (salon.location.uuidString.lowercased(), salon.haircut.uuidString.lowercased(), salon.ava.uuidString.lowercased())
            let owner = try world.signIn()
            #expect(try owner.get("/console/calendar?view=week&location=\(place)").status == 404)
            #expect(try owner.get("/console/calendar?view=week&provider=\(provider)").status == 404)
            #expect(try owner.get("/console/calendar/new?location=\(place)").status == 404)
            #expect(try owner.get("/console/calendar/new?location=\(ours)&service=\(service)").status == 404)
            #expect(try owner.get("/console/calendar/new?location=\(ours)&provider=\(provider)").status == 404)
            let move = [("day", world.dayText()), ("time", "14:00"), ("provider", provider), ("reason", "theirs")]
            #expect(try owner.post("/console/bookings/\(id)/move", move).status == 404)
            func walkIn(_ location: String, _ service: String, _ provider: String) throws -> Int {
                try owner.post("/console/calendar/new", [("location", location), ("service", service), ("provider", provider),
                                                         ("day", world.dayText()), ("start", salon.at(14).formatted(.iso8601)),
                                                         ("name", "Nobody"), ("email", "nobody@example.com")]).status
            }
            #expect(try walkIn(place, haircut, ava) == 404 && walkIn(ours, service, ava) == 404 && walkIn(ours, haircut, provider) == 404)

            let rival = try world.signIn(ConsoleWorld.rival)
            #expect(try rival.post("/console/bookings/\(id)/move", [("day", world.dayText()), ("time", "14:00"), ("provider", ava), ("reason", "x")]).status == 404)
            #expect(try rival.get("/console/calendar/new?location=\(ours)").status == 404)
            #expect(try rival.get("/console/calendar?view=week&location=\(ours)").status == 404)
            #expect(try rival.post("/console/calendar/new", [("location", ours), ("service", haircut), ("provider", ava), ("day", world.dayText()),
                                                             ("start", salon.at(14).formatted(.iso8601)), ("name", "Nobody"),
                                                             ("email", "nobody@example.com")]).status == 404)
            #expect(try rival.get("/console/calendar?view=week").text.contains("Rival Street") == true)
            #expect(try world.count("SELECT count(*)::int FROM bookings") == 1)
            #expect(try world.count("SELECT count(*)::int FROM bookings WHERE id = $1 AND starts_at = $2 AND provider_id = $3",
                                    [booked.id, salon.at(10), salon.ava]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
        }
    }
}

@Suite("Business console audit page")
struct AuditPageTests {
    @Test func theAuditPageListsThisBusinesssChangesOnly() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            #expect(try owner.post("/console/admins/invite", [("email", "new@salon.example")]).status == 303)
            let rival = try world.signIn(ConsoleWorld.rival)
            #expect(try rival.post("/console/admins/invite", [("email", "new@rival.example")]).status == 303)
            let page = try owner.get("/console/audit")
            #expect(page.status == 200 && page.text.contains("invited new@salon.example") && page.text.contains("admin: \(ConsoleWorld.owner)"))
            #expect(!page.text.contains("new@rival.example"))
        }
    }
}
