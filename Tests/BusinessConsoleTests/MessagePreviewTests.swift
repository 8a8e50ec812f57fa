import Vocabulary
import Booking
@testable import BusinessConsole
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// The editor's live preview (`…/preview/live`, the region the script
/// replaces) and the preview with one of the business's bookings: the same
/// lint, render and bounds as the Preview button, the booking read and
/// written as the sender does, CSRF on every request (another business's
/// booking: TenancyTests).
@Suite("Business console messages: live preview and previews with a booking")
struct MessagePreviewTests {
    static let path = MessagesTests.path
    static let live = path + "/preview/live"

    @Test func theLivePreviewAnswersTheRegionAloneWithLintAndRender() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let clean = try owner.post(Self.live, [("subject", "Soon"), ("text", "Live words, {{customer.name}}.\n")])
            #expect(clean.status == 200 && clean.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(clean.text.contains(#"class="preview-text">Live words, Jane Doe."#) && clean.text.contains("Preview updated."))
            #expect(!clean.text.contains("<html") && !clean.text.contains("<h1") && !clean.text.contains("name=\"csrf\""), "the region alone")
            #expect(clean.headers["Content-Security-Policy"]?.contains("default-src 'self'") == true && clean.headers["Cache-Control"] == "no-store")

            let typo = try owner.post(Self.live, [("subject", "Soon"), ("text", "Hello\nSee you {{customer.nickname}}\n")])
            #expect(typo.status == 422 && typo.text.contains("reminder.email.text:2:9") && typo.text.contains(#"data-line="2""#))
            #expect(!typo.text.contains("class=\"preview-text\"") && typo.text.contains("Preview not updated"))
            let broken = try owner.post(Self.live, [("subject", "s"), ("text", String(repeating: "x{{>reminder.email.text}}", count: 3))])
            #expect(broken.status == 422 && !broken.text.contains("role=\"alert\""), "a live update never takes over as an alert")
            #expect(try world.count("SELECT count(*)::int FROM message_template_versions") == 0, "a live preview stores nothing")

            let spanish = try owner.post("/console/messages/reminder/email/es/preview/live",
                                         [("subject", "Pronto"), ("text", "Hola {{customer.name}}\n")],
                                         headers: [("Origin", world.base), ("Sec-Fetch-Site", "same-origin"), ("Accept-Language", "es")])
            #expect(spanish.status == 200 && spanish.text.contains("Hola Lucía Fernández") && spanish.text.contains("Vista previa actualizada."))
        }
    }

    @Test func theLivePreviewNeedsASessionItsCSRFTokenAndThisSite() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let form = [("subject", "s"), ("text", "t\n")]
            #expect(try owner.post(Self.live, form, csrf: "").status == 403)
            let rival = try world.signIn(ConsoleWorld.rival)
            #expect(try owner.post(Self.live, form, csrf: rival.csrf).status == 403, "another session's token")
            #expect(try owner.post(Self.live, form, headers: [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")]).status == 403)
            let anonymous = try world.request("POST", Self.live, form: [("csrf", owner.csrf)] + form)
            #expect(anonymous.status == 303 && anonymous.headers["Location"] == "/console/sign-in")
            #expect(try owner.post("/console/messages/reminder/fax/en/preview/live", form).status == 404)
        }
    }

    @Test func aPreviewWithABookingShowsWhatItsCustomerWouldGet() throws {
        try ConsoleWorld.with { world in
            let booked = try world.salon.store.book(world.salon.request(world.salon.at(10, 30), provider: world.salon.ava))
            let id = booked.booking.id.uuidString.lowercased()
            // The reminder's lead is the business's first offset.
            try world.salon.pool.withConnection {
                try $0.execute("UPDATE businesses SET reminder_offsets = '{2 hours}' WHERE id = $1", [world.salon.seeded.businessID])
            }
            let owner = try world.signIn()
            let editor = try owner.get(Self.path)
            #expect(editor.text.contains(#"<option value="\#(id)">"#) && editor.text.contains("America/New_York · Haircut · Ada Lovelace · confirmed"))
            #expect(editor.text.contains(#"<option value="">Sample data</option>"#))

            let form = [("subject", "For {{customer.name}}"), ("text", "See you in {{reminder.lead}} for {{service.name}}: {{links.manage}}\n"),
                        ("booking", id)]
            let token = TestKeys.manageTokens.token(for: booked.booking.id)
            for target in [Self.path + "/preview", Self.live] {
                let preview = try owner.post(target, form)
                #expect(preview.status == 200 && preview.text.contains("For Ada Lovelace") && preview.text.contains("See you in 2 hours for Haircut")
                        && preview.text.contains("http://localhost/manage/\(token)") && !preview.text.contains("Jane Doe"), "\(target)")
                #expect(preview.text.contains("Preview with the booking of Ada Lovelace"))
            }
            #expect(try owner.post(Self.path + "/preview", form).text.contains(#"<option value="\#(id)" selected>"#), "the choice is kept")

            // In the language being edited, whatever the customer's.
            let spanish = try owner.post("/console/messages/reminder/email/es/preview", [("subject", "Hola {{customer.name}}"),
                                          ("text", "Faltan {{reminder.lead}}\n"), ("booking", id)])
            #expect(spanish.status == 200 && spanish.text.contains("Faltan 2 horas"))

            // "Send me a test" sends what the preview shows.
            let sent = try owner.post(Self.path + "/test", form)
            #expect(sent.status == 200 && world.mails.sent.last?.text.contains("See you in 2 hours for Haircut") == true)
            #expect(try world.count("SELECT count(*)::int FROM message_template_versions") == 0)
        }
    }

    @Test func theBookingsOfferedAreTheNextAndTheLastTwenty() throws {
        try ConsoleWorld.with { world in
            // Monday to Thursday, both providers, seven starts a day each: 56 bookings.
            var ids: [(start: Date, id: String)] = []
            for day in 0..<4 {
                for provider in [world.salon.ava, world.salon.ben] {
                    for (hour, minute) in [(9, 0), (9, 45), (10, 30), (11, 15), (13, 0), (13, 45), (14, 30)] {
                        let start = world.salon.at(hour, minute, days: day)
                        let booked = try world.salon.store.book(world.salon.request(start, provider: provider))
                        ids.append((start, booked.booking.id.uuidString.lowercased()))
                    }
                }
            }
            try world.salon.setDatabaseNow(world.salon.at(23, days: 1))
            let owner = try world.signIn()
            let page = try owner.get(Self.path).text
            let offered = ids.filter { page.contains(#"<option value="\#($0.id)""#) }
            #expect(offered.count == 40)
            let now = world.salon.at(23, days: 1)
            let upcoming = ids.filter { $0.start >= now }.sorted { $0.start < $1.start }
            let recent = ids.filter { $0.start < now }.sorted { $0.start > $1.start }
            #expect(Set(offered.map(\.id)) == Set((upcoming.prefix(20) + recent.prefix(20)).map(\.id)), "the nearest on both sides")
            let soonest = try #require(page.range(of: upcoming[0].id)), latestPast = try #require(page.range(of: recent[0].id))
            #expect(soonest.lowerBound < latestPast.lowerBound, "upcoming first")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func theLivePreviewKeepsTheTemplateBoundsWithABookingToo() throws {
        try ConsoleWorld.with { world in
            let booked = try world.salon.store.book(world.salon.request(world.salon.at(10), provider: world.salon.ava))
            let owner = try world.signIn()
            for booking in ["", booked.booking.id.uuidString] {
                let deep = String(repeating: "{{#customer}}", count: 10_000) + "x" + String(repeating: "{{/customer}}", count: 10_000)
                let nested = try owner.post(Self.live, [("subject", "s"), ("text", deep), ("booking", booking)])
                #expect(nested.status == 422 && nested.text.contains("id=\"problems\""))
                let bomb = String(repeating: "0123456789{{>reminder.email.text}}", count: 10)
                let huge = try owner.post(Self.live, [("subject", "s"), ("text", bomb), ("booking", booking)])
                #expect(huge.status == 422 && huge.body.count < 2_000_000, "no 10 MB answer")
            }
            #expect(try owner.get("/console").status == 200, "the server still answers")
        }
    }
}
