import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// `/book/{slug}` shows each service's price in the page's language and its
/// description where the customer chooses, and the price again beside the
/// chosen service; a service with neither shows neither.
@Suite("Prices and descriptions on the booking page")
struct ServicePriceTests {
    func describeHaircut(_ world: PagesWorld, price: Int = 3500, currency: String = "USD") throws {
        _ = try world.salon.pool.withConnection {
            try AdminTable.services.update(business: world.salon.seeded.businessID, id: world.salon.haircut, changes: """
                {"description": "Wash, cut & style.\\nAsk for <Ava>.", "price_minor": \(price), "price_currency": "\(currency)"}
                """, on: $0)
        }
    }

    @Test func theServiceStepShowsThePriceInThePagesLanguageAndTheDescription() throws {
        try PagesWorld.with { world in
            let plain = try world.request("GET", "/book/demo-salon")
            #expect(!plain.text.contains("class=\"price\"") && !plain.text.contains("service-description"), "no price or description set yet")

            try describeHaircut(world)
            let haircut = world.salon.haircut.uuidString.lowercased()
            let english = try world.request("GET", "/book/demo-salon", headers: [("Accept-Language", "en")])
            #expect(english.text.contains("<span class=\"price\">$35.00</span>"))
            #expect(english.text.contains("aria-describedby=\"about-\(haircut)\""))
            #expect(english.text.contains("<p class=\"service-description\" id=\"about-\(haircut)\">Wash, cut &amp; style.\nAsk for &lt;Ava&gt;.</p>"),
                    "escaped, line breaks kept for the stylesheet's pre-line")
            let spanish = try world.request("GET", "/book/demo-salon", headers: [("Accept-Language", "es")])
            #expect(spanish.text.contains("<span class=\"price\">35,00\u{00A0}US$</span>") && spanish.text.contains("lang=\"es\""))

            let chosen = try world.request("GET", "/book/demo-salon?service=\(haircut)", headers: [("Accept-Language", "es")])
            #expect(chosen.text.contains(", <span class=\"price\">35,00\u{00A0}US$</span>)"))
        }
    }

    @Test func aCurrencyWithoutDecimalsShowsNone() throws {
        try PagesWorld.with { world in
            try describeHaircut(world, price: 4500, currency: "JPY")
            let english = try world.request("GET", "/book/demo-salon", headers: [("Accept-Language", "en")])
            #expect(english.text.contains("<span class=\"price\">¥4,500</span>"))
            let spanish = try world.request("GET", "/book/demo-salon", headers: [("Accept-Language", "es")])
            #expect(spanish.text.contains("<span class=\"price\">4500\u{00A0}JPY</span>"))
        }
    }
}
