import Testing
import Vocabulary

/// Prices typed the locale-neutral way become whole minor units of the
/// currency, and back, with ISO 4217's minor digits.
@Suite struct PriceTests {
    @Test(arguments: [
        ("35.00", "USD", 3500), ("35", "USD", 3500), ("35.5", "USD", 3550), ("0.01", "EUR", 1), ("0", "USD", 0),
        ("1500", "JPY", 1500), ("12.345", "BHD", 12345), ("999999999.99", "USD", 99_999_999_999),
    ])
    func aTypedDecimalBecomesMinorUnits(text: String, currency: String, minor: Int) throws {
        let price = try #require(Price(decimal: text, currency: currency))
        #expect(price.amountMinor == minor && price.currency == currency)
    }

    @Test(arguments: [
        ("35,00", "USD"), ("35.001", "USD"), ("35.", "USD"), (".5", "USD"), ("-1", "USD"), ("+1", "USD"), ("1e3", "USD"), ("", "USD"),
        ("1 000", "USD"), ("35.5", "JPY"), ("35.00", "usd"), ("35.00", "XYZ"), ("35.00", "US"), ("١٢", "USD"),
        ("10000000000.00", "USD"), ("99999999999999999999", "JPY"),
    ])
    func anythingElseIsRefused(text: String, currency: String) {
        #expect(Price(decimal: text, currency: currency) == nil)
    }

    @Test func theDecimalFormShowsEveryMinorDigit() throws {
        #expect(try #require(Price(amountMinor: 3500, currency: "USD")).decimal == "35.00")
        #expect(try #require(Price(amountMinor: 5, currency: "EUR")).decimal == "0.05")
        #expect(try #require(Price(amountMinor: 1500, currency: "JPY")).decimal == "1500")
        #expect(try #require(Price(amountMinor: 12_005, currency: "KWD")).decimal == "12.005")
    }

    @Test func onlyCurrentISOCodesInCapitalsAreCurrencies() {
        #expect(Price.isCurrency("USD") && Price.isCurrency("EUR") && Price.isCurrency("MXN") && Price.isCurrency("JPY"))
        #expect(!Price.isCurrency("usd") && !Price.isCurrency("XYZ") && !Price.isCurrency("US") && !Price.isCurrency("USDD"))
        #expect(Price(amountMinor: -1, currency: "USD") == nil && Price(amountMinor: 1, currency: "ABC") == nil)
        #expect(Price.minorDigits(of: "USD") == 2 && Price.minorDigits(of: "JPY") == 0 && Price.minorDigits(of: "BHD") == 3)
    }
}
