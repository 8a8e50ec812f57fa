import Foundation
public import Vocabulary

extension Price {
    /// The price as `locale` writes money, with exactly the currency's minor
    /// digits: "$35.00" in `en`, "35,00 US$" in `es`, "¥1,500" for JPY.
    /// Foundation's currency format (ICU's data), so symbols, separators and
    /// the symbol's place follow the locale.
    ///
    /// ICU separates amount and symbol with a no-break space (U+00A0), right
    /// on a page; `plainSpaces` makes them ordinary spaces for messages, as
    /// `LocalizedMoment` does for times: outside GSM-7, one would turn an SMS
    /// into a 70-character UCS-2 message.
    public func formatted(locale identifier: String, plainSpaces: Bool = false) -> String {
        let digits = Self.minorDigits(of: currency)
        let amount = Decimal(sign: .plus, exponent: -digits, significand: Decimal(amountMinor))
        let text = amount.formatted(.currency(code: currency).locale(Locale(identifier: identifier)).precision(.fractionLength(digits)))
        guard plainSpaces else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{00A0}" || $0 == "\u{202F}" ? " " : $0 }))
    }
}
