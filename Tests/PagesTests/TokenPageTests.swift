import Booking
import Foundation
import HTTPServer
import Postgres
import Web
import Scheduling
import Testing
import TestSupport

/// The pages a customer reaches from a message's links: what they show, the
/// headers that keep tokens private, and that only a genuine form acts.
@Suite("Customer token pages")
struct TokenPageTests {
    @Test func theManagePageShowsTheBookingEscapedWithPrivateHeaders() throws {
        try PagesWorld.with { world in
            let booked = try world.book(at: 10)
            try world.salon.pool.withConnection {
                try $0.execute("UPDATE providers SET name = $1 WHERE id = $2", [#"<script>alert("x")</script> ‏עברית 💇"#, world.salon.ava])
            }
            let page = try world.request("GET", "/manage/\(booked.manageToken)")
            #expect(page.status == 200)
            #expect(page.text.contains("Haircut"))
            #expect(page.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("עברית 💇"))
            #expect(page.text.contains(#"id="cancel-link""#) && page.text.contains(#"id="reschedule-link""#))
            #expect(page.headers["Referrer-Policy"] == "no-referrer")
            #expect(page.headers["Cache-Control"] == "no-store")
            #expect(page.headers["X-Content-Type-Options"] == "nosniff")
            let policy = try #require(page.headers["Content-Security-Policy"])
            #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'") && policy.contains("form-action 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(page.text.contains(#"<meta name="robots" content="noindex, nofollow">"#))
        }
    }

    @Test func unknownAndMalformedTokensAnswerTheSameNotFoundPage() throws {
        try PagesWorld.with { world in
            var generator = SystemRandomNumberGenerator()
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            var bodies: Set<String> = []
            for index in 0..<1000 {
                let length = index % 10 == 0 ? Int.random(in: 1...80, using: &generator) : 43
                let token = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
                let path = ["/manage/", "/offers/", "/waitlist/"][index % 3] + token
                let page = try world.request("GET", path)
                #expect(page.status == 404)
                bodies.insert(page.text)
            }
            #expect(bodies.count == 1, "every unknown token gets the same page")
            let spanish = try world.request("GET", "/manage/nope", headers: [("Accept-Language", "es-ES,es;q=0.9")])
            #expect(spanish.status == 404 && spanish.text.contains("lang=\"es\"") && spanish.text.contains("Este enlace no funciona"))
        }
    }

    @Test func cancellingNeedsTheFormsOwnTokenAndTheSameOrigin() throws {
        try PagesWorld.with { world in
            let booked = try world.book(at: 10)
            let other = try world.book(at: 14)
            let page = try world.request("GET", "/manage/\(booked.manageToken)/cancel")
            #expect(page.status == 200)
            let csrf = try #require(PagesWorld.field("csrf", in: page.text))
            let otherCSRF = try #require(PagesWorld.field("csrf", in: try world.request("GET", "/manage/\(other.manageToken)/cancel").text))
            let path = "/manage/\(booked.manageToken)/cancel"
            let refused = [
                try world.request("POST", path, headers: [("Origin", "http://localhost")], form: []),
                try world.request("POST", path, headers: [("Origin", "http://localhost")], form: [("csrf", (csrf.first == "A" ? "B" : "A") + csrf.dropFirst())]),
                try world.request("POST", path, headers: [("Origin", "http://localhost")], form: [("csrf", otherCSRF)]),
                try world.request("POST", path, headers: [("Origin", "https://evil.example")], form: [("csrf", csrf)]),
                try world.request("POST", path, headers: [("Sec-Fetch-Site", "cross-site")], form: [("csrf", csrf)]),
            ]
            #expect(refused.map(\.status) == [403, 403, 403, 403, 403])
            #expect(try world.status(of: booked.booking.id) == "confirmed")

            let done = try world.request("POST", path, headers: [("Origin", "http://localhost"), ("Sec-Fetch-Site", "same-origin")],
                                         form: [("csrf", csrf), ("reason", "<b>ill</b>")])
            #expect(done.status == 303)
            #expect(done.headers["Location"] == "/manage/\(booked.manageToken)?done=cancelled")
            #expect(try world.status(of: booked.booking.id) == "cancelled")
            #expect(try world.status(of: other.booking.id) == "confirmed")
            let after = try world.request("GET", "/manage/\(booked.manageToken)?done=cancelled")
            #expect(after.text.contains(#"id="flash""#) && !after.text.contains(#"id="cancel-link""#))
        }
    }

    @Test func insideTheNoticeThePagesSaySoAndRefuse() throws {
        try PagesWorld.with { world in
            let booked = try world.book(at: 10)
            // The database clock an hour before the appointment: inside the 24 h notice.
            try world.salon.setDatabaseNow(world.salon.at(9))
            let page = try world.request("GET", "/manage/\(booked.manageToken)")
            #expect(page.text.contains(#"id="notice-passed""#) && !page.text.contains(#"id="cancel-link""#))
            #expect(page.text.contains("+12125550100"))
            let cancel = try world.request("GET", "/manage/\(booked.manageToken)/cancel")
            #expect(!cancel.text.contains(#"id="cancel-form""#))
            // The form is not offered; a POST made anyway (a page left open) is refused with the reason.
            let post = try world.request("POST", "/manage/\(booked.manageToken)/cancel", headers: [("Origin", "http://localhost")],
                                         form: [("csrf", PagesFormToken.csrf(for: booked.manageToken))])
            #expect(post.status == 409)
            #expect(post.text.contains(#"id="refusal""#))
            #expect(try world.status(of: booked.booking.id) == "confirmed")
        }
    }

    @Test func reschedulingThroughThePickerMovesTheBooking() throws {
        try PagesWorld.with { world in
            let booked = try world.book(at: 10)
            let day = world.salon.monday
            let key = String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
            let page = try world.request("GET", "/manage/\(booked.manageToken)/reschedule?day=\(key)")
            #expect(page.status == 200)
            #expect(page.text.contains(#"class="day-link chosen""#))
            let csrf = try #require(PagesWorld.field("csrf", in: page.text))
            let target = world.salon.at(15)
            #expect(page.text.contains(target.formatted(.iso8601)))
            let moved = try world.request("POST", "/manage/\(booked.manageToken)/reschedule", headers: [("Origin", "http://localhost")],
                                          form: [("csrf", csrf), ("start", target.formatted(.iso8601))])
            #expect(moved.status == 303 && moved.headers["Location"] == "/manage/\(booked.manageToken)?done=rescheduled")
            #expect(try world.salon.scalar(Date.self, "SELECT starts_at FROM bookings WHERE id = $1", [booked.booking.id]) == target)
            // A taken time: refused with the nearest free starts offered.
            _ = try world.book(at: 11)
            let taken = try world.request("POST", "/manage/\(booked.manageToken)/reschedule", headers: [("Origin", "http://localhost")],
                                          form: [("csrf", csrf), ("start", world.salon.at(11).formatted(.iso8601))])
            #expect(taken.status == 409 && taken.text.contains(#"id="alternatives""#))
            let calendar = try world.request("GET", "/manage/\(booked.manageToken)/calendar.ics")
            #expect(calendar.status == 200 && calendar.headers["Content-Type"]?.hasPrefix("text/calendar") == true)
            #expect(calendar.text.contains("SEQUENCE:2") && calendar.text.contains("METHOD:PUBLISH"))
        }
    }
}

/// The CSRF token a page would carry, made the way the pages make it.
enum PagesFormToken {
    static func csrf(for subject: String) -> String {
        FormGuardForTests.guard.token(for: subject)
    }
}
