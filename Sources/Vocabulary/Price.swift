import Foundation

/// What a service costs: a whole amount in the currency's minor unit (cents
/// for USD, yen for JPY, fils for BHD) and its ISO 4217 code, as the services
/// table stores them (`price_minor`, `price_currency`).
///
/// Integers, never floating point, so 35.10 stays 3510. How many minor digits
/// a currency has comes from ISO 4217 (`minorDigits`); it decides how a typed
/// decimal becomes an amount and how an amount is shown.
public struct Price: Sendable, Hashable, Codable {
    public let amountMinor: Int
    public let currency: String

    /// The largest amount the schema takes (exact in a JSON number).
    public static let maxAmountMinor = 999_999_999_999

    /// nil unless `currency` is a current ISO 4217 code and the amount is in range.
    public init?(amountMinor: Int, currency: String) {
        guard (0...Self.maxAmountMinor).contains(amountMinor), Self.isCurrency(currency) else { return nil }
        self.amountMinor = amountMinor
        self.currency = currency
    }

    /// A price as the table holds it, unchecked: the schema kept its shape.
    public init(stored amountMinor: Int, currency: String) {
        self.amountMinor = amountMinor
        self.currency = currency
    }

    /// A current ISO 4217 code, in upper case ("USD", "EUR"; not "usd", not "XYZ").
    public static func isCurrency(_ code: String) -> Bool {
        code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase } && Locale.commonISOCurrencyCodes.contains(code)
    }

    /// Digits after the decimal point in the currency's minor unit, from ISO
    /// 4217's table: 2 unless listed.
    public static func minorDigits(of currency: String) -> Int {
        if noMinorUnit.contains(currency) { return 0 }
        if threeMinorDigits.contains(currency) { return 3 }
        if currency == "CLF" || currency == "UYW" { return 4 }
        return 2
    }

    /// Minor units in one unit of the currency: 100 for USD, 1 for JPY, 1,000 for BHD.
    public static func minorUnitsPerUnit(of currency: String) -> Int {
        (0..<minorDigits(of: currency)).reduce(1) { value, _ in value * 10 }
    }

    static let noMinorUnit: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    static let threeMinorDigits: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    /// Reads an amount typed the locale-neutral way: digits, optionally a
    /// point and at most the currency's minor digits ("35", "35.5", "35.00";
    /// not "35,00", "-1" or "1e3"). nil when it is not such a number, has
    /// more decimals than the currency or is out of range.
    public init?(decimal text: String, currency: String) {
        let digits = Self.minorDigits(of: currency)
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 12,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= digits, parts.count == 1 || !fraction.isEmpty,
              fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
              let units = Int(whole) else { return nil }
        let padded = fraction + String(repeating: "0", count: digits - fraction.count)
        guard let cents = padded.isEmpty ? 0 : Int(padded) else { return nil }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: Self.minorUnitsPerUnit(of: currency))
        guard !overflow else { return nil }
        self.init(amountMinor: scaled + cents, currency: currency)
    }

    /// The amount the way `init(decimal:currency:)` reads it, with every minor
    /// digit ("35.00", "1500" for JPY): what a form shows to be edited.
    public var decimal: String {
        let digits = Self.minorDigits(of: currency)
        guard digits > 0 else { return String(amountMinor) }
        let scale = Self.minorUnitsPerUnit(of: currency)
        let fraction = String(amountMinor % scale)
        return "\(amountMinor / scale).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }
}
