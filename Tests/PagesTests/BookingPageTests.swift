import Booking
import Foundation
import HTTPServer
import Postgres
import Scheduling
import Testing
import TestSupport

/// `/book/{slug}`: the steps, the signed form token that is also the
/// idempotency key, errors that keep the input, and the waitlist of a full day.
@Suite("The booking page")
struct BookingPageTests {
    /// The details step for Ava at `start`: the form token and the browser cookie.
    func detailsForm(_ world: PagesWorld, start: Date) throws -> (token: String, cookie: String, query: String) {
        let salon = world.salon
        let query = "service=\(salon.haircut.uuidString.lowercased())&location=\(salon.location.uuidString.lowercased())"
            + "&provider=\(salon.ava.uuidString.lowercased())"
        let page = try world.request("GET", "/book/demo-salon?\(query)&start=\(start.formatted(.iso8601))")
        #expect(page.status == 200 && page.text.contains(#"id="details-form""#))
        #expect(!page.text.contains("checked"), "consent boxes start unticked")
        let cookie = try #require(page.headers["Set-Cookie"]?.split(separator: ";").first.map(String.init))
        #expect(page.headers["Set-Cookie"]?.contains("HttpOnly") == true && page.headers["Set-Cookie"]?.contains("SameSite=Strict") == true)
        return (try #require(PagesWorld.field("form_token", in: page.text)), cookie, query)
    }

    func submit(_ world: PagesWorld, _ form: (token: String, cookie: String, query: String), start: Date,
                name: String = "Zoë <script>", email: String = "zoe@example.com", cookie: String? = nil) throws -> TestResponse {
        let salon = world.salon
        return try world.request("POST", "/book/demo-salon", headers: [("Origin", "http://localhost"), ("Cookie", cookie ?? form.cookie)], form: [
            ("form_token", form.token), ("service", salon.haircut.uuidString.lowercased()), ("location", salon.location.uuidString.lowercased()),
            ("provider", salon.ava.uuidString.lowercased()), ("start", start.formatted(.iso8601)),
            ("name", name), ("email", email), ("phone", ""), ("consent_email", "yes"), ("locale", "es"), ("website", ""),
        ])
    }

    @Test func theStepsLeadFromServiceToTheFreeStartsOfADay() throws {
        try PagesWorld.with { world in
            let first = try world.request("GET", "/book/demo-salon")
            #expect(first.status == 200 && first.text.contains(#"class="service-link""#) && first.text.contains("Haircut"))
            #expect(first.headers["Content-Security-Policy"] != nil)
            let salon = world.salon
            let service = "service=\(salon.haircut.uuidString.lowercased())"
            #expect(try world.request("GET", "/book/demo-salon?\(service)").text.contains(#"class="location-link""#))
            let location = "\(service)&location=\(salon.location.uuidString.lowercased())"
            let providers = try world.request("GET", "/book/demo-salon?\(location)")
            #expect(providers.text.contains(#"id="provider-any""#) && providers.text.contains("Ava") && providers.text.contains("Ben"))
            let day = salon.monday
            let key = String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
            let week = try world.request("GET", "/book/demo-salon?\(location)&provider=any&day=\(key)")
            #expect(week.text.contains(#"class="slot-link"#) && week.text.contains(#"id="next-week""#))
            #expect(week.text.contains(salon.at(9).formatted(.iso8601)))
            #expect(try world.request("GET", "/book/no-such-salon").status == 404)
        }
    }

    @Test func aSubmittedFormBooksOnceAndLandsOnTheManagePage() throws {
        try PagesWorld.with { world in
            let start = world.salon.at(10)
            let form = try detailsForm(world, start: start)
            let booked = try submit(world, form, start: start)
            #expect(booked.status == 303)
            let location = try #require(booked.headers["Location"])
            #expect(location.hasPrefix("/manage/") && location.hasSuffix("?done=booked"))
            // A double click: the same form token replays the first answer, nothing more is booked.
            let again = try submit(world, form, start: start)
            #expect(again.headers["Location"] == location)
            #expect(try world.salon.scalar(Int.self, "SELECT count(*)::int8 FROM bookings") == 1)
            #expect(try world.salon.scalar(String.self, "SELECT name FROM customers") == "Zoë <script>")
            #expect(try world.salon.scalar(String.self, "SELECT locale FROM customers") == "es")
            let manage = try world.request("GET", String(location))
            #expect(manage.status == 200 && manage.text.contains(#"lang="es""#) && manage.text.contains(#"id="flash""#))
        }
    }

    @Test func aFormWithoutItsCookieOrSignatureIsRefusedAndBooksNothing() throws {
        try PagesWorld.with { world in
            let start = world.salon.at(10)
            let form = try detailsForm(world, start: start)
            #expect(try submit(world, form, start: start, cookie: "booknow_browser=someoneelse0123456789").status == 403)
            var forged = form
            forged.token = String(form.token.dropLast(2)) + "AA"
            #expect(try submit(world, forged, start: start).status == 403)
            #expect(try world.salon.scalar(Int.self, "SELECT count(*)::int8 FROM bookings") == 0)
        }
    }

    @Test func errorsComeBackWithASummaryAndTheInputKept() throws {
        try PagesWorld.with { world in
            let start = world.salon.at(10)
            let form = try detailsForm(world, start: start)
            let refused = try submit(world, form, start: start, name: "", email: "not-an-address\"><b>")
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"id="error-summary""#) && refused.text.contains(##"href="#field-name""##))
            #expect(refused.text.contains(##"href="#field-email""##) && refused.text.contains(#"aria-invalid="true""#))
            #expect(refused.text.contains("not-an-address&quot;&gt;&lt;b&gt;"))
            #expect(try world.salon.scalar(Int.self, "SELECT count(*)::int8 FROM bookings") == 0)
        }
    }

    @Test func aTimeTakenMeanwhileOffersTheNearestFreeStarts() throws {
        try PagesWorld.with { world in
            let start = world.salon.at(10)
            let form = try detailsForm(world, start: start)
            _ = try world.book(at: 10)
            let taken = try submit(world, form, start: start)
            #expect(taken.status == 409)
            #expect(taken.text.contains(#"class="button alternative-link""#) && taken.text.contains(#"id="refusal""#))
            #expect(taken.text.contains("zoe@example.com"), "the input is kept")
        }
    }

    @Test func aFullDayOffersTheWaitlistAndJoiningLeadsToTheEntry() throws {
        try PagesWorld.with { world in
            let salon = world.salon
            // Sunday: nobody works, so nothing is free.
            let sunday = salon.monday.adding(days: 6)
            let key = String(format: "%04d-%02d-%02d", sunday.year, sunday.month, sunday.day)
            let query = "service=\(salon.haircut.uuidString.lowercased())&location=\(salon.location.uuidString.lowercased())&provider=any"
            let full = try world.request("GET", "/book/demo-salon?\(query)&day=\(key)")
            #expect(full.text.contains(#"id="day-full""#) && full.text.contains(#"id="waitlist-link""#))
            let form = try world.request("GET", "/book/demo-salon?\(query)&day=\(key)&waitlist=1")
            #expect(form.text.contains(#"id="waitlist-form""#))
            let token = try #require(PagesWorld.field("form_token", in: form.text))
            let cookie = try #require(form.headers["Set-Cookie"]?.split(separator: ";").first.map(String.init))
            let joined = try world.request("POST", "/book/demo-salon/waitlist", headers: [("Origin", "http://localhost"), ("Cookie", cookie)], form: [
                ("form_token", token), ("service", salon.haircut.uuidString.lowercased()), ("location", salon.location.uuidString.lowercased()),
                ("provider", "any"), ("day", key), ("name", "Grace"), ("email", "grace@example.com"), ("consent_email", "yes"),
            ])
            #expect(joined.status == 303)
            let entry = try #require(joined.headers["Location"])
            #expect(entry.hasPrefix("/waitlist/"))
            let page = try world.request("GET", entry)
            #expect(page.status == 200 && page.text.contains(#"id="ahead""#) && page.text.contains(#"id="leave-form""#))
            let entryToken = String(entry.dropFirst("/waitlist/".count).prefix(43))
            let left = try world.request("POST", "/waitlist/\(entryToken)/leave", headers: [("Origin", "http://localhost")],
                                         form: [("csrf", PagesFormToken.csrf(for: entryToken))])
            #expect(left.status == 303)
            #expect(try salon.scalar(String.self, "SELECT status FROM waitlist_entries") == "left")
        }
    }
}
