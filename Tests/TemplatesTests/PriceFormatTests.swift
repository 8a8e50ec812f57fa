import Foundation
import Templates
import Testing
import Vocabulary

/// A price is shown as the reader's locale writes money, and a message's
/// context carries it (and the description) formatted, or null.
@Suite struct PriceFormatTests {
    func price(_ minor: Int, _ currency: String) throws -> Price {
        try #require(Price(amountMinor: minor, currency: currency))
    }

    @Test func eachLocaleWritesMoneyItsOwnWay() throws {
        #expect(try price(3500, "USD").formatted(locale: "en") == "$35.00")
        #expect(try price(3500, "USD").formatted(locale: "es") == "35,00\u{00A0}US$")
        #expect(try price(3510, "EUR").formatted(locale: "es") == "35,10\u{00A0}€")
        #expect(try price(3510, "EUR").formatted(locale: "en") == "€35.10")
        #expect(try price(150_000, "USD").formatted(locale: "en") == "$1,500.00")
        #expect(try price(0, "USD").formatted(locale: "en") == "$0.00")
    }

    @Test func theCurrencysMinorDigitsDecideTheDecimals() throws {
        #expect(try price(1500, "JPY").formatted(locale: "en") == "¥1,500")
        #expect(try price(12_345, "BHD").formatted(locale: "en").contains("12.345"))
        #expect(try price(3500, "USD").formatted(locale: "es", plainSpaces: true) == "35,00 US$")
    }

    @Test func aMessageGetsThePriceInItsLocaleAndTheDescription() {
        let english = RenderContext.make(SampleData.input(kind: .bookingConfirmed, locale: "en"))
        #expect(english["service"]?["price"] == .string("$35.00"))
        #expect(english["service"]?["description"] == .string("Wash, cut and blow-dry."))
        let spanish = RenderContext.make(SampleData.input(kind: .reminder, locale: "es"))
        #expect(spanish["service"]?["price"] == .string("35,00 US$"), "plain spaces: a no-break space would make an SMS UCS-2")
        #expect(spanish["service"]?["description"] == .string("Lavado, corte y peinado."))

        var bare = SampleData.input(kind: .bookingConfirmed)
        bare.servicePrice = nil
        bare.serviceDescription = nil
        let context = RenderContext.make(bare)
        #expect(context["service"]?["price"] == .null && context["service"]?["description"] == .null)
        #expect(TemplateVariables.names(for: .waitlistOffer).isSuperset(of: ["service.price", "service.description"]))
    }
}
