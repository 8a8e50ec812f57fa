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

    /// The message editor's previews: a booking of another business is not found by any of them, nor offered.
    @Test func anotherBusinesssBookingIsNeitherOfferedNorPreviewed() throws {
        try ConsoleWorld.with { world in
            let booked = try world.salon.store.book(world.salon.request(world.salon.at(11), provider: world.salon.ben))
            let id = booked.booking.id.uuidString.lowercased()
            let rival = try world.signIn(ConsoleWorld.rival)
            #expect(!(try rival.get(MessagePreviewTests.path)).text.contains(id))
            let form = [("subject", "s"), ("text", "{{customer.name}}\n"), ("booking", id)]
            for action in ["/preview", "/preview/live", "/test"] {
                #expect(try rival.post(MessagePreviewTests.path + action, form).status == 404, "\(action)")
            }
            #expect(world.mails.sent.allSatisfy { $0.subject.hasPrefix("[Test]") == false }, "no test was sent")
            #expect(try world.signIn().post(MessagePreviewTests.live, form).status == 200, "its own business previews it")
            #expect(try rival.post(MessagePreviewTests.live, [("subject", "s"), ("text", "t\n"), ("booking", "not-an-id")]).status == 404)
            #expect(try rival.post(MessagePreviewTests.live, [("subject", "s"), ("text", "t\n"), ("booking", UUID().uuidString)]).status == 404)
        }
    }

    @Test func anotherBusinesssProvidersServicesLocationsTimeOffAndClosuresAreNotFound() throws {
        try ConsoleWorld.with { world in
            let rival = world.other
            func id(_ sql: String, _ parameters: [(any PostgresEncodable)?]) throws -> String {
                try world.salon.scalar(UUID.self, sql, parameters).uuidString.lowercased()
            }
            let location = try id("INSERT INTO locations (business_id, name, time_zone) VALUES ($1, 'Rival Sol', 'Europe/Madrid') RETURNING id", [rival])
            let provider = try id("INSERT INTO providers (business_id, location_id, name) VALUES ($1, $2, 'Rival Rosa') RETURNING id", [rival, UUID(uuidString: location)])
            let service = try id("INSERT INTO services (business_id, name, duration) VALUES ($1, 'Rival Perm', '60 minutes') RETURNING id", [rival])
            let timeOff = try id("""
                INSERT INTO time_off (business_id, provider_id, kind, period) VALUES ($1, $2, 'sick', '[2099-01-01 10:00Z,2099-01-01 11:00Z)') RETURNING id
                """, [rival, UUID(uuidString: provider)])
            let closure = try id("INSERT INTO time_off (business_id, location_id, kind, dates) VALUES ($1, $2, 'holiday', '[2099-01-01,2099-01-02]') RETURNING id",
                                 [rival, UUID(uuidString: location)])
            let snapshot = """
                SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
                    SELECT row(l.*)::text AS x FROM locations l UNION ALL SELECT row(p.*)::text FROM providers p
                    UNION ALL SELECT row(s.*)::text FROM services s UNION ALL SELECT row(t.*)::text FROM time_off t
                    UNION ALL SELECT row(ps.*)::text FROM provider_services ps) rows
                """
            let before = try world.salon.scalar(String.self, snapshot)

            let owner = try world.signIn()
            let ava = world.salon.ava.uuidString.lowercased()
            let haircut = world.salon.haircut.uuidString.lowercased()
            let moment = [("kind", "sick"), ("starts", "2099-01-01T10:00"), ("ends", "2099-01-01T11:00")]
            let serviceForm = [("name", "Stolen"), ("duration_minutes", "30"), ("buffer_before_minutes", "0"), ("buffer_after_minutes", "0"),
                           ("slot_step_minutes", "15")]
            let place = [("name", "Stolen"), ("time_zone", "Europe/Madrid"), ("address", "")]
            let days = [("from", "2099-02-01"), ("until", "2099-02-01"), ("kind", "holiday")]
            #expect(try owner.get("/console/hours?provider=\(provider)").status == 404)
            #expect(try owner.post("/console/hours/time-off", [("provider", provider)] + moment).status == 404)
            #expect(try owner.post("/console/hours/time-off/\(timeOff)/remove").status == 404)
            #expect(try owner.post("/console/hours/services", [("provider", provider), ("service", service)]).status == 404)
            #expect(try owner.post("/console/hours/services", [("provider", ava), ("service", haircut), ("service", service)]).status == 404)
            #expect(try owner.get("/console/services/\(service)").status == 404)
            #expect(try owner.post("/console/services/\(service)", serviceForm).status == 404)
            #expect(try owner.post("/console/services", serviceForm + [("provider", provider)]).status == 404)
            #expect(try owner.get("/console/locations/\(location)").status == 404)
            #expect(try owner.post("/console/locations/\(location)", place).status == 404)
            #expect(try owner.post("/console/locations/\(location)/closures", days).status == 404)
            #expect(try owner.post("/console/closures/\(closure)/remove").status == 404)
            #expect(try !owner.get("/console/services").text.contains("Rival") && !owner.get("/console/locations").text.contains("Rival"))
            // The other way round: the rival's session cannot reach the salon's.
            let other = try world.signIn(ConsoleWorld.rival)
            #expect(try other.post("/console/hours/time-off", [("provider", ava)] + moment).status == 404)
            #expect(try other.post("/console/hours/services", [("provider", ava)]).status == 404)
            #expect(try other.post("/console/services/\(haircut)", serviceForm).status == 404)
            #expect(try other.post("/console/locations/\(world.salon.location.uuidString.lowercased())/closures", days).status == 404)
            #expect(try !other.get("/console/services").text.contains("Haircut") && !other.get("/console/locations").text.contains("Downtown"))

            #expect(try world.salon.scalar(String.self, snapshot) == before, "nothing changed")
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
        }
    }

    @Test func anotherBusinesssWaitlistAndMessageLogAreNotFound() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let entry = try WaitlistPageTests.join(world, "Grace Hopper", provider: salon.ava)
            let booked = try salon.store.book(salon.request(salon.at(11), provider: salon.ava)).booking
            try MessageLogTests.enqueue(world, booking: booked.id)
            try salon.pool.withConnection {
                _ = try AdminTable.locations.insert(business: world.other, values: #"{"name": "Rival Corner", "time_zone": "Europe/Madrid", "address": ""}"#, on: $0)
            }
            let rival = try world.signIn(ConsoleWorld.rival)
            for query in ["location=\(salon.location.uuidString)", "service=\(salon.haircut.uuidString)",
                          "provider=\(salon.ava.uuidString)", "after=\(entry.uuidString)"] {
                #expect(try rival.get("/console/waitlist?" + query).status == 404, "\(query)")
            }
            let own = try rival.get("/console/waitlist")
            #expect(own.status == 200 && own.text.contains("Rival Corner") && !own.text.contains("Grace Hopper") && !own.text.contains(entry.uuidString.lowercased()))
            let log = try rival.get("/console/bookings/\(booked.id.uuidString.lowercased())")
            #expect(log.status == 404 && !log.text.contains("message-log"))
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

    /// Providers added, renamed and removed, services, locations and waitlist entries removed: never another business's.
    @Test func anotherBusinesssProvidersServicesLocationsAndWaitlistEntriesAreNeitherChangedNorRemoved() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            func id(_ sql: String, _ parameters: [(any PostgresEncodable)?]) throws -> UUID { try salon.scalar(UUID.self, sql, parameters) }
            let place = try id("INSERT INTO locations (business_id, name, time_zone) VALUES ($1, 'Rival Sol', 'Europe/Madrid') RETURNING id", [world.other])
            let rex = try id("INSERT INTO providers (business_id, location_id, name) VALUES ($1, $2, 'Rival Rex') RETURNING id", [world.other, place])
            let perm = try id("INSERT INTO services (business_id, name, duration) VALUES ($1, 'Rival Perm', '60 minutes') RETURNING id", [world.other])
            let entry = try WaitlistPageTests.join(world, "Grace Hopper", provider: salon.ava)
            let snapshot = """
                SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
                    SELECT row(l.*)::text AS x FROM locations l UNION ALL SELECT row(p.*)::text FROM providers p
                    UNION ALL SELECT row(s.*)::text FROM services s UNION ALL SELECT row(ps.*)::text FROM provider_services ps
                    UNION ALL SELECT row(w.*)::text FROM waitlist_entries w) rows
                """
            let before = try salon.scalar(String.self, snapshot)
            func text(_ id: UUID) -> String { id.uuidString.lowercased() }

            let owner = try world.signIn()
            let (downtown, haircut) = (text(salon.location), text(salon.haircut))
            #expect(try owner.post("/console/providers", [("name", "Stolen"), ("location", text(place))]).status == 404)
            #expect(try owner.post("/console/providers", [("name", "Stolen"), ("location", downtown), ("service", text(perm))]).status == 404)
            #expect(try owner.post("/console/providers", [("name", "Stolen"), ("location", downtown), ("service", "nope")]).status == 404)
            #expect(try owner.post("/console/providers/\(text(rex))", [("name", "Stolen")]).status == 404)
            #expect(try owner.post("/console/providers/\(text(rex))", [("name", "")]).status == 404, "a bad name for another business's provider")
            #expect(try owner.post("/console/providers/\(text(rex))/remove").status == 404)
            #expect(try owner.post("/console/services/\(text(perm))/remove").status == 404)
            #expect(try owner.post("/console/locations/\(text(place))/remove").status == 404)

            let rival = try world.signIn(ConsoleWorld.rival)
            #expect(try rival.post("/console/providers", [("name", "Stolen"), ("location", downtown)]).status == 404)
            #expect(try rival.post("/console/providers", [("name", "Stolen"), ("location", text(place)), ("service", haircut)]).status == 404)
            #expect(try rival.post("/console/providers/\(text(salon.ava))", [("name", "Stolen")]).status == 404)
            #expect(try rival.post("/console/providers/\(text(salon.ava))/remove").status == 404)
            #expect(try rival.post("/console/services/\(haircut)/remove").status == 404)
            #expect(try rival.post("/console/locations/\(downtown)/remove").status == 404)
            #expect(try rival.post("/console/waitlist/\(text(entry))/remove").status == 404)
            #expect(try !rival.get("/console/hours").text.contains(text(salon.ava)) && rival.get("/console/hours").text.contains("Rival Sol"))

            #expect(try salon.scalar(String.self, snapshot) == before, "nothing changed")
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

    @Test func anotherBusinesssServicePriceAndDescriptionAreNeitherShownNorChanged() throws {
        try ConsoleWorld.with { world in
            let service = try world.salon.scalar(UUID.self, """
                INSERT INTO services (business_id, name, duration, description, price_minor, price_currency)
                VALUES ($1, 'Rival Perm', '60 minutes', 'Rival secret recipe', 9900, 'EUR') RETURNING id
                """, [world.other])
            let owner = try world.signIn()
            let list = try owner.get("/console/services")
            #expect(!list.text.contains("Rival secret recipe") && !list.text.contains("99.00") && !list.text.contains("value=\"EUR\""),
                    "another business's prices neither show nor choose the add form's currency")
            let priced = [("name", "Stolen"), ("duration_minutes", "30"), ("buffer_before_minutes", "0"), ("buffer_after_minutes", "0"),
                          ("slot_step_minutes", "15"), ("description", "Mine now"), ("price", "1.00"), ("currency", "USD")]
            #expect(try owner.post("/console/services/\(service.uuidString.lowercased())", priced).status == 404)
            #expect(try world.count("""
                SELECT count(*)::int FROM services WHERE id = $1 AND name = 'Rival Perm' AND description = 'Rival secret recipe'
                AND price_minor = 9900 AND price_currency = 'EUR'
                """, [service]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
        }
    }
}
